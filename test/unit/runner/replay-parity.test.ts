import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { backtestSpec } from '../../../src/backtest/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { replayBot } from '../../../src/runner/index.js';
import { loadSpec } from '../../../src/spec/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

const example = (name: string) => JSON.parse(readFileSync(`examples/specs/${name}.json`, 'utf8'));

/** Long ↔ short on every cross, with a stop and a target: reverses, shorts and both exits. */
const reversing = {
  ...example('ema-cross'),
  name: 'ema-reverse',
  states: {
    initial: 'flat',
    transitions: [
      { from: 'flat', to: 'long', on: 'go_long', action: 'enter' },
      { from: 'flat', to: 'short', on: 'go_flat', action: 'enter', size: 0.5 },
      { from: 'long', to: 'short', on: 'go_flat', action: 'reverse' },
      { from: 'short', to: 'long', on: 'go_long', action: 'reverse' },
    ],
  },
};

const CASES: Array<{
  label: string;
  spec: unknown;
  symbol: string;
  params: Record<string, number>;
  venue?: string;
}> = [
  {
    label: 'ema-cross (long, stop and target)',
    spec: example('ema-cross'),
    symbol: 'SBX-TREND',
    params: { fast: 8, slow: 30 },
  },
  { label: 'donchian-breakout (long and short)', spec: example('donchian-breakout'), symbol: 'SBX-CYCLE', params: {} },
  {
    label: 'reversing long/short',
    spec: reversing,
    symbol: 'SBX-WALK',
    params: { fast: 6, slow: 20, stop_loss: 0.03 },
  },
  {
    // Session data: decisions at a session's close fill at the next session's open.
    label: 'NYSE sessions (equity mode): ema-cross',
    spec: example('ema-cross'),
    symbol: 'SBX-TREND',
    params: { fast: 8, slow: 30 },
    venue: 'XNYS',
  },
];

describe.each(BACKENDS)('replay parity on %s', (backend) => {
  let database: TestDatabase;
  afterEach(() => database?.cleanup());

  it.each(CASES)(
    'the runner replaying history makes exactly the backtest’s trades: $label',
    async (testCase) => {
      database = await createTestDatabase(backend);
      const store = await database.open();
      const checked = loadSpec(testCase.spec);
      const candles = generateSandboxCandles({
        symbol: testCase.symbol,
        timeframe: checked.spec.timeframe,
        bars: 900,
        seed: 7,
        venue: testCase.venue,
      });
      const start = 200;
      const backtest = backtestSpec(checked, candles, { params: testCase.params, start });
      const replay = await replayBot({
        store,
        name: 'parity',
        checked,
        params: testCase.params,
        symbol: testCase.symbol,
        candles,
        start,
        venue: testCase.venue,
      });
      const expected = backtest.trades.map((t) => ({
        side: t.side,
        entryTime: t.entryTime,
        entryPrice: t.entryPrice,
        exitTime: t.exitTime,
        exitPrice: t.exitPrice,
        quantity: t.quantity,
      }));
      const actual = replay.trades.map((t) => ({
        side: t.side,
        entryTime: t.entryTime,
        entryPrice: t.entryPrice,
        exitTime: t.exitTime,
        exitPrice: t.exitPrice,
        quantity: t.quantity,
      }));
      expect(expected.length).toBeGreaterThan(5);
      expect(actual).toEqual(expected);
      expect(replay.position).toBe(
        backtest.openPosition ? (backtest.openPosition.side === 'long' ? 1 : -1) * backtest.openPosition.quantity : 0,
      );
      // The last equity point of the backtest is cash + position at the last close.
      const lastClose = candles.close[candles.length - 1];
      expect(replay.cash + replay.position * lastClose).toBeCloseTo(backtest.equity[backtest.equity.length - 1], 6);
      await store.close();
    },
    120_000,
  );
});
