import { UsageError } from '../core/index.js';
import { listBots, readFlags, type Store, setFlags } from '../store/index.js';
import { knownBot } from './known-bot.js';

/** Who asked, and why: written into every event a control action records. */
export interface ControlAudit {
  readonly actor: string;
  readonly reason?: string;
}

/** One bot by name, or every registered bot (`all`); exactly one of the two. */
export type ControlTarget =
  | { readonly bot: string; readonly all?: false }
  | { readonly all: true; readonly bot?: undefined };

export interface ControlResult {
  /** The bots whose flags were changed. */
  readonly bots: string[];
  /** Whether the fleet-wide kill switch was set (kill --all) or cleared (resume --all). */
  readonly global: boolean;
}

export interface ResumeResult extends ControlResult {
  /**
   * Whether the global kill switch is still on after this resume (only `all` lifts it): the
   * resumed bots' own flags are clear, but no bot places an order until it is lifted.
   */
  readonly globalKillSwitch: boolean;
}

/**
 * Pauses one bot or every bot. Pause blocks new entries only (the `paused` rail of checkOrder): the
 * runner keeps running with its position and resting orders, and its exits, stop-losses and
 * take-profits still go out, so a paused bot can always get out.
 */
export async function pauseBots(store: Store, target: ControlTarget, audit: ControlAudit): Promise<ControlResult> {
  const bots = await targets(store, target);
  for (const bot of bots) await setFlags(store, bot, { paused: true }, eventAudit(audit, `${bot} paused`));
  return { bots, global: false };
}

/**
 * Sets the kill switch of one bot, or with `all` the GLOBAL kill switch that every runner reads
 * before every order (bots registered later are covered too).
 */
export async function killBots(store: Store, target: ControlTarget, audit: ControlAudit): Promise<ControlResult> {
  if (target.all) {
    await setFlags(store, null, { killSwitch: true }, eventAudit(audit, 'global kill switch set'));
    return { bots: [], global: true };
  }
  const [bot] = await targets(store, target);
  await setFlags(store, bot, { killSwitch: true }, eventAudit(audit, `${bot} kill switch set`));
  return { bots: [bot], global: false };
}

/**
 * Lets a bot trade again: clears its kill switch, its halt and its pause, one event for each flag
 * that was set (`unkilled`, `unhalted`) and always a closing `resumed` event naming who and why.
 * With `all`, every registered bot, and the global kill switch is cleared first; without, the global
 * kill switch stays as it is and the result says whether it still holds every bot.
 */
export async function resumeBots(store: Store, target: ControlTarget, audit: ControlAudit): Promise<ResumeResult> {
  const bots = await targets(store, target);
  // Any name reads the global row; a bot's own flags are not needed here.
  const killedAll = (await readFlags(store, bots[0] ?? '')).globalKillSwitch;
  const global = target.all === true && killedAll;
  if (global) await setFlags(store, null, { killSwitch: false }, eventAudit(audit, 'global kill switch cleared'));
  for (const bot of bots) {
    const flags = await readFlags(store, bot);
    if (flags.killSwitch)
      await setFlags(store, bot, { killSwitch: false }, eventAudit(audit, `${bot} kill switch cleared`));
    if (flags.halted) {
      const was = flags.haltedReason ? ` (was: ${flags.haltedReason})` : '';
      await setFlags(store, bot, { halted: false }, eventAudit(audit, `${bot} halt cleared${was}`));
    }
    await setFlags(store, bot, { paused: false }, eventAudit(audit, `${bot} resumed`));
  }
  return { bots, global, globalKillSwitch: killedAll && !global };
}

async function targets(store: Store, target: ControlTarget): Promise<string[]> {
  if (target.all) return (await listBots(store)).map((bot) => bot.name);
  if (!target.bot) throw new UsageError('name a bot, or use --all');
  return [(await knownBot(store, target.bot)).name];
}

function eventAudit(audit: ControlAudit, what: string): { actor: string; message: string } {
  return { actor: audit.actor, message: `${what} by ${audit.actor}${audit.reason ? `: ${audit.reason}` : ''}` };
}
