import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fleetDesk } from '../../../src/cli/commands/telegram-desk.js';
import { createTelegramBot, type TelegramBot } from '../../../src/notify/index.js';
import { designerStage } from '../../../src/pipeline/index.js';
import { eventsOf, listBots, readFlags, registerBots, type Store, setFlags } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { type FakeTelegram, startFakeTelegram } from '../../helpers/fake-telegram.js';
import { fleetProject, sandboxBot } from '../../helpers/fleet-project.js';
import { botDeclaration } from '../../helpers/trading-store.js';

const CHAT = 100;
const STRANGER = 999;

describe.each(BACKENDS)('the Telegram command bot on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let telegram: FakeTelegram;
  let bot: TelegramBot;
  let running: Promise<void>;
  let projectDir: string;
  const errors: unknown[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await database.open();
    await registerBots(store, [botDeclaration('alpha'), botDeclaration('beta')]);
    projectDir = fleetProject({ bots: [sandboxBot('kept')] });
  });
  afterAll(() => database?.cleanup());

  beforeEach(async () => {
    telegram = await startFakeTelegram();
    bot = await createTelegramBot({
      token: '1:test',
      chatIds: [CHAT],
      apiRoot: telegram.apiRoot,
      store,
      desk: fleetDesk({
        store,
        projectDir,
        design: designerStage({ provider: 'offline' }),
        pipeline: { bars: 1000, trials: 4, top: 1, minTrades: 1 },
        workers: 0,
      }),
      onError: (error) => errors.push(error),
    });
    running = bot.start();
  });
  afterEach(async () => {
    await bot.stop();
    await running;
    await telegram.close();
    expect(errors).toEqual([]);
  });

  /** Sends `text` from the allow-listed chat and waits for the next message the bot sends there. */
  const ask = async (text: string, chatId = CHAT) => {
    const before = telegram.sent.length;
    telegram.message(chatId, text);
    const [reply] = (await telegram.waitForSent(before + 1)).slice(before);
    return reply;
  };

  it('stops when told to while it is still setting up, before it polls', async () => {
    const early = await createTelegramBot({
      token: '1:test',
      chatIds: [CHAT],
      apiRoot: telegram.apiRoot,
      store,
      desk: fleetDesk({ store, projectDir }),
    });
    const started = early.start();
    // start() is setting the command list now: a stop here must still end it.
    await early.stop();
    await started;
    expect(early.bot.isRunning()).toBe(false);
  });

  it('answers /help with every command', async () => {
    const reply = await ask('/help');
    for (const command of ['/fleet', '/status', '/pnl', '/pause', '/resume', '/kill', '/halted', '/pipeline'])
      expect(reply.text).toContain(command);
    expect(telegram.calls.some((c) => c.method === 'setMyCommands')).toBe(true);
  });

  it('answers /fleet with every registered bot', async () => {
    const reply = await ask('/fleet');
    expect(reply.chatId).toBe(CHAT);
    const names = (await listBots(store)).map((b) => b.name);
    for (const name of names) expect(reply.text).toContain(`${name} (paper`);
  });

  it('answers /status BOT, and an unknown bot in one line', async () => {
    expect((await ask('/status alpha')).text).toMatch(/^alpha: stopped/);
    expect((await ask('/status nobody')).text).toMatch(/^error: .*nobody/);
  });

  it('answers /pnl for the fleet and for one bot over a period', async () => {
    const all = await ask('/pnl');
    expect(all.text).toContain('since the start');
    expect(all.text).toContain('TOTAL');
    const one = await ask('/pnl alpha 7d');
    expect(one.text).toMatch(/^P&L since \d{4}-/);
    expect(one.text).toContain('alpha: realised');
    expect(one.text).not.toContain('beta');
    expect((await ask('/pnl alpha yesterday')).text).toMatch(/^error:/);
  });

  it('/pause BOT sets the flag, audited as telegram:<chat id>; /resume BOT clears it', async () => {
    expect((await ask('/pause alpha')).text).toBe('alpha: paused');
    expect((await readFlags(store, 'alpha')).paused).toBe(true);
    const [paused] = (await eventsOf(store, { bot: 'alpha', kinds: ['paused'] })).slice(-1);
    expect(paused.data).toMatchObject({ actor: `telegram:${CHAT}` });
    expect((await ask('/resume alpha')).text).toBe('alpha: resumed');
    expect((await readFlags(store, 'alpha')).paused).toBe(false);
  });

  it('/kill BOT sets its kill switch at once', async () => {
    expect((await ask('/kill beta')).text).toBe('beta: kill switch set');
    expect((await readFlags(store, 'beta')).killSwitch).toBe(true);
    await ask('/resume beta');
    expect((await readFlags(store, 'beta')).killSwitch).toBe(false);
  });

  it('/kill all sets the global switch only after the button; /resume all likewise', async () => {
    const question = await ask('/kill all');
    expect(question.replyMarkup?.inline_keyboard[0][0].callback_data).toBe('confirm:kill');
    expect((await readFlags(store, 'alpha')).globalKillSwitch).toBe(false);
    telegram.press(CHAT, question.messageId, 'confirm:kill');
    const done = await telegram.waitFor(CHAT, /global kill switch set/);
    expect(done).toMatchObject({ method: 'editMessageText', messageId: question.messageId });
    expect((await readFlags(store, 'alpha')).globalKillSwitch).toBe(true);
    expect(telegram.answered).toHaveLength(1);

    expect((await ask('/halted')).text).toContain('GLOBAL KILL SWITCH ON');

    const resume = await ask('/resume all');
    telegram.press(CHAT, resume.messageId, 'cancel');
    await telegram.waitFor(CHAT, /cancelled/);
    expect((await readFlags(store, 'alpha')).globalKillSwitch).toBe(true);
    const again = await ask('/resume all');
    telegram.press(CHAT, again.messageId, 'confirm:resume');
    await telegram.waitFor(CHAT, /global kill switch cleared/);
    expect((await readFlags(store, 'alpha')).globalKillSwitch).toBe(false);
  });

  it('/halted lists halted bots with their reason', async () => {
    expect((await ask('/halted')).text).toBe('no bot is halted or killed');
    await setFlags(store, 'beta', { halted: true, haltedReason: 'daily loss limit' }, { actor: 'runner' });
    expect((await ask('/halted')).text).toContain('beta (paper');
    expect((await ask('/halted')).text).toContain('HALTED: daily loss limit');
    await ask('/resume beta');
  });

  it('ignores a chat that is not allow-listed and logs it', async () => {
    telegram.message(STRANGER, '/kill all');
    // The allow-listed chat's answer comes after the stranger's update was handled (in order).
    await ask('/help');
    expect(telegram.sent.filter((m) => m.chatId === STRANGER)).toEqual([]);
    const [ignored] = (await eventsOf(store, { kinds: ['telegram_ignored'] })).slice(-1);
    expect(ignored.data).toMatchObject({ chatId: STRANGER, text: '/kill all' });
    expect((await readFlags(store, 'alpha')).globalKillSwitch).toBe(false);
  });

  it('ignores a confirmation button pressed in a chat that is not allow-listed', async () => {
    const question = await ask('/kill all');
    telegram.press(STRANGER, question.messageId, 'confirm:kill');
    await ask('/help');
    expect(telegram.answered).toEqual([]);
    expect((await readFlags(store, 'alpha')).globalKillSwitch).toBe(false);
    const [ignored] = (await eventsOf(store, { kinds: ['telegram_ignored'] })).slice(-1);
    expect(ignored.data).toMatchObject({ chatId: STRANGER });
  });

  it('recovers from a connection reset while answering, and waits out a 429', async () => {
    telegram.failNextSends({ kind: 'reset' }, { kind: 'flood', retryAfter: 1 });
    expect((await ask('/status alpha')).text).toMatch(/^alpha:/);
    expect(telegram.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(3);
  });

  it('/pipeline "idea" 5m runs the pipeline, posts each stage and ends with bots registered', async () => {
    const started = await ask('/pipeline "fast ema crosses slow ema" 5m');
    expect(started.text).toContain('pipeline starting: “fast ema crosses slow ema” on 5m');
    await bot.idle();
    const texts = telegram.sent.filter((m) => m.chatId === CHAT).map((m) => m.text);
    for (const stage of ['design', 'screen', 'optimise', 'register']) expect(texts.join('\n')).toContain(`: ${stage}…`);
    const last = texts.at(-1) as string;
    expect(last).toMatch(/^pipeline \d+: done; paper bots registered: /);
    const names = (await listBots(store)).map((b) => b.name);
    expect(names.some((name) => last.includes(name) && name !== 'alpha' && name !== 'beta')).toBe(true);
  });

  it('sends an answer over 4096 characters in several messages, split at line breaks', async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      botDeclaration(`a-rather-long-bot-name-for-the-split-${String(i).padStart(2, '0')}`),
    );
    await registerBots(store, many);
    const before = telegram.sent.length;
    telegram.message(CHAT, '/fleet');
    await telegram.waitFor(CHAT, /split-59 \(paper/);
    const pieces = telegram.sent.slice(before);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.text.length).toBeLessThanOrEqual(4096);
    const lines = pieces.flatMap((piece) => piece.text.split('\n'));
    for (const bot of many) expect(lines.filter((line) => line.startsWith(`${bot.name} (`))).toHaveLength(1);
  });
});
