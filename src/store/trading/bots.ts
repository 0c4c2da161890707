import { type Selectable, sql } from 'kysely';
import type { BotsTable } from '../schema.js';
import type { Store } from '../store.js';
import { insertEvent } from './events.js';
import { unknownBot } from './unknown-bot.js';

export type BotMode = 'paper' | 'live';

/** A bot as fleet.config.json declares it (never secrets). */
export interface BotDeclaration {
  readonly name: string;
  readonly spec: unknown;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly symbol: string;
  readonly exchange: string;
  readonly timeframe: string;
  readonly capital: number;
  readonly risk: Readonly<Record<string, unknown>>;
  readonly config: Readonly<Record<string, unknown>>;
}

export interface BotRecord extends BotDeclaration {
  readonly mode: BotMode;
  readonly status: string;
  /** The start of the bot's current paper (or live) record. */
  readonly modeSince: Date;
  readonly createdAt: Date;
  /** When the declaration or the mode last changed (status changes do not count). */
  readonly updatedAt: Date;
}

/**
 * Upserts each bot in one transaction. A new bot starts in paper mode, with its bot_flags row
 * (all clear) and its bot_runtime row holding cash = capital. An existing bot keeps its mode,
 * flags and runtime; only its declaration is replaced. `updated` names the existing bots whose
 * declaration actually changed (an identical declaration is left untouched).
 */
export function registerBots(
  store: Store,
  bots: readonly BotDeclaration[],
): Promise<{ created: string[]; updated: string[] }> {
  return store.db.transaction().execute(async (tx) => {
    const created: string[] = [];
    const updated: string[] = [];
    for (const bot of bots) {
      const declared = {
        spec: JSON.stringify(bot.spec ?? null),
        params: JSON.stringify(bot.params),
        symbol: bot.symbol,
        exchange: bot.exchange,
        timeframe: bot.timeframe,
        capital: String(bot.capital),
        risk: JSON.stringify(bot.risk),
        config: JSON.stringify(bot.config),
      };
      const inserted = await tx
        .insertInto('bots')
        .values({ name: bot.name, mode: 'paper', ...declared })
        .onConflict((oc) => oc.column('name').doNothing())
        .returning('name')
        .executeTakeFirst();
      if (inserted !== undefined) {
        created.push(bot.name);
      } else {
        const changed = await tx
          .updateTable('bots')
          .set({ ...declared, updated_at: sql<Date>`now()` })
          .where('name', '=', bot.name)
          .where(
            sql<boolean>`(spec, params, symbol, exchange, timeframe, capital, risk, config) IS DISTINCT FROM
              (${declared.spec}::jsonb, ${declared.params}::jsonb, ${declared.symbol}::text, ${declared.exchange}::text,
               ${declared.timeframe}::text, ${declared.capital}::numeric, ${declared.risk}::jsonb, ${declared.config}::jsonb)`,
          )
          .returning('name')
          .executeTakeFirst();
        if (changed !== undefined) updated.push(bot.name);
      }
      await tx
        .insertInto('bot_flags')
        .values({ bot: bot.name })
        .onConflict((oc) => oc.column('bot').where('bot', 'is not', null).doNothing())
        .execute();
      await tx
        .insertInto('bot_runtime')
        .values({ bot: bot.name, cash: String(bot.capital) })
        .onConflict((oc) => oc.column('bot').doNothing())
        .execute();
    }
    return { created, updated };
  });
}

export async function getBot(store: Store, name: string): Promise<BotRecord | undefined> {
  const row = await store.db.selectFrom('bots').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : toBotRecord(row);
}

/** Every bot, by name. */
export async function listBots(store: Store): Promise<BotRecord[]> {
  const rows = await store.db.selectFrom('bots').selectAll().orderBy('name').execute();
  return rows.map(toBotRecord);
}

/**
 * Changes the bot's mode and mode_since and records an event (kind `promoted` to live or
 * `demoted` to paper, level `alert`, data {actor, reason, from, to}) in the same transaction.
 * Setting the mode a bot already has changes nothing and records nothing. Unknown bot: UsageError.
 */
export function setBotMode(
  store: Store,
  name: string,
  mode: BotMode,
  audit: { actor: string; reason: string },
): Promise<void> {
  return store.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('bots').select('mode').where('name', '=', name).forUpdate().executeTakeFirst();
    if (row === undefined) throw await unknownBot(tx, name);
    if (row.mode === mode) return;
    await tx
      .updateTable('bots')
      .set({ mode, mode_since: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('name', '=', name)
      .execute();
    const kind = mode === 'live' ? 'promoted' : 'demoted';
    await insertEvent(tx, {
      bot: name,
      level: 'alert',
      kind,
      message: `${name} ${kind} from ${row.mode} to ${mode} by ${audit.actor}: ${audit.reason}`,
      data: { actor: audit.actor, reason: audit.reason, from: row.mode, to: mode },
    });
  });
}

/** Sets the bot's status in `bots` and in `bot_runtime` together. Unknown bot: UsageError. */
export function setBotStatus(store: Store, name: string, status: string): Promise<void> {
  return store.db.transaction().execute(async (tx) => {
    const found = await tx.updateTable('bots').set({ status }).where('name', '=', name).executeTakeFirst();
    if (found.numUpdatedRows === 0n) throw await unknownBot(tx, name);
    await tx.updateTable('bot_runtime').set({ status }).where('bot', '=', name).execute();
  });
}

function toBotRecord(row: Selectable<BotsTable>): BotRecord {
  return {
    name: row.name,
    spec: row.spec,
    params: row.params as BotRecord['params'],
    symbol: row.symbol,
    exchange: row.exchange,
    timeframe: row.timeframe,
    capital: Number(row.capital),
    risk: row.risk as BotRecord['risk'],
    config: row.config as BotRecord['config'],
    mode: row.mode,
    status: row.status,
    modeSince: row.mode_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
