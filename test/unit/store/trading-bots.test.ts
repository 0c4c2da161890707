import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InputError,
  SafetyError,
  type SandboxAccountState,
  type SandboxOrder,
  UsageError,
} from '../../../src/core/index.js';
import {
  acquireLease,
  applyFill,
  eventsOf,
  getBot,
  insertOrder,
  type LedgerOrder,
  listBots,
  listFlags,
  markOrder,
  modeChangeBlockers,
  readFlags,
  readPosition,
  readRuntime,
  registerBots,
  releaseLease,
  type Store,
  StoreSandboxLedger,
  setBotMode,
  setBotStatus,
  setDayStart,
  setFlags,
} from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { botDeclaration } from '../../helpers/trading-store.js';

describe.each(BACKENDS)('bots and flags on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
  });
  afterAll(() => database?.cleanup());

  it('registers new bots in paper mode with clear flags and cash = capital, and upserts existing ones', async () => {
    const alpha = botDeclaration('alpha', { capital: 1234.56 });
    expect(await registerBots(store, [alpha, botDeclaration('beta')])).toEqual({
      created: ['alpha', 'beta'],
      updated: [],
    });
    const stored = await getBot(store, 'alpha');
    expect(stored).toMatchObject({ ...alpha, mode: 'paper', status: 'stopped' });
    expect(stored?.modeSince).toBeInstanceOf(Date);
    expect(stored?.createdAt).toBeInstanceOf(Date);
    expect((await readRuntime(store, 'alpha'))?.cash).toBe(1234.56);
    expect(await readFlags(store, 'alpha')).toEqual({
      killSwitch: false,
      globalKillSwitch: false,
      paused: false,
      halted: false,
      haltedReason: null,
    });

    await setBotMode(store, 'alpha', 'live', { actor: 'tester', reason: 'gate passed' });
    await setFlags(store, 'alpha', { paused: true }, { actor: 'tester' });
    const changed = { ...alpha, capital: 999, params: { fast: 10, slow: 26, kind: 'ema', trail: true } };
    expect(await registerBots(store, [changed, botDeclaration('beta'), botDeclaration('gamma')])).toEqual({
      created: ['gamma'],
      updated: ['alpha'],
    });
    const after = await getBot(store, 'alpha');
    expect(after).toMatchObject({ ...changed, mode: 'live' });
    expect(after?.modeSince).toEqual((await getBot(store, 'alpha'))?.modeSince);
    // The runtime (cash) and the flags are the bot's own, not the declaration's.
    expect((await readRuntime(store, 'alpha'))?.cash).toBe(1234.56);
    expect((await readFlags(store, 'alpha')).paused).toBe(true);
    expect((await listBots(store)).map((bot) => [bot.name, bot.mode])).toEqual([
      ['alpha', 'live'],
      ['beta', 'paper'],
      ['gamma', 'paper'],
    ]);
    expect(await getBot(store, 'nobody')).toBeUndefined();
  });

  it('changes mode with an audit event, and status in both tables', async () => {
    await registerBots(store, [botDeclaration('moder')]);
    const before = await getBot(store, 'moder');
    await setBotMode(store, 'moder', 'live', { actor: 'cli', reason: 'promote' });
    const live = await getBot(store, 'moder');
    expect(live?.mode).toBe('live');
    expect(live!.modeSince.getTime()).toBeGreaterThanOrEqual(before!.modeSince.getTime());
    await setBotMode(store, 'moder', 'live', { actor: 'cli', reason: 'again' });
    await setBotMode(store, 'moder', 'paper', { actor: 'risk', reason: 'drawdown' });
    const events = await eventsOf(store, { bot: 'moder' });
    expect(events.map((event) => [event.kind, event.level, event.data])).toEqual([
      [
        'promoted',
        'alert',
        { actor: 'cli', reason: 'promote', from: 'paper', to: 'live', previousCash: 10_000, cash: 10_000 },
      ],
      [
        'demoted',
        'alert',
        { actor: 'risk', reason: 'drawdown', from: 'live', to: 'paper', previousCash: 10_000, cash: 10_000 },
      ],
    ]);
    await expect(setBotMode(store, 'modr', 'live', { actor: 'x', reason: 'y' })).rejects.toThrow(
      "unknown bot 'modr'; did you mean 'moder'?",
    );

    await setBotStatus(store, 'moder', 'running');
    expect((await getBot(store, 'moder'))?.status).toBe('running');
    expect((await readRuntime(store, 'moder'))?.status).toBe('running');
    await expect(setBotStatus(store, 'ghost', 'running')).rejects.toBeInstanceOf(UsageError);
  });

  /** An order of `bot` in the ledger, status `new` until marked otherwise. */
  let orderSequence = 0;
  const order = (bot: string, symbol = 'BTC/USDT'): Promise<LedgerOrder> =>
    insertOrder(store, {
      bot,
      clientOrderId: `${bot}-order-${++orderSequence}`,
      symbol,
      side: 'buy',
      type: 'market',
      quantity: 0.5,
      reduceOnly: false,
      role: 'entry',
      barTime: 0,
      mode: 'paper',
    });
  /** Books a fill of `placed` leaving the bot with `quantity` of the symbol. */
  const fill = async (placed: LedgerOrder, quantity: number, cash: number) => {
    await applyFill(store, {
      bot: placed.bot,
      orderId: placed.id,
      symbol: placed.symbol,
      fill: { id: `fill-${placed.clientOrderId}`, quantity: placed.quantity, price: 100, fee: 0, time: Date.now() },
      position: { quantity, avgPrice: quantity === 0 ? 0 : 100 },
      cash,
    });
    await markOrder(store, placed.clientOrderId, 'filled');
  };
  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as Error,
    );

  it('refuses a mode change while the bot holds a position, has active orders or a running runner', async () => {
    await registerBots(store, [botDeclaration('busy', { capital: 1000 })]);
    const entry = await order('busy');
    const pending = await refusalOf(setBotMode(store, 'busy', 'live', { actor: 'cli', reason: 'promote' }));
    expect(pending).toBeInstanceOf(SafetyError);
    expect(pending?.message).toBe(
      'promotion of busy to live refused: it has 1 active order (new, open or partially filled): let its runner see it filled or cancelled, then promote it',
    );

    await fill(entry, 0.5, 950);
    const holding = 'it holds 0.5 BTC/USDT: let its runner close the position, then promote it';
    expect((await refusalOf(setBotMode(store, 'busy', 'live', { actor: 'cli', reason: 'x' })))?.message).toBe(
      `promotion of busy to live refused: ${holding}`,
    );

    expect(
      await acquireLease(store, 'busy', { owner: 'runner-1', pid: process.pid, host: hostname(), ttlMs: 60_000 }),
    ).toMatchObject({ acquired: true });
    const running = `its runner is running (runner-1, pid ${process.pid} on ${hostname()}): stop it first (fleet down, or Ctrl-C on its fleet run), then promote it, then start it again`;
    const both = await refusalOf(setBotMode(store, 'busy', 'live', { actor: 'cli', reason: 'x' }));
    expect(both).toBeInstanceOf(SafetyError);
    expect(both?.message.split('\n')).toEqual([
      'promotion of busy to live refused:',
      `  - ${holding}`,
      `  - ${running}`,
    ]);
    expect(await modeChangeBlockers(store, 'busy', 'live')).toEqual([holding, running]);

    // Refused means untouched: mode, cash, and no event.
    expect((await getBot(store, 'busy'))?.mode).toBe('paper');
    expect((await readRuntime(store, 'busy'))?.cash).toBe(950);
    expect(await eventsOf(store, { bot: 'busy', kinds: ['promoted'] })).toEqual([]);

    // Flat (a zero row is flat), no active order, lease given back: the switch goes through.
    await fill(await order('busy'), 0, 1010);
    expect(await modeChangeBlockers(store, 'busy', 'live')).toEqual([running]);
    await releaseLease(store, 'busy', 'runner-1');
    await setBotMode(store, 'busy', 'live', { actor: 'cli', reason: 'promote' });
    expect((await getBot(store, 'busy'))?.mode).toBe('live');

    // The same holds on the way back.
    await acquireLease(store, 'busy', { owner: 'runner-2', pid: process.pid, host: hostname(), ttlMs: 60_000 });
    const demotion = await refusalOf(setBotMode(store, 'busy', 'paper', { actor: 'cli', reason: 'drawdown' }));
    expect(demotion).toBeInstanceOf(SafetyError);
    expect(demotion?.message).toMatch(
      /^demotion of busy to paper refused: its runner is running \(runner-2, .*then demote it, then start it again$/,
    );
    expect((await getBot(store, 'busy'))?.mode).toBe('live');
    await releaseLease(store, 'busy', 'runner-2');
  });

  it('counts a position below the market’s smallest order as flat, and writes it off with the change', async () => {
    await registerBots(store, [botDeclaration('dusty', { capital: 1000 })]);
    await setBotMode(store, 'dusty', 'live', { actor: 'cli', reason: 'promote' });
    // A live exit cut down to whole lot steps left 0.000008 BTC behind.
    await fill(await order('dusty'), 0.000008, 1020);
    const held = await refusalOf(setBotMode(store, 'dusty', 'paper', { actor: 'cli', reason: 'back' }));
    expect(held?.message).toContain('it holds 0.000008 BTC/USDT');
    expect(await modeChangeBlockers(store, 'dusty', 'paper', { dust: 0.000008 })).toHaveLength(1);
    expect(await modeChangeBlockers(store, 'dusty', 'paper', { dust: 0.00001 })).toEqual([]);

    await setBotMode(store, 'dusty', 'paper', { actor: 'cli', reason: 'back' }, { dust: 0.00001 });
    expect((await getBot(store, 'dusty'))?.mode).toBe('paper');
    expect((await readPosition(store, 'dusty', 'BTC/USDT')).quantity).toBe(0);
    const [demoted] = await eventsOf(store, { bot: 'dusty', kinds: ['demoted'] });
    expect(demoted.data).toMatchObject({ dustWrittenOff: [{ symbol: 'BTC/USDT', quantity: 0.000008 }] });
  });

  it('ignores a lease that expired or whose process on this host has died, not one held elsewhere', async () => {
    await registerBots(store, [botDeclaration('leased')]);
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    await acquireLease(store, 'leased', { owner: 'gone', pid: process.pid, host: hostname(), ttlMs: -1000 });
    expect(await modeChangeBlockers(store, 'leased', 'live')).toEqual([]);
    await acquireLease(store, 'leased', { owner: 'crashed', pid: dead, host: hostname(), ttlMs: 60_000 });
    expect(await modeChangeBlockers(store, 'leased', 'live')).toEqual([]);
    await store.db.updateTable('bot_runtime').set({ lease_host: 'another-host' }).where('bot', '=', 'leased').execute();
    expect(await modeChangeBlockers(store, 'leased', 'live')).toEqual([
      expect.stringMatching(/^its runner is running \(crashed, pid \d+ on another-host\): stop it first/),
    ]);
  });

  it('resets cash to the capital and clears the day on a mode change, and the paper accounts on a demotion', async () => {
    await registerBots(store, [botDeclaration('reset', { capital: 1000 })]);
    const ledger = new StoreSandboxLedger(store);
    const traded = { cash: 1234.5, positions: {}, matchedThrough: { 'BTC/USDT': 0 } };
    const done = {
      clientOrderId: 'reset-1',
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'market',
      quantity: 1,
      status: 'filled',
      filledQuantity: 1,
      fee: 0,
      placedAt: 0,
      updatedAt: 0,
    } as unknown as SandboxOrder;
    const tradePaper = async () => {
      await store.db.updateTable('bot_runtime').set({ cash: '1234.5' }).where('bot', '=', 'reset').execute();
      await setDayStart(store, 'reset', '2026-01-02', 1234.5);
      for (const account of ['reset', 'paper:reset', 'paper:reset-other']) {
        const before = await ledger.loadAccount(account);
        const order = await ledger.findOrder(account, done.clientOrderId);
        await ledger.commit(account, { before, after: traded, orders: [{ before: order, after: done }] });
      }
    };

    await tradePaper();
    await setBotMode(store, 'reset', 'live', { actor: 'cli', reason: 'promote' });
    expect(await readRuntime(store, 'reset')).toMatchObject({ cash: 1000, day: null, dayStartEquity: null });
    // Nothing trades the paper accounts while live; the demotion resets them.
    expect(await ledger.loadAccount('paper:reset')).toEqual(traded);

    await tradePaper();
    await setBotMode(store, 'reset', 'paper', { actor: 'cli', reason: 'drawdown' });
    expect(await readRuntime(store, 'reset')).toMatchObject({ cash: 1000, day: null, dayStartEquity: null });
    for (const account of ['reset', 'paper:reset']) {
      expect(await ledger.loadAccount(account), account).toBeUndefined();
      expect(await ledger.findOrder(account, 'reset-1'), account).toBeUndefined();
    }
    // Another bot's account (even one whose name starts alike) is left alone.
    expect(await ledger.loadAccount('paper:reset-other')).toEqual(traded);
    expect(await ledger.findOrder('paper:reset-other', 'reset-1')).toBeDefined();
    const [demoted] = await eventsOf(store, { bot: 'reset', kinds: ['demoted'] });
    expect(demoted.data).toMatchObject({ previousCash: 1234.5, cash: 1000 });
    expect(demoted.message).toContain('cash reset to 1000');
  });

  it('refuses to change the market of a bot that is not flat or has active orders, writing nothing', async () => {
    await registerBots(store, [botDeclaration('mover', { capital: 1000 })]);
    const entry = await order('mover');
    const moved = botDeclaration('mover', { capital: 1000, symbol: 'ETH/USDT' });
    const refused = await refusalOf(registerBots(store, [botDeclaration('newcomer'), moved]));
    expect(refused).toBeInstanceOf(InputError);
    expect(refused?.message).toBe(
      "bot 'mover' cannot change its symbol (BTC/USDT → ETH/USDT) while it has 1 active order: keep the old value until the bot is flat with no active orders and its runner is stopped, or declare a new bot",
    );
    // One transaction: the bot declared before it was not registered either.
    expect(await getBot(store, 'newcomer')).toBeUndefined();
    expect((await getBot(store, 'mover'))?.symbol).toBe('BTC/USDT');

    await fill(entry, 0.5, 950);
    const everything = botDeclaration('mover', { capital: 1000, exchange: 'binance', timeframe: '4h' });
    expect((await refusalOf(registerBots(store, [everything])))?.message).toMatch(
      /^bot 'mover' cannot change its exchange \(sandbox → binance\), timeframe \(1h → 4h\) while it holds 0\.5 BTC\/USDT: /,
    );
    await order('mover');
    expect((await refusalOf(registerBots(store, [moved])))?.message).toContain(
      'while it holds 0.5 BTC/USDT and has 1 active order: ',
    );

    const toTokyo = botDeclaration('mover', { capital: 1000, config: { venue: 'XTKS' } });
    expect((await refusalOf(registerBots(store, [toTokyo])))?.message).toMatch(
      /^bot 'mover' cannot change its venue \(default → XTKS\) while it holds 0\.5 BTC\/USDT and has 1 active order: /,
    );

    // Anything else of the declaration may change while it trades.
    expect(await registerBots(store, [botDeclaration('mover', { capital: 2000 })])).toEqual({
      created: [],
      updated: ['mover'],
    });
    // Flat, every order settled: the market may change.
    await store.db.updateTable('orders').set({ status: 'cancelled' }).where('bot', '=', 'mover').execute();
    await fill(await order('mover'), 0, 1000);
    // ...but not while a runner trades it: it would go on trading the old market.
    await acquireLease(store, 'mover', { owner: 'runner-m', pid: process.pid, host: hostname(), ttlMs: 60_000 });
    expect((await refusalOf(registerBots(store, [moved])))?.message).toContain(
      `while it is being run (runner-m, pid ${process.pid} on ${hostname()}): `,
    );
    await releaseLease(store, 'mover', 'runner-m');
    expect(await registerBots(store, [moved])).toEqual({ created: [], updated: ['mover'] });
    expect((await getBot(store, 'mover'))?.symbol).toBe('ETH/USDT');
  });

  it('starts a bot moved to another exchange on a fresh ledger: cash = capital, new paper accounts', async () => {
    await registerBots(store, [botDeclaration('hopper', { capital: 1000, exchange: 'sandbox' })]);
    await fill(await order('hopper'), 0, 1050); // a round trip earned 50
    await setDayStart(store, 'hopper', '2026-01-02', 1040);
    const ledger = new StoreSandboxLedger(store);
    const account = { cash: 1050, positions: {} } as unknown as SandboxAccountState;
    await ledger.commit('hopper', { before: undefined, after: account, orders: [] });
    await ledger.commit('paper:hopper', { before: undefined, after: account, orders: [] });

    // Same exchange, other settings: the ledger stays as it is.
    await registerBots(store, [botDeclaration('hopper', { capital: 1000, exchange: 'sandbox', timeframe: '4h' })]);
    expect((await readRuntime(store, 'hopper'))?.cash).toBe(1050);
    expect(await ledger.loadAccount('hopper')).toBeDefined();

    await registerBots(store, [botDeclaration('hopper', { capital: 1000, exchange: 'binance', timeframe: '4h' })]);
    expect(await readRuntime(store, 'hopper')).toMatchObject({ cash: 1000, day: null, dayStartEquity: null });
    expect(await ledger.loadAccount('hopper')).toBeUndefined();
    expect(await ledger.loadAccount('paper:hopper')).toBeUndefined();
  });

  it('round-trips flags, the global kill switch included, each change audited', async () => {
    await registerBots(store, [botDeclaration('flagged'), botDeclaration('other')]);
    const start = (await eventsOf(store, { limit: 1 }))[0]?.id ?? 0;
    await setFlags(store, 'flagged', { halted: true, haltedReason: 'daily loss' }, { actor: 'risk' });
    expect(await readFlags(store, 'flagged')).toMatchObject({ halted: true, haltedReason: 'daily loss' });
    await setFlags(store, 'flagged', { killSwitch: true }, { actor: 'cli', message: 'kill it' });
    await setFlags(store, null, { killSwitch: true }, { actor: 'cli' });
    expect(await readFlags(store, 'flagged')).toEqual({
      killSwitch: true,
      globalKillSwitch: true,
      paused: false,
      halted: true,
      haltedReason: 'daily loss',
    });
    expect(await readFlags(store, 'other')).toMatchObject({ killSwitch: false, globalKillSwitch: true });
    // A bot without a flags row reads as clear (with the global switch).
    expect(await readFlags(store, 'not-registered')).toEqual({
      killSwitch: false,
      globalKillSwitch: true,
      paused: false,
      halted: false,
      haltedReason: null,
    });
    const all = await listFlags(store);
    expect(all.get('flagged')).toMatchObject({ killSwitch: true, halted: true, globalKillSwitch: true });
    expect(all.get('other')).toMatchObject({ killSwitch: false, globalKillSwitch: true });

    await setFlags(store, null, { killSwitch: false }, { actor: 'cli' });
    await setFlags(store, 'flagged', { halted: false, killSwitch: false }, { actor: 'cli' });
    await setFlags(store, 'flagged', { paused: true }, { actor: 'cli' });
    await setFlags(store, 'flagged', { paused: false }, { actor: 'cli' });
    expect(await readFlags(store, 'flagged')).toEqual({
      killSwitch: false,
      globalKillSwitch: false,
      paused: false,
      halted: false,
      haltedReason: null,
    });
    const audit = await eventsOf(store, { afterId: start });
    expect(audit.map((event) => [event.bot, event.kind, event.level])).toEqual([
      ['flagged', 'halted', 'alert'],
      ['flagged', 'killed', 'alert'],
      [null, 'killed', 'alert'],
      [null, 'unkilled', 'info'],
      ['flagged', 'unkilled', 'info'],
      ['flagged', 'paused', 'info'],
      ['flagged', 'resumed', 'info'],
    ]);
    expect(audit[0].data).toEqual({ actor: 'risk', halted: true, haltedReason: 'daily loss' });
    expect(audit[1].message).toBe('kill it');
  });

  it('refuses flags of an unknown bot, naming it, and pausing through the global row', async () => {
    await expect(setFlags(store, 'ghost', { paused: true }, { actor: 'cli' })).rejects.toThrow(
      new UsageError("unknown bot 'ghost'"),
    );
    await expect(setFlags(store, null, { paused: true }, { actor: 'cli' })).rejects.toBeInstanceOf(UsageError);
    expect(await eventsOf(store, { kinds: ['paused'], bot: 'ghost' })).toEqual([]);
  });
});
