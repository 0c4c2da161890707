import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { designOffline, designStrategy, IDIOMS, matchIdiom, UnknownIdeaError } from '../../../src/designer/index.js';
import { validateSpec } from '../../../src/spec/index.js';

const offline = (idea: string, extra: Record<string, unknown> = {}) =>
  designStrategy({ idea, provider: 'offline', env: {}, ...extra });

describe('offline designer', () => {
  it('knows at least twelve idioms', () => {
    expect(IDIOMS.length).toBeGreaterThanOrEqual(12);
  });

  for (const idiom of IDIOMS) {
    it(`${idiom.id}: its example sentence becomes a valid spec that trades on sandbox data`, async () => {
      expect(matchIdiom(idiom.example)?.id).toBe(idiom.id);
      const result = await offline(idiom.example);
      expect(result.idiom).toBe(idiom.id);
      expect(validateSpec(result.spec).ok).toBe(true);
      expect(result.smoke.trades).toBeGreaterThanOrEqual(1);
      expect(result.provenance).toMatchObject({ provider: 'offline', model: idiom.id, repair_rounds: 0 });
    });
  }

  it('recognises common phrasings of each family', () => {
    const cases: [string, string][] = [
      ['rsi below 25', 'rsi-threshold'],
      ['death cross short', 'golden-cross'],
      ['sma 10 / 30 crossover', 'ma-cross'],
      ['ema crossover 9 and 21', 'ema-cross'],
      ['bollinger band squeeze breakout', 'bollinger-breakout'],
      ['fade moves outside the bollinger bands', 'bollinger-reversion'],
      ['turtle 55 day breakout', 'donchian-breakout'],
      ['macd histogram turns positive', 'macd-cross'],
      ['chandelier exit with 3x atr', 'atr-trailing-stop'],
      ['20 bar momentum', 'momentum'],
      ['zscore below -2.5', 'zscore-reversion'],
      ['slow stochastic oversold', 'stochastic'],
      ['volume spike breakout', 'volume-breakout'],
      ['buy when price crosses above the 20 sma', 'price-ma'],
      ['buy when the 10 sma crosses above the 30 sma and price is rising', 'ma-cross'],
    ];
    for (const [idea, id] of cases) expect(matchIdiom(idea)?.id, idea).toBe(id);
  });

  it('turns numbers in the sentence into defaults', () => {
    const rsi = designOffline('buy when rsi(7) is under 20 and sell above 70, stop 3%').draft.parameters ?? {};
    expect(rsi.rsi_len?.default).toBe(7);
    expect(rsi.lower?.default).toBe(20);
    expect(rsi.upper?.default).toBe(70);
    expect(rsi.stop_loss?.default).toBe(0.03);
    expect(designOffline('rsi below 25').draft.parameters?.lower?.default).toBe(25);
    const cross = designOffline('ema 50 crosses above ema 9').draft.parameters ?? {};
    expect([cross.fast_len?.default, cross.slow_len?.default]).toEqual([9, 50]);
    const donchian = designOffline('breakout above the 55-bar high, exit below the 20-bar low').draft.parameters ?? {};
    expect([donchian.entry_len?.default, donchian.exit_len?.default]).toEqual([55, 20]);
    const stoch = designOffline('stochastic 5 3 oversold 15 overbought 85').draft.parameters ?? {};
    expect([stoch.k_len, stoch.d_len, stoch.lower, stoch.upper].map((p) => p?.default)).toEqual([5, 3, 15, 85]);
    const bands = designOffline('bollinger 30 breakout 2.5 standard deviations').draft.parameters ?? {};
    expect([bands.band_len?.default, bands.band_k?.default]).toEqual([30, 2.5]);
  });

  it('adds a short side when the idea asks for one', () => {
    const states = designOffline('ema 9 21 cross, long and short').draft.states;
    expect(states?.transitions.map((t) => t.to)).toContain('short');
    expect(designOffline('ema 9 21 cross').draft.states?.transitions.map((t) => t.to)).not.toContain('short');
  });

  it('refuses numbers that cannot work, in one line', async () => {
    await expect(offline('rsi below 150')).rejects.toThrow('RSI threshold 150 is outside 0..100');
    await expect(offline('rsi below 70 above 30')).rejects.toThrow(
      'the entry level 70 must be below the exit level 30',
    );
  });

  it('never guesses: an idea it does not know is an UnknownIdeaError listing the idioms', async () => {
    for (const vague of ['trend following', 'buy low sell high', 'something with crypto']) {
      expect(matchIdiom(vague), vague).toBeUndefined();
    }
    const error = await offline('make me rich').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownIdeaError);
    expect((error as Error).message).toContain('does not recognise "make me rich"');
    for (const idiom of IDIOMS) expect((error as Error).message).toContain(idiom.title);
    expect((error as UnknownIdeaError).exitCode).toBe(1);
  });

  it('is the default without a key, and the same idea gives the same spec', async () => {
    const now = () => new Date('2026-01-01T00:00:00.000Z');
    const a = await designStrategy({ idea: 'rsi below 25', env: {}, now });
    const b = await designStrategy({ idea: 'rsi below 25', env: {}, now });
    expect(a.provenance.provider).toBe('offline');
    expect(JSON.stringify(a.spec)).toBe(JSON.stringify(b.spec));
  });

  it('takes the timeframe and name, and checks them first', async () => {
    const result = await offline('rsi below 25', { timeframe: '5m', name: 'my-rsi' });
    expect(result.spec).toMatchObject({ name: 'my-rsi', timeframe: '5m' });
    await expect(offline('rsi below 25', { timeframe: '7m' })).rejects.toThrow("unknown timeframe '7m'");
    await expect(offline('rsi below 25', { name: 'My RSI' })).rejects.toThrow('--name "My RSI"');
    await expect(offline('  ')).rejects.toThrow('the idea is empty');
  });
});

describe('docs/designer.md', () => {
  it('lists every idiom with its example sentence, in the order they are tried', () => {
    const text = readFileSync(new URL('../../../docs/designer.md', import.meta.url), 'utf8');
    const rows = [...text.matchAll(/^\| [^|]+\(`([a-z-]+)`\) \| (.+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(IDIOMS.map((i) => [i.id, i.example]));
  });
});

describe('designStrategy for the pipeline', () => {
  it('returns a checked spec that screen and backtestSpec take as they are', async () => {
    const { backtestSpec } = await import('../../../src/backtest/index.js');
    const { generateSandboxCandles } = await import('../../../src/data/index.js');
    const result = await designStrategy({ idea: 'golden cross', env: {} });
    const candles = generateSandboxCandles({ symbol: result.smoke.symbol, timeframe: '1h', bars: result.smoke.bars });
    const run = backtestSpec(result.checked, candles);
    expect(run.trades.length + (run.openPosition === undefined ? 0 : 1)).toBe(result.smoke.trades);
  });
});
