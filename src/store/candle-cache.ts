import { sql } from 'kysely';
import pg from 'pg';
import { type CandleCache, type CandleKey, type Candles, isTimeframe } from '../core/index.js';
import { CHUNK_BARS, decodeChunks, encodeChunk } from './candle-chunks.js';
import { internalsOf, type Store } from './store.js';

/** Chunks per INSERT: a few large rows per statement keeps both round trips and statements small. */
const CHUNKS_PER_INSERT = 4;

/**
 * Candles in the `candles` table, in chunks of up to 50,000 bars (one bytea per chunk). A put
 * replaces the key's chunks in one transaction; a get is one query.
 */
export class StoreCandleCache implements CandleCache {
  constructor(
    private readonly store: Store,
    private readonly chunkBars = CHUNK_BARS,
  ) {}

  async get(key: CandleKey): Promise<Candles | undefined> {
    // Straight through pg in binary format: bytea arrives as raw bytes, with no hex to decode.
    // pg mis-parses binary results of a query with parameters, so the key goes in as escaped
    // literals (pg's own escaping).
    const [source, symbol, timeframe] = [key.source, key.symbol, key.timeframe].map(pg.escapeLiteral);
    const query: pg.QueryArrayConfig & { binary: boolean } = {
      text: `SELECT bars, data FROM candles WHERE source = ${source} AND symbol = ${symbol} AND timeframe = ${timeframe} ORDER BY chunk_start`,
      values: [],
      rowMode: 'array',
      binary: true,
    };
    const result = await internalsOf(this.store).pool.query<[number, Buffer]>(query);
    if (result.rows.length === 0) return undefined;
    return decodeChunks(result.rows.map(([bars, data]) => ({ bars, data })));
  }

  async put(key: CandleKey, candles: Candles): Promise<void> {
    await this.store.db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('candles')
        .where('source', '=', key.source)
        .where('symbol', '=', key.symbol)
        .where('timeframe', '=', key.timeframe)
        .execute();
      const starts: number[] = [];
      for (let start = 0; start < candles.length; start += this.chunkBars) starts.push(start);
      for (let i = 0; i < starts.length; i += CHUNKS_PER_INSERT) {
        const rows = starts.slice(i, i + CHUNKS_PER_INSERT).map((start) => {
          const end = Math.min(start + this.chunkBars, candles.length);
          return sql`(${key.source}, ${key.symbol}, ${key.timeframe}, ${candles.time[start]}, ${end - start}, ${encodeChunk(candles, start, end)})`;
        });
        await sql`INSERT INTO candles (source, symbol, timeframe, chunk_start, bars, data) VALUES ${sql.join(rows)}`.execute(
          tx,
        );
      }
    });
  }

  async list(): Promise<CandleKey[]> {
    const rows = await this.store.db
      .selectFrom('candles')
      .select(['source', 'symbol', 'timeframe'])
      .distinct()
      .orderBy('source')
      .orderBy('symbol')
      .orderBy('timeframe')
      .execute();
    return rows.flatMap((row) => (isTimeframe(row.timeframe) ? [{ ...row, timeframe: row.timeframe }] : []));
  }
}
