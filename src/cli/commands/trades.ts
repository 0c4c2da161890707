import { type BotTrades, botTrades } from '../../fleet/index.js';
import type { RoundTrip } from '../../runner/index.js';
import { fixed, isoDate, signedColor, table } from '../render.js';
import { color, stdout } from '../terminal.js';
import { withFleetStore } from './fleet-store.js';
import { type WindowFlags, windowQuery } from './window-flags.js';

/**
 * `fleet trades <bot> [--since] [--limit] [--json]`: the bot's closed round trips (flat → position
 * → flat, as fleet pnl counts them), oldest first, then the position still open, if any.
 */
export async function tradesCommand(bot: string, flags: WindowFlags & { json?: boolean }): Promise<void> {
  const query = windowQuery(flags);
  const result = await withFleetStore((store) => botTrades(store, bot, query));
  if (flags.json) {
    stdout.json(toJson(result));
    return;
  }
  if (result.closed.length === 0) stdout.line(`${result.bot} has closed no round trip${windowText(result)}`);
  else stdout.line(tripTable(result.closed));
  const { totals } = result;
  if (totals.trades > 0) {
    stdout.line(
      `${totals.trades} closed${windowText(result)}, ${totals.wins} won; P&L ${signedColor(fixed(totals.pnl), totals.pnl)} after ${fixed(totals.fees)} fees`,
    );
  }
  const { open } = result;
  if (open !== null) {
    stdout.line(
      `open: ${open.side} ${quantity(open.quantity)} ${result.symbol} at ${fixed(open.avgPrice)} since ${isoDate(open.entryTime)} (fees so far ${fixed(open.fees)})`,
    );
  }
  stdout.line(color.dim('times are on the bot’s own clock (the sandbox runs a compressed one)'));
}

function tripTable(trips: readonly RoundTrip[]): string {
  return table(trips, [
    { header: 'SIDE', value: (t) => t.side },
    { header: 'ENTRY TIME', value: (t) => isoDate(t.entryTime) },
    { header: 'ENTRY', value: (t) => fixed(t.entryPrice), align: 'right' },
    { header: 'EXIT TIME', value: (t) => isoDate(t.exitTime) },
    { header: 'EXIT', value: (t) => fixed(t.exitPrice), align: 'right' },
    { header: 'QUANTITY', value: (t) => quantity(t.quantity), align: 'right' },
    { header: 'FEES', value: (t) => fixed(t.fees), align: 'right' },
    { header: 'P&L', value: (t) => signedColor(fixed(t.pnl), t.pnl), align: 'right' },
  ]);
}

function windowText(result: BotTrades): string {
  return result.since === null ? '' : ` since ${result.since.toISOString()}`;
}

function toJson(result: BotTrades) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...result,
    since: result.since?.toISOString() ?? null,
    closed: result.closed.map((trip) => ({ ...trip, entryTime: iso(trip.entryTime), exitTime: iso(trip.exitTime) })),
    open: result.open === null ? null : { ...result.open, entryTime: iso(result.open.entryTime) },
  };
}

/** Six significant digits. */
const quantity = (value: number): string => String(Number(value.toPrecision(6)));
