import type { BotDeclaration } from '../../src/store/index.js';

/** A bot declaration for store tests; `overrides` replace any field. */
export function botDeclaration(name: string, overrides: Partial<BotDeclaration> = {}): BotDeclaration {
  return {
    name,
    spec: { name: 'ema-cross', entry: { cross: ['ema(12)', 'ema(26)'] } },
    params: { fast: 12, slow: 26, kind: 'ema', trail: false },
    symbol: 'BTC/USDT',
    exchange: 'sandbox',
    timeframe: '1h',
    capital: 10_000,
    risk: { positionSize: 0.5, stopLoss: 0.02 },
    config: { strategy: 'specs/ema-cross.json' },
    ...overrides,
  };
}
