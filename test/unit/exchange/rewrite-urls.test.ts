import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/index.js';
import { createExchange, rewriteApiUrls } from '../../../src/exchange/index.js';

/** Every string leaf of a nested urls object. */
function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

describe('rewriteApiUrls', () => {
  it('rewrites the origin of every URL, however deeply nested, keeping paths', () => {
    const api = {
      public: 'https://api.example.com/api/v3',
      spot: { public: 'https://api.example.com', private: { v2: 'https://private.example.com/v2/' } },
      list: ['https://a.example.com/x'],
      ws: 'wss://stream.example.com/ws',
      weight: 5,
    };
    expect(rewriteApiUrls(api, 'http://127.0.0.1:9000/')).toEqual({
      public: 'http://127.0.0.1:9000/api/v3',
      spot: { public: 'http://127.0.0.1:9000', private: { v2: 'http://127.0.0.1:9000/v2/' } },
      list: ['http://127.0.0.1:9000/x'],
      ws: 'wss://stream.example.com/ws',
      weight: 5,
    });
  });

  it('leaves the input untouched', () => {
    const api = { spot: { public: 'https://api.example.com/v1' } };
    rewriteApiUrls(api, 'http://127.0.0.1:1');
    expect(api.spot.public).toBe('https://api.example.com/v1');
  });
});

describe('createExchange', () => {
  it('points nested ccxt url objects at the given base (mexc nests them by market type)', async () => {
    const exchange = await createExchange({ id: 'mexc', apiBaseUrl: 'http://127.0.0.1:9' });
    const urls = leaves(exchange.ccxt.urls.api).filter((url) => /^https?:/.test(url));
    expect(urls.length).toBeGreaterThan(4);
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:9(\/|$)/);
  });

  it('rewrites binance so its spot REST lives under /api/v3 of the base', async () => {
    const exchange = await createExchange({ id: 'binance', apiBaseUrl: 'http://127.0.0.1:9' });
    expect((exchange.ccxt.urls.api as Record<string, string>).public).toBe('http://127.0.0.1:9/api/v3');
  });

  it('refuses an unknown exchange id with a suggestion', async () => {
    const error = await createExchange({ id: 'binanse' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe("unknown exchange 'binanse'; did you mean 'binance'?");
  });

  it('does not take inherited object keys for exchange ids', async () => {
    await expect(createExchange({ id: 'constructor' })).rejects.toThrow(UsageError);
  });

  it('refuses an API URL that is not an origin', async () => {
    await expect(createExchange({ id: 'binance', apiBaseUrl: 'ftp://x' })).rejects.toThrow(UsageError);
  });
});
