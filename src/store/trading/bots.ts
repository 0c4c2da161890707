import { type Kysely, type Selectable, sql } from 'kysely';
import { FINAL_ORDER_STATUSES, InputError, SafetyError } from '../../core/index.js';
import { deletePaperAccounts } from '../bot-reset.js';
import type { BotsTable, Database } from '../schema.js';
import type { Store } from '../store.js';
import { insertEvent } from './events.js';
import { type LeaseHolder, runningHolder } from './runtime.js';
import { unknownBot } from './unknown-bot.js';

export type BotMode = 'paper' | 'live';

/** A bot as fleet.config.json declares it (never secrets). */
export interface BotDeclaration {
  readonly name: string;
  readonly spec: unknown;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly symbol: string;
  readonly exchange: string;
  readonly timeframe: string;
  readonly capital: number;
  readonly risk: Readonly<Record<string, unknown>>;
  readonly config: Readonly<Record<string, unknown>>;
}

export interface BotRecord extends BotDeclaration {
  readonly mode: BotMode;
  readonly status: string;
  /** The start of the bot's current paper (or live) record. */
  readonly modeSince: Date;
  readonly createdAt: Date;
  /** When the declaration or the mode last changed (status changes do not count). */
  readonly updatedAt: Date;
}

/**
 * Upserts each bot in one transaction. A new bot starts in paper mode, with its bot_flags row
 * (all clear) and its bot_runtime row holding cash = capital. An existing bot keeps its mode,
 * flags and runtime; only its declaration is replaced. `updated` names the existing bots whose
 * declaration actually changed (an identical declaration is left untouched). Changing the symbol,
 * exchange or timeframe of a bot that holds a position or has active orders is an InputError, and
 * then nothing is written.
 */
export function registerBots(
  store: Store,
  bots: readonly BotDeclaration[],
): Promise<{ created: string[]; updated: string[] }> {
  return store.db.transaction().execute(async (tx) => {
    const created: string[] = [];
    const updated: string[] = [];
    for (const bot of bots) {
      const declared = {
        spec: JSON.stringify(bot.spec ?? null),
        params: JSON.stringify(bot.params),
        symbol: bot.symbol,
        exchange: bot.exchange,
        timeframe: bot.timeframe,
        capital: String(bot.capital),
        risk: JSON.stringify(bot.risk),
        config: JSON.stringify(bot.config),
      };
      const inserted = await tx
        .insertInto('bots')
        .values({ name: bot.name, mode: 'paper', ...declared })
        .onConflict((oc) => oc.column('name').doNothing())
        .returning('name')
        .executeTakeFirst();
      if (inserted !== undefined) {
        created.push(bot.name);
      } else {
        const moved = await refuseMarketChangeWhileOpen(tx, bot);
        const changed = await tx
          .updateTable('bots')
          .set({ ...declared, updated_at: sql<Date>`now()` })
          .where('name', '=', bot.name)
          .where(
            sql<boolean>`(spec, params, symbol, exchange, timeframe, capital, risk, config) IS DISTINCT FROM
              (${declared.spec}::jsonb, ${declared.params}::jsonb, ${declared.symbol}::text, ${declared.exchange}::text,
               ${declared.timeframe}::text, ${declared.capital}::numeric, ${declared.risk}::jsonb, ${declared.config}::jsonb)`,
          )
          .returning('name')
          .executeTakeFirst();
        if (changed !== undefined) updated.push(bot.name);
        if (moved.includes('exchange')) await startAfresh(tx, bot.name, { paperAccounts: true });
      }
      await tx
        .insertInto('bot_flags')
        .values({ bot: bot.name })
        .onConflict((oc) => oc.column('bot').where('bot', 'is not', null).doNothing())
        .execute();
      await tx
        .insertInto('bot_runtime')
        .values({ bot: bot.name, cash: String(bot.capital) })
        .onConflict((oc) => oc.column('bot').doNothing())
        .execute();
    }
    return { created, updated };
  });
}

export async function getBot(store: Store, name: string): Promise<BotRecord | undefined> {
  const row = await store.db.selectFrom('bots').selectAll().where('name', '=', name).executeTakeFirst();
  return row === undefined ? undefined : toBotRecord(row);
}

/** Every bot, by name. */
export async function listBots(store: Store): Promise<BotRecord[]> {
  const rows = await store.db.selectFrom('bots').selectAll().orderBy('name').execute();
  return rows.map(toBotRecord);
}

/**
 * Changes the bot's mode and mode_since and records an event (kind `promoted` to live or
 * `demoted` to paper, level `alert`, data {actor, reason, from, to, previousCash, cash}), all in
 * one transaction. The paper and the live ledger share nothing: the runtime's cash goes back to
 * the capital and its day-start equity is cleared, and a demotion also deletes the bot's paper
 * accounts, so its paper broker starts again from the capital too. Refused with a SafetyError
 * (nothing changes) while anything of the old mode is still open: see modeChangeBlockers.
 * Setting the mode a bot already has changes nothing and records nothing. Unknown bot: UsageError.
 */
