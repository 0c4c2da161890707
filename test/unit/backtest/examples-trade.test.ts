import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backtestSpec } from '../../../src/backtest/index.js';
import { generateSandboxCandles } from '../../../src/data/index.js';
import { readSpecFile } from '../../../src/spec/index.js';

const specs = readdirSync('examples/specs').filter((f) => f.endsWith('.json'));

describe('the example specs', () => {
  it.each(specs)('%s trades on every instrument of its universe with default parameters', async (file) => {
    const checked = await readSpecFile(`examples/specs/${file}`);
    for (const symbol of checked.spec.universe) {
      const candles = generateSandboxCandles({ symbol, timeframe: checked.spec.timeframe, bars: 20_000 });
      const result = backtestSpec(checked, candles);
      expect(result.trades.length, symbol).toBeGreaterThanOrEqual(5);
      expect(Number.isFinite(result.metrics.sharpe), symbol).toBe(true);
    }
  });
});
