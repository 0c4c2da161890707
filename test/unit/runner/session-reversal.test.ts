import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { backtestSpec, type Trade } from '../../../src/backtest/index.js';
import { createReplayExchange, ManualClock, MemorySandboxLedger } from '../../../src/broker/index.js';
import { venueCalendar } from '../../../src/calendar/index.js';
import { type Candles, timeframeMs } from '../../../src/core/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { BotRunner, replayBot, roundTrips } from '../../../src/runner/index.js';
import { type CheckedSpec, loadSpec } from '../../../src/spec/index.js';
import {
  eventsOf,
  fillsOf,
  getBot,
  ordersOf,
  readRuntime,
  registerBots,
  type Store,
  setHeldEntry,
} from '../../../src/store/index.js';
import { compileStrategy } from '../../../src/strategy/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { OPEN_LIMITS } from '../../helpers/runner-rig.js';

const example = JSON.parse(readFileSync('examples/specs/ema-cross.json', 'utf8'));

/** Long ↔ short on every cross, with a stop: reversals, many of them decided at a session's close. */
const reversing = {
  ...example,
  name: 'ema-reverse-sessions',
  states: {
    initial: 'flat',
    transitions: [
      { from: 'flat', to: 'long', on: 'go_long', action: 'enter' },
      { from: 'flat', to: 'short', on: 'go_flat', action: 'enter', size: 0.5 },
      { from: 'long', to: 'short', on: 'go_flat', action: 'reverse' },
      { from: 'short', to: 'long', on: 'go_long', action: 'reverse', size: 0.8 },
    ],
  },
};
const PARAMS = { fast: 6, slow: 20, stop_loss: 0.03 };
const SYMBOL = 'SBX-WALK';
const VENUE = 'XNYS';
const START = 200;
// The stale-data rail at its default reach: a night between a close and the open is not stale.
const LIMITS = {
  ...OPEN_LIMITS,
  maxOrderValue: Number.POSITIVE_INFINITY,
  maxPositionValue: Number.POSITIVE_INFINITY,
  staleAfterBars: 2,
};

const view = (t: Pick<Trade, 'side' | 'entryTime' | 'entryPrice' | 'exitTime' | 'exitPrice' | 'quantity'>) => ({
  side: t.side,
  entryTime: t.entryTime,
  entryPrice: t.entryPrice,
  exitTime: t.exitTime,
  exitPrice: t.exitPrice,
  quantity: t.quantity,
});

function sessionData(checked: CheckedSpec): Candles {
  return generateSandboxCandles({
    symbol: SYMBOL,
    timeframe: checked.spec.timeframe,
    bars: 900,
    seed: 7,
    venue: VENUE,
  });
}

/** The backtest's reversals whose decision bar was a session's last: exit and entry at the next open. */
function reversalsAtClose(trades: readonly Trade[], candles: Candles): number[] {
  const calendar = venueCalendar(VENUE);
  const tf = timeframeMs('1h');
  const at: number[] = [];
  for (let k = 1; k < trades.length; k++) {
    const time = trades[k].entryTime;
    if (trades[k - 1].exitTime !== time || trades[k - 1].exitReason !== 'signal') continue;
    const index = candles.time.indexOf(time);
    if (index > 0 && calendar.sessionAt(candles.time[index - 1] + tf) === undefined) at.push(candles.time[index - 1]);
  }
  return at;
}

