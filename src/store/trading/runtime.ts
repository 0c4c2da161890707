import { hostname } from 'node:os';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { FleetError, type LeaseFence, pidAlive } from '../../core/index.js';
import type { Database } from '../schema.js';
import type { Store } from '../store.js';
import { fencedWrite } from './fence.js';
import { unknownBot } from './unknown-bot.js';

export interface BotRuntime {
  readonly bot: string;
  readonly cash: number;
  /** Open time (epoch ms) of the last bar the runner finished. */
  readonly lastBarTime: number | null;
  readonly status: string;
  readonly leaseOwner: string | null;
  readonly leaseHost: string | null;
  readonly leasePid: number | null;
  readonly leaseExpiresAt: Date | null;
  readonly heartbeatAt: Date | null;
  readonly startedAt: Date | null;
  /** UTC day (YYYY-MM-DD) that dayStartEquity belongs to. */
  readonly day: string | null;
  readonly dayStartEquity: number | null;
  /** The lease's fencing token: grows every time a runner takes the lease. */
  readonly fence: number;
  /** A reversal's entry waiting for its exit to fill (setHeldEntry), if any. */
  readonly heldEntry: HeldEntry | null;
}

/**
 * The entry half of a reversal decided on the bar at `barTime`, held until the exit half fills
 * (at the next session's open when decided at a close): toward state `to` (the strategy's LONG
 * or SHORT), for `size` of the position size.
 */
export interface HeldEntry {
  readonly barTime: number;
  readonly to: number;
  readonly size: number;
}

export interface LeaseHolder {
  readonly owner: string;
  readonly host: string | null;
  readonly pid: number | null;
  readonly expiresAt: Date | null;
}

export async function readRuntime(store: Store, bot: string): Promise<BotRuntime | undefined> {
  const row = await store.db
    .selectFrom('bot_runtime')
    .select([
      'bot',
      'cash',
      'last_bar_time',
      'status',
      'lease_owner',
      'lease_host',
      'lease_pid',
      'lease_expires_at',
      'heartbeat_at',
      'started_at',
      sql<string | null>`day::text`.as('day'),
      'day_start_equity',
      'fence',
      'held_entry',
    ])
    .where('bot', '=', bot)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    bot: row.bot,
    cash: Number(row.cash),
    lastBarTime: row.last_bar_time,
    status: row.status,
    leaseOwner: row.lease_owner,
    leaseHost: row.lease_host,
    leasePid: row.lease_pid,
    leaseExpiresAt: row.lease_expires_at,
    heartbeatAt: row.heartbeat_at,
    startedAt: row.started_at,
    day: row.day,
    dayStartEquity: row.day_start_equity === null ? null : Number(row.day_start_equity),
    fence: Number(row.fence),
    heldEntry: heldEntryOf(row.held_entry),
  };
}

/** The stored held entry, or null for none (or one written by no version of this code). */
function heldEntryOf(value: unknown): HeldEntry | null {
  const held = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<HeldEntry> | null;
  if (held === null || typeof held !== 'object') return null;
  const { barTime, to, size } = held;
  if (typeof barTime !== 'number' || typeof to !== 'number' || typeof size !== 'number') return null;
  return { barTime, to, size };
}

/** `now() + ms`, on the database's clock, the one every host shares. */
const nowPlus = (ms: number) => sql<Date>`now() + ${ms}::double precision * interval '1 millisecond'`;

/**
 * Takes the bot's lease, so one runner at a time trades it. Atomic on both backends: one UPDATE
 * that succeeds only while the lease is free, expired, or already `me.owner`'s. A lease held by
 * a process on this host (os.hostname()) that no longer exists is taken over too, by a second
 * UPDATE that succeeds only if that same holder still has it. On success the runtime row gets
 * started_at, heartbeat_at and status `running` (mirrored in `bots.status`). Unknown bot: UsageError.
 * Every take, a re-take by the same owner included, raises the lease's fencing token by one and
 * returns it: the runner's writes carry it, and those of any runner before it are refused.
 */
