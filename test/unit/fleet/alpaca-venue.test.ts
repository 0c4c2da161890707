import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveBroker, venueQuote } from '../../../src/broker/index.js';
import {
  checkPromotion,
  demoteToPaper,
  liveAccountMismatches,
  type PromoteToLiveOptions,
  promoteToLive,
} from '../../../src/fleet/index.js';
import { assembleRunners } from '../../../src/runner/index.js';
import { type BotDeclaration, type BotRecord, getBot, registerBots, type Store } from '../../../src/store/index.js';
import { FAKE_ALPACA_KEYS, type FakeAlpaca, startFakeAlpaca } from '../../../src/testing/fake-alpaca.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';

/**
 * `exchange: "alpaca"` wired through the fleet: the runner factory builds the Alpaca broker (its
 * paper account for a paper bot, the live one for a live bot) and the promotion gate reconciles
 * the live account in US dollars before a stock bot may go live.
 */
const SPEC = JSON.parse(readFileSync(new URL('../../../examples/specs/ema-cross.json', import.meta.url), 'utf8'));
const RAILS = { max_order_value: 500, max_position_value: 1000, daily_loss_limit: 0.03 };

const declaration = (name: string): BotDeclaration => ({
  name,
  spec: SPEC,
  params: { fast: 10, slow: 30, stop_loss: 0.05, take_profit: 0.1 },
  symbol: 'AAPL',
  exchange: 'alpaca',
  timeframe: '1h',
  capital: 1000,
  risk: RAILS,
  config: {},
});

describe.each(BACKENDS)('alpaca bots in the fleet (%s)', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let fake: FakeAlpaca;

  beforeAll(async () => {
    fake = await startFakeAlpaca();
    database = await createTestDatabase(backend);
    store = await database.open();
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
    await database?.cleanup();
  });
  beforeEach(() => fake.reset());

  async function register(name: string): Promise<BotRecord> {
    await registerBots(store, [declaration(name)]);
    return (await getBot(store, name)) as BotRecord;
  }

  it('the runner factory builds a paper stock bot on the Alpaca paper account, in USD; without keys it says which to set', async () => {
    const bot = await register('aapl-paper');
    expect(venueQuote('alpaca', 'AAPL')).toBe('USD');
    const built = await assembleRunners({
      store,
      bots: [bot],
      owner: 'test',
      env: FAKE_ALPACA_KEYS,
      apiBaseUrl: fake.url,
    });
    expect(built.failed).toEqual([]);
    expect(built.groups.flatMap((g) => g.brokers.map((b) => b.name))).toEqual(['alpaca-paper']);
    const [broker] = built.groups[0].brokers;
    expect(await broker.balances()).toEqual({ USD: 100_000 });
    expect(fake.calls('GET /v2/account')[0].keyId).toBe(FAKE_ALPACA_KEYS.APCA_API_KEY_ID);

    const keyless = await assembleRunners({ store, bots: [bot], owner: 'test', env: {} });
    expect(keyless.groups).toEqual([]);
    expect(keyless.failed).toEqual([
      {
        bot: 'aapl-paper',
        state: 'failed',
        reason:
          'trading on alpaca (paper) needs Alpaca API keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY in the environment (or .env); both APCA_API_KEY_ID and APCA_API_SECRET_KEY are required',
      },
    ]);
  });

  it('the promotion gate asks for APCA keys and reconciles the live account in USD', async () => {
    const bot = await register('aapl-gate');
    const live = await createLiveBroker({
      exchange: 'alpaca',
      symbols: ['AAPL'],
      env: FAKE_ALPACA_KEYS,
      apiBaseUrl: fake.url,
    });
    expect(live.name).toBe('alpaca');
    expect(await liveAccountMismatches(store, bot, live)).toEqual([]);

    fake.account.positions.set('AAPL', 5);
    fake.account.cash = 500;
    expect(await liveAccountMismatches(store, bot, live)).toEqual([
      "broker holds 5 AAPL that the bot's ledger does not know of",
      "the account holds 500 USD, less than the bot's capital 1000",
    ]);

    const reasons = await checkPromotion(store, bot.name, {
      env: {},
      minPaperDays: 0,
      minPaperTrades: 0,
      reconcileLive: async () => [],
    });
    expect(reasons).toContain(
      'no API keys for alpaca: set APCA_API_KEY_ID and APCA_API_SECRET_KEY in the environment or .env',
    );
  });

  /** promoteToLive is `fleet promote --live` below the prompt: the gate, with the live account reconciled through the broker it builds from the keys, the confirmation, the switch. */
  describe('promoteToLive and demoteToPaper', () => {
    const asked: string[] = [];
    const options = (answer: boolean, overrides: Partial<PromoteToLiveOptions> = {}): PromoteToLiveOptions => ({
      env: FAKE_ALPACA_KEYS,
      minPaperDays: 0,
      minPaperTrades: 0,
      audit: { actor: 'ann@desk', reason: 'gate passed' },
      apiBaseUrl: fake.url,
      confirm: async (bot: BotRecord) => {
        asked.push(bot.name);
        return answer;
      },
      ...overrides,
    });
    const modeOf = async (name: string) => (await getBot(store, name))?.mode;

    it('returns the gate’s reasons without asking when it refuses', async () => {
      await register('aapl-keyless');
      expect(await promoteToLive(store, 'aapl-keyless', options(true, { env: {} }))).toEqual({
        status: 'refused',
        reasons: ['no API keys for alpaca: set APCA_API_KEY_ID and APCA_API_SECRET_KEY in the environment or .env'],
      });
      await register('aapl-crowded');
      fake.account.positions.set('AAPL', 5);
      expect(await promoteToLive(store, 'aapl-crowded', options(true))).toEqual({
        status: 'refused',
        reasons: ["live account: broker holds 5 AAPL that the bot's ledger does not know of"],
      });
      expect(asked).toEqual([]);
      expect(await modeOf('aapl-keyless')).toBe('paper');
      await expect(promoteToLive(store, 'ghost', options(true))).rejects.toThrow("unknown bot 'ghost'");
    });

    it('asks once the gate passed, keeps the bot in paper on no and switches it on yes', async () => {
      await register('aapl-ready');
      expect(await promoteToLive(store, 'aapl-ready', options(false))).toEqual({ status: 'cancelled' });
      expect(asked).toEqual(['aapl-ready']);
      expect(await modeOf('aapl-ready')).toBe('paper');

      expect((await promoteToLive(store, 'aapl-ready', options(true))).status).toBe('promoted');
      expect(await modeOf('aapl-ready')).toBe('live');
      expect(asked).toEqual(['aapl-ready', 'aapl-ready']);

      expect(await demoteToPaper(store, 'aapl-ready', { actor: 'ann@desk', reason: 'enough' })).toBe(true);
      expect(await modeOf('aapl-ready')).toBe('paper');
      expect(await demoteToPaper(store, 'aapl-ready', { actor: 'ann@desk', reason: 'again' })).toBe(false);
    });
  });
});