describe.each(BACKENDS)('a reversal decided at a session close (%s)', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it('replays exactly the backtest’s trades on NYSE session data', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const checked = loadSpec(reversing);
    const candles = sessionData(checked);
    const backtest = backtestSpec(checked, candles, { params: PARAMS, start: START });
    expect(reversalsAtClose(backtest.trades, candles).length).toBeGreaterThan(2);
    const replay = await replayBot({
      store,
      name: 'reversal',
      checked,
      params: PARAMS,
      symbol: SYMBOL,
      candles,
      start: START,
      venue: VENUE,
      limits: LIMITS,
    });
    expect(replay.trades.map(view)).toEqual(backtest.trades.map(view));
    const open = backtest.openPosition;
    expect(replay.position).toBe(open ? (open.side === 'long' ? 1 : -1) * open.quantity : 0);
    expect((await readRuntime(store, 'reversal'))?.heldEntry).toBeNull();
    const refused = (await ordersOf(store, 'reversal')).filter((order) => order.status === 'rejected');
    expect(refused).toEqual([]);
    await store.close();
  }, 120_000);

  it('a runner killed between the close and the open still ends reversed, with no order twice', async () => {
    database = await createTestDatabase(backend);
    const store = await database.open();
    const checked = loadSpec(reversing);
    const candles = sessionData(checked);
    const backtest = backtestSpec(checked, candles, { params: PARAMS, start: START });
    const closes = reversalsAtClose(backtest.trades, candles);
    const rig = await sessionRig(store, checked, candles);

    let runner = await rig.boot();
    const tf = timeframeMs('1h');
    let killedAtClose = 0;
    let killedSending = 0;
    for (let i = START; i < candles.length - 1; i++) {
      const close = candles.time[i] + tf;
      for (let wake = runner.nextBarClose(); wake < close && wake > rig.clock.now(); wake = runner.nextBarClose()) {
        rig.clock.set(wake);
        const held = (await readRuntime(store, 'reversal'))?.heldEntry ?? null;
        await runner.tick();
        if (held !== null && killedSending === 0) {
          // Killed after sending the held entry but before letting it go: the restarted runner
          // finds the entry in the ledger and resumes it instead of sending it again.
          await setHeldEntry(store, 'reversal', held);
          runner = await rig.boot();
          killedSending++;
          await runner.tick();
        }
      }
      rig.clock.set(close);
      await runner.tick();
      if (closes.includes(candles.time[i]) && killedAtClose < 2) {
        // Killed between the close and the open: the entry waits in the database, not in memory.
        expect((await readRuntime(store, 'reversal'))?.heldEntry?.barTime).toBe(candles.time[i]);
        runner = await rig.boot();
        killedAtClose++;
      }
    }
    rig.clock.set(candles.time[candles.length - 1] + tf);
    await runner.catchUp();
    expect(killedAtClose).toBe(2);
    expect(killedSending).toBe(1);

    const fills = await fillsOf(store, 'reversal');
    const trades = roundTrips(fills.map((f) => ({ ...f, time: f.time.getTime() })));
    expect(trades.map(view)).toEqual(backtest.trades.map(view));
    const open = backtest.openPosition;
    expect(runner.book.position).toBe(open ? (open.side === 'long' ? 1 : -1) * open.quantity : 0);
    // Every order once, in the ledger and at the exchange alike.
    const orders = await ordersOf(store, 'reversal');
    const entries = orders.filter((order) => order.role === 'entry');
    expect(new Set(entries.map((order) => order.barTime)).size).toBe(entries.length);
    expect(orders.filter((order) => order.status === 'rejected')).toEqual([]);
    expect(await eventsOf(store, { bot: 'reversal', kinds: ['held_entry_dropped'] })).toEqual([]);
    await store.close();
  }, 180_000);
});

/** A bot on a replay of session data whose runner can be killed and booted again on the same books. */
async function sessionRig(store: Store, checked: CheckedSpec, candles: Candles) {
  const tf = timeframeMs('1h');
  await registerBots(store, [
    {
      name: 'reversal',
      spec: checked.spec,
      params: PARAMS,
      symbol: SYMBOL,
      exchange: 'replay',
      timeframe: '1h',
      capital: 10_000,
      risk: {},
      config: { venue: VENUE },
    },
  ]);
  const bot = await getBot(store, 'reversal');
  if (bot === undefined) throw new Error('not registered');
  const clock = new ManualClock(candles.time[START - 1] + tf);
  const ledger = new MemorySandboxLedger();
  const costs = backtestSpec(checked, candles, { params: PARAMS, start: candles.length }).costs;
  return {
    clock,
    /** A new process: a new exchange client over the same books, a new runner over the same database. */
    async boot(): Promise<BotRunner> {
      const exchange = createReplayExchange({
        account: 'reversal',
        ledger,
        clock,
        timeframe: '1h',
        costs,
        initialCash: 10_000,
        candles: { [SYMBOL]: candles },
        venue: VENUE,
      });
      const runner = new BotRunner({
        store,
        bot,
        strategy: compileStrategy(checked, { params: PARAMS }),
        broker: exchange,
        feed: exchange,
        clock,
        costs,
        limits: LIMITS,
        // The same owner: the dead runner's lease is taken over at once, as after a crash on this host.
        owner: 'session-reversal',
        leaseTtlMs: 60_000,
        warmupBars: START,
        ownAccount: true,
        calendar: venueCalendar(VENUE),
      });
      await runner.boot();
      return runner;
    },
  };
}