export async function acquireLease(
  store: Store,
  bot: string,
  me: { owner: string; pid: number; host: string; ttlMs: number },
): Promise<{ acquired: true; fence: LeaseFence; previous?: LeaseHolder } | { acquired: false; holder: LeaseHolder }> {
  const free = sql`(lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at <= now() OR lease_owner = ${me.owner})`;
  // A release racing with us can make both tries miss; a few rounds settle it.
  for (let round = 0; ; round++) {
    const token = await takeLease(store, bot, me, free);
    if (token !== undefined) return taken(bot, token);
    const holder = await leaseHolder(store, bot);
    if (holder === undefined) throw await unknownBot(store.db, bot);
    if (holder === null) {
      if (round < 3) continue;
      throw new FleetError(`the lease of ${bot} keeps changing hands`);
    }
    if (holder.host === hostname() && holder.pid !== null && !pidAlive(holder.pid)) {
      const same = sql`(lease_owner = ${holder.owner} AND lease_host = ${holder.host} AND lease_pid = ${holder.pid})`;
      const token = await takeLease(store, bot, me, same);
      if (token !== undefined) return taken(bot, token);
      if (round < 3) continue;
    }
    return { acquired: false, holder };
  }
}

/**
 * A lease taken; `previous` is the holder it was taken over from (expired, or a process of this
 * host that died), absent when the lease was free. Its token is fenced out from now on.
 */
function taken(bot: string, token: Taken): { acquired: true; fence: LeaseFence; previous?: LeaseHolder } {
  const fence = { bot, token: token.fence };
  return token.previous === undefined ? { acquired: true, fence } : { acquired: true, fence, previous: token.previous };
}

interface Taken {
  readonly fence: number;
  readonly previous?: LeaseHolder;
}

async function takeLease(
  store: Store,
  bot: string,
  me: { owner: string; pid: number; host: string; ttlMs: number },
  condition: RawBuilder<unknown>,
): Promise<Taken | undefined> {
  const result = await sql<{
    fence: number | string;
    owner: string | null;
    host: string | null;
    pid: number | null;
    expires: Date | null;
  }>`
    WITH old AS (
      SELECT lease_owner, lease_host, lease_pid, lease_expires_at FROM bot_runtime WHERE bot = ${bot}
    ), taken AS (
      UPDATE bot_runtime SET lease_owner = ${me.owner}, lease_host = ${me.host}, lease_pid = ${me.pid},
        lease_expires_at = ${nowPlus(me.ttlMs)}, heartbeat_at = now(), started_at = now(), status = 'running',
        fence = fence + 1
      WHERE bot = ${bot} AND ${condition}
      RETURNING bot, fence
    ), mirrored AS (
      UPDATE bots SET status = 'running' FROM taken WHERE bots.name = taken.bot
    )
    SELECT taken.fence, old.lease_owner AS owner, old.lease_host AS host, old.lease_pid AS pid,
      old.lease_expires_at AS expires
    FROM taken, old`.execute(store.db);
  const row = result.rows[0];
  if (row === undefined) return undefined;
  const previous =
    row.owner === null ? undefined : { owner: row.owner, host: row.host, pid: row.pid, expiresAt: row.expires };
  return previous === undefined ? { fence: Number(row.fence) } : { fence: Number(row.fence), previous };
}

/** The current holder; null when the lease is free, undefined when the bot has no runtime row. */
async function leaseHolder(store: Store, bot: string): Promise<LeaseHolder | null | undefined> {
  const row = await store.db
    .selectFrom('bot_runtime')
    .select(['lease_owner', 'lease_host', 'lease_pid', 'lease_expires_at'])
    .where('bot', '=', bot)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (row.lease_owner === null) return null;
  return { owner: row.lease_owner, host: row.lease_host, pid: row.lease_pid, expiresAt: row.lease_expires_at };
}

/**
 * The runner that holds the bot's lease now: unexpired, and not a process of this host that has
 * died (acquireLease would take that one over). Undefined when no runner holds it. The runtime row
 * stays locked until the caller's transaction ends, so no runner takes the lease meanwhile.
 */
