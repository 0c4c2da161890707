import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { firstDifference, replayBotName, replayParity } from '../../../src/runner/index.js';
import { loadSpec } from '../../../src/spec/index.js';
import { getBot } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase } from '../../helpers/databases.js';

/** replayParity is `fleet replay` below its rendering: both clocks, and the verdict. */
const checked = loadSpec(JSON.parse(readFileSync('examples/specs/ema-cross.json', 'utf8')));
const candles = generateSandboxCandles({ symbol: 'SBX-TREND', timeframe: checked.spec.timeframe, bars: 600, seed: 7 });
const params = { fast: 8, slow: 30 };
const backend = BACKENDS[BACKENDS.length - 1];

describe(`replayParity (${backend})`, () => {
  it('replays as the spec’s own bot after the default warm-up and finds the trades identical', async () => {
    const database = await createTestDatabase(backend);
    const store = await database.open();
    onTestFinished(() => database.cleanup());
    const parity = await replayParity({ store, checked, params, symbol: 'SBX-TREND', candles, capital: 5000 });
    expect(parity.bars).toBe(600);
    expect(parity.warmup).toBe(150); // a quarter of the bars, at most 200
    expect(parity.backtest.trades.length).toBeGreaterThan(2);
    expect(parity).toMatchObject({ identical: true, difference: undefined });
    expect(parity.replay.trades).toHaveLength(parity.backtest.trades.length);
    expect(parity.replay.equity).toBeCloseTo(parity.backtest.equity, 6);
    expect(replayBotName('ema-cross', 'SBX-TREND')).toBe('replay-ema-cross-sbx-trend');
    expect((await getBot(store, 'replay-ema-cross-sbx-trend'))?.capital).toBe(5000);

    // Run again with a longer warm-up: the earlier replay's bot is replaced, not refused.
    const later = await replayParity({ store, checked, params, symbol: 'SBX-TREND', candles, warmup: 300 });
    expect(later.warmup).toBe(300);
    expect(later.identical).toBe(true);
    expect(later.backtest.trades.length).toBeLessThan(parity.backtest.trades.length);

    // The first field that differs, on the first trade that differs, in one line.
    const trades = parity.backtest.trades;
    const trips = parity.replay.trades;
    expect(firstDifference(trades, trips)).toBeUndefined();
    expect(firstDifference(trades, trips.slice(0, -1))).toBe(`trade ${trades.length} exists only in the backtest`);
    expect(firstDifference(trades.slice(1), trips.slice(1).concat(trips[0]))).toBe(
      `trade ${trades.length} exists only in the replay`,
    );
    const moved = trips.map((trip, i) => (i === 1 ? { ...trip, exitPrice: trip.exitPrice + 1 } : trip));
    expect(firstDifference(trades, moved)).toBe(
      `trade 2: exitPrice ${trades[1].exitPrice} (backtest) vs ${trades[1].exitPrice + 1} (replay)`,
    );
  }, 120_000);
});
