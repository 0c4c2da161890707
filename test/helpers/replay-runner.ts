import { bpsToRate, type Costs, marketFillPrice } from '../../src/backtest/index.js';
import { createReplayExchange, ManualClock, type SimExchange } from '../../src/broker/index.js';
import { type Candles, clientOrderId, type SandboxLedger, type Timeframe, timeframeMs } from '../../src/core/index.js';
import { FLAT, LONG, type PositionState } from '../../src/strategy/index.js';
import { SCRIPT_TRANSITIONS } from './scripted-strategy.js';

/** A fixed but busy script: some signal on about one bar in five, from every transition kind. */
export function busyScript(bars: number): Record<number, string> {
  const script: Record<number, string> = {};
  for (let i = 0; i < bars; i++) {
    const pick = (i * 7919 + 13) % 29;
    if (pick < SCRIPT_TRANSITIONS.length) script[i] = SCRIPT_TRANSITIONS[pick].on;
  }
  return script;
}

export interface ReplayTrade {
  side: 'long' | 'short';
  entryTime: number;
  entryPrice: number;
  quantity: number;
  exitTime: number;
  exitPrice: number;
  exitReason: 'signal' | 'stop_loss' | 'take_profit';
}

export interface ScriptedReplay {
  readonly candles: Candles;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly costs: Costs;
  readonly script: Record<number, string>;
  readonly risk: { readonly stopLoss: number; readonly takeProfit: number; readonly positionSize: number };
  readonly ledger: SandboxLedger;
  readonly initialCash: number;
  /** Start a fresh exchange over the same ledger every this many bars, as a restarted runner would. */
  readonly restartEvery?: number;
}

/**
 * A minimal runner on a replay exchange, bar by bar as a live one would: at each bar's close it
 * reads the fills of its protective orders, decides on the closed bar from the script, and sends
 * market orders (filling at the next open) followed by a reduce-only stop and take-profit priced
 * from the entry fill, exactly as the backtest prices them.
 */
export async function runScriptedReplay(options: ScriptedReplay) {
  const { candles, symbol, timeframe, costs, script, risk, ledger, initialCash } = options;
  const step = timeframeMs(timeframe);
  const clock = new ManualClock(candles.time[0]);
  const open = () =>
    createReplayExchange({
      account: 'parity',
      ledger,
      clock,
      timeframe,
      costs,
      initialCash,
      candles: { [symbol]: candles },
    });
  let exchange: SimExchange = open();
  const feeRate = bpsToRate(costs.feeBps);
  const slip = bpsToRate(costs.slippageBps);
  const trades: ReplayTrade[] = [];
  let state: PositionState = FLAT;
  let entry: Omit<ReplayTrade, 'exitTime' | 'exitPrice' | 'exitReason'> | undefined;
  let protective: { stop: string; target: string } | undefined;

  const exit = (time: number, price: number, exitReason: ReplayTrade['exitReason']) => {
    if (entry) trades.push({ ...entry, exitTime: time, exitPrice: price, exitReason });
    entry = undefined;
    protective = undefined;
    state = FLAT;
  };

  for (let i = 0; i < candles.length; i++) {
    if (options.restartEvery && i > 0 && i % options.restartEvery === 0) {
      await exchange.close();
      exchange = open();
    }
    clock.set(candles.time[i] + step);
    if (protective) {
      for (const [id, reason] of [
        [protective.stop, 'stop_loss'],
        [protective.target, 'take_profit'],
      ] as const) {
        const report = await exchange.fetchOrder(id, symbol);
        if (report?.status === 'filled') {
          exit(report.fills[0].time, report.averagePrice as number, reason);
          break;
        }
      }
    }
    const wanted = script[i];
    const transition = SCRIPT_TRANSITIONS.find((t) => t.on === wanted && t.from === state);
    if (!transition || i === candles.length - 1) continue;
    const barTime = candles.time[i];
    let sequence = 0;
    if (transition.action !== 'enter' && protective) {
      await exchange.cancelOrder(protective.stop, symbol);
      await exchange.cancelOrder(protective.target, symbol);
      const [position] = await exchange.positions();
      const side = position.quantity > 0 ? 'sell' : 'buy';
      const id = clientOrderId('parity', barTime, sequence++);
      const report = await exchange.placeOrder({
        clientOrderId: id,
        symbol,
        side,
        type: 'market',
        quantity: Math.abs(position.quantity),
      });
      if (report.status !== 'filled') throw new Error(`exit ${id} ${report.status}: ${report.reason}`);
      exit(report.fills[0].time, report.averagePrice as number, 'signal');
    }
    if (transition.action === 'exit') continue;
    const buying = transition.to === LONG;
    const cash = (await exchange.balances()).USDT;
    const price = marketFillPrice(await exchange.lastPrice(symbol), buying, slip);
    const units = (Math.max(0, cash) * risk.positionSize * transition.size) / (price * (1 + feeRate));
    const id = clientOrderId('parity', barTime, sequence++);
    const side = buying ? 'buy' : 'sell';
    const report = await exchange.placeOrder({ clientOrderId: id, symbol, side, type: 'market', quantity: units });
    if (report.status !== 'filled') throw new Error(`entry ${id} ${report.status}: ${report.reason}`);
    const fill = report.averagePrice as number;
    entry = { side: buying ? 'long' : 'short', entryTime: report.fills[0].time, entryPrice: fill, quantity: units };
    state = transition.to;
    const exitSide = buying ? 'sell' : 'buy';
    protective = {
      stop: clientOrderId('parity', barTime, sequence++),
      target: clientOrderId('parity', barTime, sequence++),
    };
    const stopPrice = fill * (buying ? 1 - risk.stopLoss : 1 + risk.stopLoss);
    const targetPrice = fill * (buying ? 1 + risk.takeProfit : 1 - risk.takeProfit);
    for (const [clientId, type, price] of [
      [protective.stop, 'stop', stopPrice],
      [protective.target, 'limit', targetPrice],
    ] as const) {
      const placed = await exchange.placeOrder({
        clientOrderId: clientId,
        symbol,
        side: exitSide,
        type,
        quantity: units,
        price,
        reduceOnly: true,
      });
      if (placed.status !== 'open') throw new Error(`protective ${clientId} ${placed.status}: ${placed.reason}`);
    }
  }
  const cash = (await exchange.balances()).USDT;
  const positions = await exchange.positions();
  await exchange.close();
  return { trades, cash, positions };
}