export async function runningHolder(db: Kysely<Database>, bot: string): Promise<LeaseHolder | undefined> {
  const row = await db
    .selectFrom('bot_runtime')
    .select([
      'lease_owner',
      'lease_host',
      'lease_pid',
      'lease_expires_at',
      sql<boolean | null>`lease_expires_at > now()`.as('unexpired'),
    ])
    .where('bot', '=', bot)
    .forUpdate()
    .executeTakeFirst();
  if (row?.lease_owner == null || row.unexpired !== true) return undefined;
  if (row.lease_host === hostname() && row.lease_pid !== null && !pidAlive(row.lease_pid)) return undefined;
  return { owner: row.lease_owner, host: row.lease_host, pid: row.lease_pid, expiresAt: row.lease_expires_at };
}

/**
 * Renews the lease and writes the heartbeat (and the status, mirrored in `bots.status`, and the
 * last bar time, when given) in one statement. False when the lease is no longer `owner`'s, or,
 * given a fence, when its token is no longer the current one (nothing is written then).
 */
export async function heartbeat(
  store: Store,
  bot: string,
  owner: string,
  options: { ttlMs: number; status?: string; lastBarTime?: number; fence?: LeaseFence },
): Promise<boolean> {
  const fenced = options.fence === undefined ? sql`` : sql` AND fence = ${options.fence.token}`;
  const status = options.status === undefined ? sql`status` : sql`${options.status}`;
  const lastBar = options.lastBarTime === undefined ? sql`last_bar_time` : sql`${options.lastBarTime}`;
  const mirror =
    options.status === undefined
      ? sql``
      : sql`, mirrored AS (UPDATE bots SET status = ${options.status} FROM renewed WHERE bots.name = renewed.bot)`;
  const result = await sql<{ bot: string }>`
    WITH renewed AS (
      UPDATE bot_runtime SET lease_expires_at = ${nowPlus(options.ttlMs)}, heartbeat_at = now(),
        status = ${status}, last_bar_time = ${lastBar}
      WHERE bot = ${bot} AND lease_owner = ${owner}${fenced}
      RETURNING bot
    )${mirror}
    SELECT bot FROM renewed`.execute(store.db);
  return result.rows.length > 0;
}

/**
 * Gives the lease up (when it is still `owner`'s, and given a fence, still under its token) and
 * sets the status, default `stopped`, mirrored in `bots.status`.
 */
export async function releaseLease(
  store: Store,
  bot: string,
  owner: string,
  status = 'stopped',
  fence?: LeaseFence,
): Promise<void> {
  const fenced = fence === undefined ? sql`` : sql` AND fence = ${fence.token}`;
  await sql`
    WITH released AS (
      UPDATE bot_runtime SET lease_owner = NULL, lease_host = NULL, lease_pid = NULL, lease_expires_at = NULL,
        status = ${status}
      WHERE bot = ${bot} AND lease_owner = ${owner}${fenced}
      RETURNING bot
    )
    UPDATE bots SET status = ${status} FROM released WHERE bots.name = released.bot`.execute(store.db);
}

/** Records the equity the bot started the UTC `day` (YYYY-MM-DD) with, for the daily loss rail. */
export async function setDayStart(
  store: Store,
  bot: string,
  day: string,
  equity: number,
  fence?: LeaseFence,
): Promise<void> {
  const result = await fencedWrite(store, fence, (db) =>
    db
      .updateTable('bot_runtime')
      .set({ day, day_start_equity: String(equity) })
      .where('bot', '=', bot)
      .executeTakeFirst(),
  );
  if (result.numUpdatedRows === 0n) throw await unknownBot(store.db, bot);
}

/** Holds a reversal's entry until its exit fills, or (null) lets it go; under the runner's fence. */
export async function setHeldEntry(
  store: Store,
  bot: string,
  held: HeldEntry | null,
  fence?: LeaseFence,
): Promise<void> {
  const result = await fencedWrite(store, fence, (db) =>
    db
      .updateTable('bot_runtime')
      .set({ held_entry: held === null ? null : JSON.stringify(held) })
      .where('bot', '=', bot)
      .executeTakeFirst(),
  );
  if (result.numUpdatedRows === 0n) throw await unknownBot(store.db, bot);
}
