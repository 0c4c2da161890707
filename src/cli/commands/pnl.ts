import { type BotPnl, fleetPnl, parseSince } from '../../fleet/index.js';
import { fixed, signedColor, table, tradeCount } from '../render.js';
import { stdout } from '../terminal.js';
import { withFleetStore } from './fleet-store.js';

/** `fleet pnl [--since 2026-11-01|24h|7d] [--json]`: realised and unrealised P&L per bot, with totals. */
export async function pnlCommand(flags: { since?: string; json?: boolean }): Promise<void> {
  const since = flags.since === undefined ? undefined : parseSince(flags.since);
  const result = await withFleetStore((store) => fleetPnl(store, since === undefined ? {} : { since }));
  if (flags.json) {
    stdout.json({ ...result, since: result.since?.toISOString() ?? null });
    return;
  }
  stdout.line(`since ${result.since === null ? 'the start' : result.since.toISOString()}`);
  if (result.bots.length === 0) {
    stdout.line('no bots registered');
    return;
  }
  const money = (pick: (row: BotPnl) => number) => (row: BotPnl) => signedColor(fixed(pick(row)), pick(row));
  const total: BotPnl = { bot: 'TOTAL', mode: 'paper', symbol: '', ...result.totals };
  stdout.line(
    table(
      [...result.bots, total],
      [
        { header: 'BOT', value: (r) => r.bot },
        { header: 'MODE', value: (r) => (r === total ? '' : r.mode) },
        { header: 'SYMBOL', value: (r) => r.symbol },
        { header: 'TRADES', value: (r) => tradeCount(r.tradesClosed, r.tradesOpen), align: 'right' },
        { header: 'WINS', value: (r) => String(r.wins), align: 'right' },
        { header: 'REALISED', value: money((r) => r.realised), align: 'right' },
        { header: 'FEES', value: (r) => fixed(r.fees), align: 'right' },
        { header: 'UNREALISED', value: money((r) => r.unrealised), align: 'right' },
        { header: 'EQUITY', value: (r) => fixed(r.equity), align: 'right' },
        { header: 'CHANGE', value: money((r) => r.equityChange), align: 'right' },
      ],
    ),
  );
}
