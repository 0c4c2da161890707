import { type BotPnl, type BotStatus, fleetPnl, fleetStatus } from '../fleet/index.js';
import { readFlags, type Store } from '../store/index.js';

/** One bot on the fleet page: its `fleet ls` row and its whole-history `fleet pnl` row. */
export interface FleetRow extends BotStatus {
  /** `fleet pnl` without a window: realised and unrealised P&L, and equity minus capital. */
  readonly pnlTotal: Omit<BotPnl, 'bot' | 'mode' | 'symbol'>;
}

export interface FleetView {
  /** When the view was read (epoch ms, the dashboard's wall clock): heartbeat ages count from it. */
  readonly now: number;
  readonly bots: FleetRow[];
  /** The fleet-wide kill switch (every bot's row carries it too; here for a fleet with no bot). */
  readonly globalKillSwitch: boolean;
  readonly totals: FleetViewTotals;
}

export interface FleetViewTotals {
  readonly equity: number;
  /** Sum of the bots' P&L today (each on its own day and clock); bots without one count 0. */
  readonly pnlToday: number;
  readonly equityChange: number;
  readonly realised: number;
  readonly unrealised: number;
}

/**
 * The fleet as `fleet ls` and `fleet pnl` compute it (the same library calls, so the page and the
 * terminal never disagree): status, P&L today on each bot's own clock, and P&L over its history.
 */
export async function fleetView(store: Store, now = Date.now()): Promise<FleetView> {
  const [status, pnl, global] = await Promise.all([
    fleetStatus(store, { now }),
    fleetPnl(store),
    // Any name reads the global row.
    readFlags(store, ''),
  ]);
  const byBot = new Map(pnl.bots.map((row) => [row.bot, row]));
  const bots = status.map((row): FleetRow => {
    const { bot: _bot, mode: _mode, symbol: _symbol, ...total } = byBot.get(row.name) ?? emptyPnl(row);
    return { ...row, pnlTotal: total };
  });
  return {
    now,
    bots,
    globalKillSwitch: global.globalKillSwitch,
    totals: {
      equity: pnl.totals.equity,
      pnlToday: bots.reduce((sum, row) => sum + (row.pnlToday ?? 0), 0),
      equityChange: pnl.totals.equityChange,
      realised: pnl.totals.realised,
      unrealised: pnl.totals.unrealised,
    },
  };
}

/** A bot registered between the two reads: nothing traded yet as far as this view knows. */
function emptyPnl(row: BotStatus): BotPnl {
  return {
    bot: row.name,
    mode: row.mode,
    symbol: row.symbol,
    realised: 0,
    fees: 0,
    tradesClosed: 0,
    tradesOpen: 0,
    wins: 0,
    unrealised: 0,
    equity: row.equity,
    equityChange: 0,
  };
}
