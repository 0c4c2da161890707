import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Broker, OrderReport } from '../../../src/core/index.js';
import {
  checkPromotion,
  demoteBot,
  liveAccountMismatches,
  type PromotionOptions,
  promoteBot,
} from '../../../src/fleet/index.js';
import { type BotDeclaration, eventsOf, getBot, registerBots, type Store, setFlags } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { recordFill } from '../../helpers/ledger-fills.js';

const SPEC = JSON.parse(readFileSync(new URL('../../../examples/specs/ema-cross.json', import.meta.url), 'utf8'));
const DAY = 86_400_000;
const RAILS = { max_order_value: 500, max_position_value: 1000, daily_loss_limit: 0.03 };
const KEYS = { BINANCE_API_KEY: 'k', BINANCE_SECRET: 's' };

const declaration = (name: string, overrides: Partial<BotDeclaration> = {}): BotDeclaration => ({
  name,
  spec: SPEC,
  params: { fast: 10, slow: 30, stop_loss: 0.05, take_profit: 0.1 },
  symbol: 'BTC/USDT',
  exchange: 'binance',
  timeframe: '1h',
  capital: 1000,
  risk: RAILS,
  config: {},
  ...overrides,
});

describe.each(BACKENDS)('the promotion gate on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  const reconciled: string[] = [];
  const options = (overrides: Partial<PromotionOptions> = {}): PromotionOptions => ({
    env: KEYS,
    minPaperDays: 7,
    minPaperTrades: 2,
    now: Date.now() + 8 * DAY,
    reconcileLive: async (bot) => {
      reconciled.push(bot.name);
      return [];
    },
    ...overrides,
  });

  /** Registers a bot with a paper record that passes: two closed round trips after mode_since. */
  const seasoned = async (name: string, overrides: Partial<BotDeclaration> = {}) => {
    await registerBots(store, [declaration(name, overrides)]);
    const symbol = overrides.symbol ?? 'BTC/USDT';
    const start = Date.now() + 60_000;
    for (let i = 0; i < 2; i++) {
      await recordFill(store, name, { symbol, side: 'buy', quantity: 1, price: 100, time: new Date(start + i * 2000) });
      await recordFill(store, name, {
        symbol,
        side: 'sell',
        quantity: 1,
        price: 101,
        time: new Date(start + i * 2000 + 1000),
      });
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());

  it('accepts a bot that meets every condition, and promotion records who and why', async () => {
    await seasoned('good');
    expect(await checkPromotion(store, 'good', options())).toEqual([]);
    expect(reconciled).toContain('good');
    await promoteBot(store, 'good', { actor: 'ann@desk', reason: 'two weeks clean' });
    const bot = await getBot(store, 'good');
    expect(bot?.mode).toBe('live');
    const [event] = await eventsOf(store, { bot: 'good', kinds: ['promoted'] });
    expect(event).toMatchObject({
      level: 'alert',
      data: { actor: 'ann@desk', reason: 'two weeks clean', from: 'paper', to: 'live' },
    });
    expect(await checkPromotion(store, 'good', options())).toEqual([
      expect.stringMatching(/^bot 'good' is already live/),
    ]);
  });

  it('refuses a bot that is not registered', async () => {
    expect(await checkPromotion(store, 'ghost', options())).toEqual([
      "bot 'ghost' is not registered (add it to fleet.config.json, then fleet register)",
    ]);
  });

  it('refuses a paper record shorter than min_paper_days', async () => {
    await seasoned('young');
    const reasons = await checkPromotion(store, 'young', options({ now: Date.now() + 2 * DAY }));
    expect(reasons).toEqual([
      expect.stringMatching(/^paper record is 2\.0 days .*; 7 needed \(promotion.min_paper_days\)$/),
    ]);
  });

  it('refuses fewer closed trades than min_paper_trades (an open position is not a trade)', async () => {
    await seasoned('quiet');
    await recordFill(store, 'quiet', {
      symbol: 'BTC/USDT',
      side: 'buy',
      quantity: 1,
      price: 100,
      time: new Date(Date.now() + 600_000),
    });
    const reasons = await checkPromotion(store, 'quiet', options({ minPaperTrades: 3 }));
    expect(reasons).toEqual([
      expect.stringMatching(/^2 closed paper trades since .*; 3 needed \(promotion.min_paper_trades\)$/),
    ]);
  });

  it('refuses a bot halted now, and one halted during its paper record without a resume', async () => {
    await seasoned('halted');
    await setFlags(store, 'halted', { halted: true, haltedReason: 'reconciliation mismatch' }, { actor: 'runner' });
    expect(await checkPromotion(store, 'halted', options())).toEqual([
      'halted now: reconciliation mismatch (fleet resume clears it)',
    ]);
    // Cleared without an unhalted or resumed event (e.g. straight in the database): still refused.
    await store.db
      .updateTable('bot_flags')
      .set({ halted: false, halted_reason: null })
      .where('bot', '=', 'halted')
      .execute();
    expect(await checkPromotion(store, 'halted', options())).toEqual([
      expect.stringMatching(/^halted at .* and never resumed since$/),
    ]);
    await setFlags(store, 'halted', { paused: false }, { actor: 'ann' });
    expect(await checkPromotion(store, 'halted', options())).toEqual([]);
  });

  it('refuses a bot whose kill switch, or the global one, is set', async () => {
    await seasoned('killed');
    await setFlags(store, 'killed', { killSwitch: true }, { actor: 'ann' });
    await setFlags(store, null, { killSwitch: true }, { actor: 'ann' });
    expect(await checkPromotion(store, 'killed', options())).toEqual([
      'its kill switch is set (fleet resume clears it)',
      'the global kill switch is set (fleet resume --all clears it)',
    ]);
    await setFlags(store, null, { killSwitch: false }, { actor: 'ann' });
  });

  it('refuses a sandbox bot (and does not ask for keys or reconcile)', async () => {
    await seasoned('sandy', { exchange: 'sandbox', symbol: 'SBX-TREND' });
    reconciled.length = 0;
    expect(await checkPromotion(store, 'sandy', options({ env: {} }))).toEqual([
      'it runs on the sandbox exchange, which has no live side: declare it on a real exchange',
    ]);
    expect(reconciled).toEqual([]);
  });

  it('refuses without exchange keys, naming the variables (and does not reconcile)', async () => {
    await seasoned('keyless');
    reconciled.length = 0;
    expect(await checkPromotion(store, 'keyless', options({ env: { BINANCE_API_KEY: 'k' } }))).toEqual([
      'no API keys for binance: set BINANCE_API_KEY and BINANCE_SECRET in the environment or .env',
    ]);
    expect(reconciled).toEqual([]);
  });

  it('refuses missing value caps', async () => {
    await seasoned('brakeless', { risk: { daily_loss_limit: 0.02 } });
    expect(await checkPromotion(store, 'brakeless', options())).toEqual([
      "no limit set for max_order_value, max_position_value: set them in fleet.config.json (risk, or the bot's risk)",
    ]);
  });

  it('refuses when the live account disagrees, or cannot be reached', async () => {
    await seasoned('crowded');
    expect(
      await checkPromotion(store, 'crowded', options({ reconcileLive: async () => ['broker holds 0.5 BTC/USDT'] })),
    ).toEqual(['live account: broker holds 0.5 BTC/USDT']);
    expect(
      await checkPromotion(
        store,
        'crowded',
        options({ reconcileLive: async () => Promise.reject(new Error('timed out')) }),
      ),
    ).toEqual(['live account could not be reconciled: timed out']);
  });

  it('lists every reason at once', async () => {
    await registerBots(store, [declaration('raw', { exchange: 'sandbox', symbol: 'SBX-TREND', risk: {} })]);
    const reasons = await checkPromotion(store, 'raw', options({ now: Date.now() }));
    expect(reasons).toHaveLength(4);
  });

  it('demotes to paper at any time, starting a new paper record', async () => {
    const before = await getBot(store, 'good');
    expect(await demoteBot(store, 'good', { actor: 'ann@desk', reason: 'drawdown' })).toBe(true);
    const after = await getBot(store, 'good');
    expect(after?.mode).toBe('paper');
    expect(after?.modeSince.getTime()).toBeGreaterThan(before?.modeSince.getTime() ?? 0);
    expect((await eventsOf(store, { bot: 'good', kinds: ['demoted'] })).at(-1)?.data).toMatchObject({
      reason: 'drawdown',
    });
    expect(await demoteBot(store, 'good', { actor: 'ann@desk', reason: 'again' })).toBe(false);
    await expect(demoteBot(store, 'nobody', { actor: 'a', reason: 'b' })).rejects.toThrow("unknown bot 'nobody'");
  });
});

describe('liveAccountMismatches', () => {
  const broker = (positions: Array<{ symbol: string; quantity: number }>, openOrders: Partial<OrderReport>[]) =>
    ({
      positions: async () => positions,
      openOrders: async () => openOrders as OrderReport[],
    }) as unknown as Broker;
  const bot = { name: 'b', symbol: 'BTC/USDT' } as Parameters<typeof liveAccountMismatches>[0];

  it('wants an account holding none of the base asset and no open orders in the symbol', async () => {
    expect(await liveAccountMismatches(bot, broker([{ symbol: 'ETH/USDT', quantity: 2 }], []))).toEqual([]);
    const found = await liveAccountMismatches(
      bot,
      broker(
        [{ symbol: 'BTC/USDT', quantity: 0.5 }],
        [{ clientOrderId: 'x1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', quantity: 1 }],
      ),
    );
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('0.5 BTC/USDT');
    expect(found[1]).toContain('x1');
  });
});