export function setBotMode(
  store: Store,
  name: string,
  mode: BotMode,
  audit: { actor: string; reason: string },
  options: ModeChangeOptions = {},
): Promise<void> {
  const dust = options.dust ?? 0;
  return store.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('bots')
      .select(['mode', 'capital'])
      .where('name', '=', name)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined) throw await unknownBot(tx, name);
    if (row.mode === mode) return;
    const blockers = await blockersOf(tx, name, mode, dust);
    if (blockers.length > 0) throw new SafetyError(refusal(name, mode, blockers));
    const writtenOff = await writeOffDust(tx, name);
    await tx
      .updateTable('bots')
      .set({ mode, mode_since: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('name', '=', name)
      .execute();
    const previous = await tx.selectFrom('bot_runtime').select('cash').where('bot', '=', name).executeTakeFirst();
    // The paper accounts are reset on the way back; going live, nothing trades on them.
    await startAfresh(tx, name, { paperAccounts: mode === 'paper' });
    const kind = mode === 'live' ? 'promoted' : 'demoted';
    await insertEvent(tx, {
      bot: name,
      level: 'alert',
      kind,
      message: `${name} ${kind} from ${row.mode} to ${mode} by ${audit.actor}: ${audit.reason} (cash reset to ${Number(row.capital)})`,
      data: {
        actor: audit.actor,
        reason: audit.reason,
        from: row.mode,
        to: mode,
        previousCash: previous === undefined ? null : Number(previous.cash),
        cash: Number(row.capital),
        ...(writtenOff.length > 0 ? { dustWrittenOff: writtenOff } : {}),
      },
    });
  });
}

/**
 * Why the bot may not switch to `mode` now, one line each naming what to do; empty when it may.
 * A mode change resets the ledger, so the bot must be flat, have no active orders (new, open or
 * partially filled) and no running runner (one would go on trading the old mode's ledger).
 */
export function modeChangeBlockers(
  store: Store,
  name: string,
  mode: BotMode,
  options: ModeChangeOptions = {},
): Promise<string[]> {
  return blockersOf(store.db, name, mode, options.dust ?? 0);
}

export interface ModeChangeOptions {
  /**
   * The market's smallest order quantity: a position below it is dust no order can sell (what an
   * exit cut down to whole lot steps leaves), counted as flat and written off by the change.
   */
  readonly dust?: number;
}

async function blockersOf(db: Kysely<Database>, name: string, mode: BotMode, dust: number): Promise<string[]> {
  const verb = mode === 'live' ? 'promote' : 'demote';
  const open = await openState(db, name, dust);
  const blockers: string[] = [];
  if (open.positions.length > 0) {
    blockers.push(`it holds ${describePositions(open.positions)}: let its runner close the position, then ${verb} it`);
  }
  if (open.activeOrders > 0) {
    blockers.push(
      `it has ${describeOrders(open.activeOrders)} (new, open or partially filled): let its runner see ${open.activeOrders === 1 ? 'it' : 'them'} filled or cancelled, then ${verb} it`,
    );
  }
  if (open.holder !== undefined) {
    blockers.push(
      `its runner is running (${describeHolder(open.holder)}): stop it first (fleet down, or Ctrl-C on its fleet run), then ${verb} it, then start it again`,
    );
  }
  return blockers;
}

/** One line when there is one blocker; the promotion gate's list layout otherwise. */
function refusal(name: string, mode: BotMode, blockers: readonly string[]): string {
  const head = mode === 'live' ? `promotion of ${name} to live refused` : `demotion of ${name} to paper refused`;
  if (blockers.length === 1) return `${head}: ${blockers[0]}`;
  return `${head}:\n${blockers.map((blocker) => `  - ${blocker}`).join('\n')}`;
}

type Holding = { symbol: string; quantity: number };

/** The bot's non-zero positions, by symbol. */
async function holdings(db: Kysely<Database>, name: string): Promise<Holding[]> {
  const rows = await db
    .selectFrom('positions')
    .select(['symbol', 'quantity'])
    .where('bot', '=', name)
    .where('quantity', '<>', '0')
    .orderBy('symbol')
    .execute();
  return rows.map((row) => ({ symbol: row.symbol, quantity: Number(row.quantity) }));
}

/**
 * What of the bot is still open: its positions of at least `dust`, how many of its orders are still
 * active, and the runner holding its lease, if one is running.
 */
async function openState(
  db: Kysely<Database>,
  name: string,
  dust = 0,
): Promise<{ positions: Holding[]; activeOrders: number; holder: LeaseHolder | undefined }> {
  const orders = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('bot', '=', name)
    .where('status', 'not in', [...FINAL_ORDER_STATUSES])
    .executeTakeFirstOrThrow();
  return {
    positions: (await holdings(db, name)).filter((position) => !(Math.abs(position.quantity) < dust)),
    activeOrders: Number(orders.count),
    holder: await runningHolder(db, name),
  };
}

