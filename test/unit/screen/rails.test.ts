import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScreenTask } from '../../../src/screen/index.js';
import { loadSpec } from '../../../src/spec/index.js';

const emaCross = JSON.parse(readFileSync('examples/specs/ema-cross.json', 'utf8'));
const task = (risk: Record<string, unknown>) => ({
  spec: loadSpec({ ...emaCross, risk: { ...emaCross.risk, ...risk } }),
  symbol: 'SBX-TREND',
  source: { kind: 'sandbox' } as const,
  bars: 2_000,
  seed: 0,
  minTrades: 1,
});

describe("a screen honours the spec's rails", () => {
  it('counts the entries a rail refused, per rail, and trades none of them', async () => {
    // Slippage (5 bps) alone puts every expected fill beyond a 4 bps collar.
    const refused = await runScreenTask(task({ price_collar: 0.0004 }));
    expect(refused.metrics.trades).toBe(0);
    expect(refused.rejected.price_collar).toBeGreaterThan(10);
    const open = await runScreenTask(task({}));
    expect(open.rejected).toEqual({});
    expect(open.metrics.trades).toBeGreaterThan(10);
  });
});
