import { alertStaleHeartbeats, type BotStatus, fleetStatus } from '../../fleet/index.js';
import { fleetCommand } from '../invocation.js';
import { fixed, signedColor, table, tradeCount } from '../render.js';
import { color, stderr, stdout } from '../terminal.js';
import { withFleetStore } from './fleet-store.js';

/**
 * `fleet ls [--json]`: every registered bot, its mode, state, position, trades, equity and flags; a
 * runner whose heartbeat is older than three intervals shows as stale, and is alerted once. P&L
 * TODAY is since the start of each bot's trading day on its own clock; a footnote says which day
 * that is on which clock (a sandbox bot's day passes in seconds at high --speed).
 */
export async function lsCommand(flags: { json?: boolean }): Promise<void> {
  const rows = await withFleetStore(async (store) => {
    // A runner that stopped beating is alerted once (in the database), by whoever notices first.
    // Listing comes first: an alert that cannot be written (a read-only role) is only a warning.
    const stale = await alertStaleHeartbeats(store).catch((error: unknown) => {
      stderr.warn(`could not record stale heartbeats: ${(error as Error).message?.split('\n')[0] ?? error}`);
      return [];
    });
    for (const runner of stale)
      stderr.warn(
        `${runner.bot}: no heartbeat for ${Math.round(runner.ageMs / 1000)} s: its runner has died or hangs (alert recorded)`,
      );
    return fleetStatus(store);
  });
  if (flags.json) {
    stdout.json({ bots: rows.map(toJson) });
    return;
  }
  if (rows.length === 0) {
    stdout.line(`no bots registered (declare them in fleet.config.json, then ${fleetCommand()} register)`);
    return;
  }
  stdout.line(
    table(rows, [
      { header: 'BOT', value: (r) => r.name },
      { header: 'MODE', value: (r) => (r.mode === 'live' ? color.magenta('live') : 'paper') },
      { header: 'STATUS', value: (r) => (r.stale ? color.red('stale') : r.status) },
      { header: 'EXCHANGE', value: (r) => r.exchange },
      { header: 'SYMBOL', value: (r) => r.symbol },
      { header: 'POSITION', value: (r) => quantity(r.position), align: 'right' },
      { header: 'TRADES', value: (r) => tradeCount(r.trades.closed, r.trades.open), align: 'right' },
      { header: 'EQUITY', value: (r) => fixed(r.equity), align: 'right' },
      {
        header: 'P&L TODAY*',
        value: (r) => (r.pnlToday === null ? '-' : signedColor(fixed(r.pnlToday), r.pnlToday)),
        align: 'right',
      },
      { header: 'HEARTBEAT', value: (r) => (r.stale ? color.red(age(r.heartbeatAgeMs)) : age(r.heartbeatAgeMs)) },
      { header: 'FLAGS', value: flagText },
    ]),
  );
  stdout.line(todayNote(rows));
}

/** Which day "today" is for the bots shown, on which clock. */
function todayNote(rows: readonly BotStatus[]): string {
  const days = (clock: BotStatus['clock']) => [
    ...new Set(rows.filter((r) => r.clock === clock && r.day !== null).map((r) => r.day)),
  ];
  const parts: string[] = [];
  const wall = days('wall');
  if (wall.length > 0) parts.push(`${wall.join(', ')} for exchange bots (their venue's date: UTC for crypto)`);
  const sandbox = days('sandbox');
  if (sandbox.length > 0) {
    parts.push(
      `${sandbox.join(', ')} on the sandbox's compressed clock for sandbox bots (at --speed, a day passes in seconds)`,
    );
  }
  const which = parts.length === 0 ? '' : `: ${parts.join('; ')}`;
  return color.dim(`* P&L TODAY: equity change since the start of each bot's trading day on its own clock${which}`);
}

function toJson(row: BotStatus) {
  return { ...row, heartbeatAt: row.heartbeatAt?.toISOString() ?? null };
}

function flagText(row: BotStatus): string {
  const parts: string[] = [];
  if (row.flags.globalKillSwitch) parts.push(color.red('KILLED (global)'));
  if (row.flags.killSwitch) parts.push(color.red('KILLED'));
  if (row.flags.halted) parts.push(color.red(`HALTED${row.haltedReason ? `: ${row.haltedReason}` : ''}`));
  if (row.flags.paused) parts.push(color.yellow('paused'));
  return parts.length === 0 ? '-' : parts.join(', ');
}

/** 42s, 5m, 3h, 2d ago; '-' when never. */
function age(ms: number | null): string {
  if (ms === null) return '-';
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s}s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)}m ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

/** Six significant digits: a position of 11.932169266522981 reads as 11.9322. */
function quantity(value: number): string {
  return value === 0 ? '0' : String(Number(value.toPrecision(6)));
}
