import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPaperBroker,
  createReplayExchange,
  ManualClock,
  MemorySandboxLedger,
} from '../../../src/broker/index.js';
import { type Broker, type OrderReport, SafetyError } from '../../../src/core/index.js';
import {
  checkPromotion,
  demoteBot,
  liveAccountMismatches,
  type PromotionOptions,
  promoteBot,
} from '../../../src/fleet/index.js';
import { reconcile } from '../../../src/runner/index.js';
import {
  acquireLease,
  activeOrders,
  type BotDeclaration,
  type BotRecord,
  eventsOf,
  getBot,
  readPosition,
  readRuntime,
  registerBots,
  releaseLease,
  type Store,
  StoreSandboxLedger,
  setDayStart,
  setFlags,
} from '../../../src/store/index.js';
import { candlesFrom } from '../../helpers/candles.js';
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

  /** recordFill leaves its orders `new`; a runner would have seen them filled. */
  const settle = (name: string) =>
    store.db.updateTable('orders').set({ status: 'filled' }).where('bot', '=', name).execute();

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
    await settle(name);
  };
  const buyOne = (name: string) =>
    recordFill(store, name, {
      symbol: 'BTC/USDT',
      side: 'buy',
      quantity: 1,
      price: 100,
      time: new Date(Date.now() + 600_000),
    });
  const runnerOf = (name: string, owner: string) =>
    acquireLease(store, name, { owner, pid: process.pid, host: hostname(), ttlMs: 60_000 });

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());

  it('accepts a bot that meets every condition, and promotion records who and why', async () => {
    await seasoned('good');
    expect(await checkPromotion(store, 'good', options())).toEqual([]);
    expect(reconciled).toContain('good');
    await setDayStart(store, 'good', '2026-01-02', 1002);
    await promoteBot(store, 'good', { actor: 'ann@desk', reason: 'two weeks clean' });
    const bot = await getBot(store, 'good');
    expect(bot?.mode).toBe('live');
    // The live ledger starts from the capital, not from the paper record's cash.
    expect(await readRuntime(store, 'good')).toMatchObject({ cash: 1000, day: null, dayStartEquity: null });
    const [event] = await eventsOf(store, { bot: 'good', kinds: ['promoted'] });
    expect(event).toMatchObject({
      level: 'alert',
      data: { actor: 'ann@desk', reason: 'two weeks clean', from: 'paper', to: 'live', previousCash: 1002, cash: 1000 },
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
    await buyOne('quiet');
    await settle('quiet');
    const reasons = await checkPromotion(store, 'quiet', options({ minPaperTrades: 3 }));
    expect(reasons).toEqual([
      expect.stringMatching(/^2 closed paper trades since .*; 3 needed \(promotion.min_paper_trades\)$/),
      'it holds 1 BTC/USDT: let its runner close the position, then promote it',
    ]);
  });

  it('refuses a bot that holds a position, has active orders or a running runner, and so does the switch', async () => {
    await seasoned('open');
    await buyOne('open'); // its order stays `new`: active
    await runnerOf('open', 'runner-open');
    const reasons = [
      'it holds 1 BTC/USDT: let its runner close the position, then promote it',
      'it has 1 active order (new, open or partially filled): let its runner see it filled or cancelled, then promote it',
      `its runner is running (runner-open, pid ${process.pid} on ${hostname()}): stop it first (fleet down, or Ctrl-C on its fleet run), then promote it, then start it again`,
    ];
    expect(await checkPromotion(store, 'open', options())).toEqual(reasons);
    // promoteBot does not run the gate, but the switch itself refuses.
    const refused = await promoteBot(store, 'open', { actor: 'ann', reason: 'x' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SafetyError);
    expect((refused as Error).message).toBe(
      `promotion of open to live refused:\n${reasons.map((reason) => `  - ${reason}`).join('\n')}`,
    );
    expect((await getBot(store, 'open'))?.mode).toBe('paper');
    await releaseLease(store, 'open', 'runner-open');
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
    // The runner's own resolution of the rails (botRiskLimits): a rail it would refuse, the gate refuses.
    await seasoned('broken', { risk: { ...RAILS, max_order_value: -5 } });
    expect(await checkPromotion(store, 'broken', options())).toEqual([
      expect.stringMatching(/^risk rails are invalid: risk\.max_order_value must be .*, got -5$/),
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

  it('demotes to paper when it is flat and stopped, starting a new paper record', async () => {
    const before = await getBot(store, 'good');
    await runnerOf('good', 'runner-good');
    const refused = await demoteBot(store, 'good', { actor: 'ann@desk', reason: 'drawdown' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SafetyError);
    expect((refused as Error).message).toMatch(
      /^demotion of good to paper refused: its runner is running \(runner-good, .*\): stop it first \(fleet down, or Ctrl-C on its fleet run\), then demote it, then start it again$/,
    );
    expect((await getBot(store, 'good'))?.mode).toBe('live');
    await releaseLease(store, 'good', 'runner-good');
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

  it('demotes a bot onto a fresh paper account that agrees with its reset ledger: capital on both sides', async () => {
    await registerBots(store, [declaration('papered')]);
    const bot = (await getBot(store, 'papered')) as BotRecord;
    const ledger = new StoreSandboxLedger(store);
    const clock = new ManualClock(Date.UTC(2024, 0, 1, 2, 5));
    const feed = createReplayExchange({
      account: 'feed',
      ledger: new MemorySandboxLedger(),
      clock,
      timeframe: '1h',
      costs: { feeBps: 10, slippageBps: 20 },
      initialCash: 0,
      candles: {
        'BTC/USDT': candlesFrom([
          [100, 101, 99, 100],
          [100, 104, 98, 103],
          [103, 104, 96, 97],
        ]),
      },
    });
    const paperBroker = () =>
      createPaperBroker({
        account: `paper:${bot.name}`,
        ledger,
        clock,
        feed,
        timeframe: '1h',
        costs: { feeBps: 10, slippageBps: 20 },
        initialCash: bot.capital,
        canShort: false,
        quote: 'USDT',
      });
    const cashOf = async (broker: Broker) => (await broker.balances()).USDT;
    /** The runner's boot reconciliation of the bot's ledger with its paper account. */
    const mismatches = async (broker: Broker) =>
      reconcile(
        {
          symbol: bot.symbol,
          position: (await readPosition(store, bot.name, bot.symbol)).quantity,
          openOrderIds: new Set((await activeOrders(store, bot.name)).map((order) => order.clientOrderId)),
          cash: (await readRuntime(store, bot.name))?.cash,
        },
        {
          positions: await broker.positions(),
          openOrders: await broker.openOrders(bot.symbol),
          cash: await cashOf(broker),
        },
      );

    // A paper round trip: fees and slippage leave the account below its capital.
    const paper = paperBroker();
    for (const side of ['buy', 'sell'] as const) {
      await paper.placeOrder({ clientOrderId: `p-${side}`, symbol: 'BTC/USDT', side, type: 'market', quantity: 2 });
    }
    const traded = await cashOf(paper);
    expect(traded).toBeLessThan(bot.capital);
    await store.db
      .updateTable('bot_runtime')
      .set({ cash: String(traded) })
      .where('bot', '=', bot.name)
      .execute();
    expect(await mismatches(paper)).toEqual([]);

    await promoteBot(store, bot.name, { actor: 'ann', reason: 'test' });
    await demoteBot(store, bot.name, { actor: 'ann', reason: 'test' });
    const fresh = paperBroker();
    expect((await readRuntime(store, bot.name))?.cash).toBe(bot.capital);
    expect(await cashOf(fresh)).toBe(bot.capital);
    expect(await ledger.findOrder(`paper:${bot.name}`, 'p-buy')).toBeUndefined();
    expect(await mismatches(fresh)).toEqual([]);
  });

  describe('liveAccountMismatches', () => {
    const broker = (
      positions: Array<{ symbol: string; quantity: number }>,
      openOrders: Partial<OrderReport>[] = [],
      balances: Record<string, number> = { USDT: 5000 },
    ) =>
      ({
        positions: async () => positions,
        openOrders: async () => openOrders as OrderReport[],
        balances: async () => balances,
        minimumQuantity: async () => 0.00001,
      }) as unknown as Broker;

    it('wants an account holding none of the base asset and no open orders in the symbol for a flat ledger', async () => {
      await seasoned('flat');
      const bot = (await getBot(store, 'flat')) as BotRecord;
      expect(await liveAccountMismatches(store, bot, broker([{ symbol: 'ETH/USDT', quantity: 2 }]))).toEqual([]);
      const found = await liveAccountMismatches(
        store,
        bot,
        broker(
          [{ symbol: 'BTC/USDT', quantity: 0.5 }],
          [{ clientOrderId: 'x1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', quantity: 1 }],
        ),
      );
      expect(found).toHaveLength(2);
      expect(found[0]).toContain('0.5 BTC/USDT');
      expect(found[1]).toContain('x1');
      // Dust below the market's smallest order (0.00001 here) is not a holding anyone can trade.
      expect(await liveAccountMismatches(store, bot, broker([{ symbol: 'BTC/USDT', quantity: 0.000008 }]))).toEqual([]);
      expect(await liveAccountMismatches(store, bot, broker([{ symbol: 'BTC/USDT', quantity: 0.00001 }]))).toHaveLength(
        1,
      );
    });

    it("compares the account with the bot's real ledger, not an empty one", async () => {
      await seasoned('holder');
      await buyOne('holder');
      const [order] = await activeOrders(store, 'holder');
      const bot = (await getBot(store, 'holder')) as BotRecord;
      const known = { clientOrderId: order.clientOrderId, symbol: 'BTC/USDT', side: 'buy', type: 'limit', quantity: 1 };
      expect(
        await liveAccountMismatches(store, bot, broker([{ symbol: 'BTC/USDT', quantity: 1 }], [known as OrderReport])),
      ).toEqual([]);
      expect(await liveAccountMismatches(store, bot, broker([]))).toEqual([
        'the ledger holds 1 BTC/USDT but the broker holds none',
      ]);
    });

    it("refuses an account holding less of the quote currency than the bot's capital", async () => {
      const bot = (await getBot(store, 'flat')) as BotRecord;
      expect(await liveAccountMismatches(store, bot, broker([], [], { USDT: 1000 }))).toEqual([]);
      expect(await liveAccountMismatches(store, bot, broker([], [], { USDT: 999.5, BUSD: 5000 }))).toEqual([
        "the account holds 999.5 USDT, less than the bot's capital 1000",
      ]);
      expect(await liveAccountMismatches(store, bot, broker([], [], {}))).toEqual([
        "the account holds 0 USDT, less than the bot's capital 1000",
      ]);
    });
  });
});