/**
 * Zeroes the positions a mode change found to be dust (every non-zero one left, since the
 * blockers passed), returning what was written off: the new mode's ledger starts flat.
 */
async function writeOffDust(db: Kysely<Database>, name: string): Promise<Holding[]> {
  const dust = await holdings(db, name);
  if (dust.length > 0) {
    await db
      .updateTable('positions')
      .set({ quantity: '0', updated_at: sql<Date>`now()` })
      .where('bot', '=', name)
      .execute();
  }
  return dust;
}

/** A declaration's venue (config.venue), or 'default' when it names none (its exchange's). */
function declaredVenue(config: unknown): string {
  const venue = typeof config === 'object' && config !== null ? (config as { venue?: unknown }).venue : undefined;
  return typeof venue === 'string' ? venue : 'default';
}

/**
 * A bot's market (symbol, exchange, timeframe, venue) may change only while it is flat with no
 * active orders: a position or an order left in the old market would be orphaned, and its runner
 * would reconcile the new market against a ledger that belongs to the old one. (A sandbox bot's
 * venue chooses its prices: the equity mode's series is another market.)
 */
async function refuseMarketChangeWhileOpen(
  db: Kysely<Database>,
  bot: BotDeclaration,
): Promise<Array<'symbol' | 'exchange' | 'timeframe' | 'venue'>> {
  const stored = await db
    .selectFrom('bots')
    .select(['symbol', 'exchange', 'timeframe', 'config'])
    .where('name', '=', bot.name)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const before = { ...stored, venue: declaredVenue(stored.config) };
  const after = { ...bot, venue: declaredVenue(bot.config) };
  const moved = (['symbol', 'exchange', 'timeframe', 'venue'] as const).filter((key) => before[key] !== after[key]);
  if (moved.length === 0) return moved;
  const changes = moved.map((key) => `${key} (${before[key]} → ${after[key]})`);
  const open = await openState(db, bot.name);
  const holdings = [
    ...(open.positions.length > 0 ? [`holds ${describePositions(open.positions)}`] : []),
    ...(open.activeOrders > 0 ? [`has ${describeOrders(open.activeOrders)}`] : []),
    // Its runner would go on trading the old market until it restarts.
    ...(open.holder !== undefined ? [`is being run (${describeHolder(open.holder)})`] : []),
  ];
  if (holdings.length === 0) return moved;
  throw new InputError(
    `bot '${bot.name}' cannot change its ${changes.join(', ')} while it ${holdings.join(' and ')}: keep the old value until the bot is flat with no active orders and its runner is stopped, or declare a new bot`,
  );
}

/**
 * A new ledger for a bot that changed mode or moved to another exchange: cash back to the capital,
 * no day-start equity, and with `paperAccounts` fresh paper accounts (old ones would hold cash the
 * cash reconciliation compares with).
 */
async function startAfresh(db: Kysely<Database>, name: string, reset: { paperAccounts: boolean }): Promise<void> {
  await db
    .updateTable('bot_runtime')
    .set((eb) => ({
      cash: eb.selectFrom('bots').select('capital').where('name', '=', name),
      day: null,
      day_start_equity: null,
      held_entry: null,
    }))
    .where('bot', '=', name)
    .execute();
  if (reset.paperAccounts) await deletePaperAccounts(db, name);
}

const describePositions = (positions: ReadonlyArray<{ symbol: string; quantity: number }>): string =>
  positions.map((position) => `${position.quantity} ${position.symbol}`).join(', ');

const describeOrders = (count: number): string => `${count} active order${count === 1 ? '' : 's'}`;

const describeHolder = (holder: LeaseHolder): string =>
  `${holder.owner}${holder.pid === null ? '' : `, pid ${holder.pid}${holder.host === null ? '' : ` on ${holder.host}`}`}`;

/** Sets the bot's status in `bots` and in `bot_runtime` together. Unknown bot: UsageError. */
export function setBotStatus(store: Store, name: string, status: string): Promise<void> {
  return store.db.transaction().execute(async (tx) => {
    const found = await tx.updateTable('bots').set({ status }).where('name', '=', name).executeTakeFirst();
    if (found.numUpdatedRows === 0n) throw await unknownBot(tx, name);
    await tx.updateTable('bot_runtime').set({ status }).where('bot', '=', name).execute();
  });
}

function toBotRecord(row: Selectable<BotsTable>): BotRecord {
  return {
    name: row.name,
    spec: row.spec,
    params: row.params as BotRecord['params'],
    symbol: row.symbol,
    exchange: row.exchange,
    timeframe: row.timeframe,
    capital: Number(row.capital),
    risk: row.risk as BotRecord['risk'],
    config: row.config as BotRecord['config'],
    mode: row.mode,
    status: row.status,
    modeSince: row.mode_since,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
