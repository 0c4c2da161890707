import { sql } from 'kysely';
import { type LeaseFence, UsageError } from '../../core/index.js';
import type { Store } from '../store.js';
import { type EventLevel, insertEvent } from './events.js';
import { checkFence } from './fence.js';
import { unknownBot } from './unknown-bot.js';

export interface BotFlags {
  readonly killSwitch: boolean;
  /** The fleet-wide kill switch (the global row). */
  readonly globalKillSwitch: boolean;
  readonly paused: boolean;
  readonly halted: boolean;
  readonly haltedReason: string | null;
}

export interface FlagPatch {
  readonly killSwitch?: boolean;
  readonly paused?: boolean;
  readonly halted?: boolean;
  /** Default when `halted: false`: cleared. */
  readonly haltedReason?: string | null;
}

const CLEAR = { kill_switch: false, paused: false, halted: false, halted_reason: null } as const;

/** A bot's flags and the global kill switch in one query; a bot without a flags row reads all clear. */
export async function readFlags(store: Store, bot: string): Promise<BotFlags> {
  const rows = await store.db
    .selectFrom('bot_flags')
    .select(['bot', 'kill_switch', 'paused', 'halted', 'halted_reason'])
    .where((eb) => eb.or([eb('bot', '=', bot), eb('bot', 'is', null)]))
    .execute();
  const own = rows.find((row) => row.bot === bot) ?? CLEAR;
  const global = rows.find((row) => row.bot === null) ?? CLEAR;
  return toFlags(own, global.kill_switch);
}

/** Every registered bot's flags, by bot name (the global kill switch folded into each). */
export async function listFlags(store: Store): Promise<Map<string, BotFlags>> {
  const rows = await store.db
    .selectFrom('bots')
    .leftJoin('bot_flags as own', 'own.bot', 'bots.name')
    .leftJoin('bot_flags as global', (join) => join.on('global.bot', 'is', null))
    .select([
      'bots.name',
      'own.kill_switch',
      'own.paused',
      'own.halted',
      'own.halted_reason',
      'global.kill_switch as global_kill_switch',
    ])
    .orderBy('bots.name')
    .execute();
  return new Map(
    rows.map((row) => [
      row.name,
      toFlags(
        {
          kill_switch: row.kill_switch ?? false,
          paused: row.paused ?? false,
          halted: row.halted ?? false,
          halted_reason: row.halted_reason,
        },
        row.global_kill_switch ?? false,
      ),
    ]),
  );
}

/**
 * Changes flags of a bot, or with `bot` null of the global row (which holds only the kill
 * switch: pausing or halting "everything" there would be read by nobody, so it is refused).
 * Records one event in the same transaction: kind `killed`/`unkilled`, `halted`/`unhalted`,
 * `paused`/`resumed` (the first that applies, in that order; `flags` for a reason alone), level
 * `alert` when the patch sets the kill switch or a halt, `info` otherwise, data {actor, ...patch}.
 * An empty patch changes nothing. Unknown bot: UsageError naming it. Given a runner's fence (a
 * runner halting its bot), only while the fence is current.
 */
export async function setFlags(
  store: Store,
  bot: string | null,
  patch: FlagPatch,
  audit: { actor: string; message?: string },
  fence?: LeaseFence,
): Promise<void> {
  const set: { kill_switch?: boolean; paused?: boolean; halted?: boolean; halted_reason?: string | null } = {};
  if (patch.killSwitch !== undefined) set.kill_switch = patch.killSwitch;
  if (patch.paused !== undefined) set.paused = patch.paused;
  if (patch.halted !== undefined) set.halted = patch.halted;
  if (patch.haltedReason !== undefined) set.halted_reason = patch.haltedReason;
  else if (patch.halted === false) set.halted_reason = null;
  if (Object.keys(set).length === 0) return;
  if (bot === null && Object.keys(set).some((column) => column !== 'kill_switch')) {
    throw new UsageError('the global flags hold only the kill switch; pause or halt bots one by one');
  }
  const kind = eventKind(patch);
  const level: EventLevel = patch.killSwitch === true || patch.halted === true ? 'alert' : 'info';
  const target = bot ?? 'every bot';
  const reason = patch.halted === true && patch.haltedReason ? `: ${patch.haltedReason}` : '';
  await store.db.transaction().execute(async (tx) => {
    if (fence !== undefined) await checkFence(tx, fence);
    if (bot === null) {
      await tx
        .updateTable('bot_flags')
        .set({ ...set, updated_at: sql<Date>`now()` })
        .where('bot', 'is', null)
        .execute();
    } else {
      const known = await tx.selectFrom('bots').select('name').where('name', '=', bot).executeTakeFirst();
      if (known === undefined) throw await unknownBot(tx, bot);
      await tx
        .insertInto('bot_flags')
        .values({ bot, ...set })
        .onConflict((oc) =>
          oc
            .column('bot')
            .where('bot', 'is not', null)
            .doUpdateSet({ ...set, updated_at: sql<Date>`now()` }),
        )
        .execute();
    }
    await insertEvent(tx, {
      bot,
      level,
      kind,
      message: audit.message ?? `${target} ${kind} by ${audit.actor}${reason}`,
      data: { actor: audit.actor, ...patch },
    });
  });
}

function eventKind(patch: FlagPatch): string {
  if (patch.killSwitch !== undefined) return patch.killSwitch ? 'killed' : 'unkilled';
  if (patch.halted !== undefined) return patch.halted ? 'halted' : 'unhalted';
  if (patch.paused !== undefined) return patch.paused ? 'paused' : 'resumed';
  return 'flags';
}

function toFlags(
  row: { kill_switch: boolean; paused: boolean; halted: boolean; halted_reason: string | null },
  globalKillSwitch: boolean,
): BotFlags {
  return {
    killSwitch: row.kill_switch,
    globalKillSwitch,
    paused: row.paused,
    halted: row.halted,
    haltedReason: row.halted_reason,
  };
}
