import { SafetyError, UsageError } from '../../core/index.js';
import { type ControlResult, type ControlTarget, killBots, pauseBots, resumeBots } from '../../fleet/index.js';
import { fleetCommand } from '../invocation.js';
import { stdout } from '../terminal.js';
import { actor, withFleetStore } from './fleet-store.js';

interface ControlFlags {
  all?: boolean;
  reason?: string;
  json?: boolean;
}

/** `fleet pause <bot>|--all`: no new entries; exits, stop-losses and take-profits still go out. */
export async function pauseCommand(bot: string | undefined, flags: ControlFlags): Promise<void> {
  await control('pause', bot, flags, pauseBots);
}

/**
 * `fleet resume <bot>|--all`: clears pause, kill switch and halt (and with --all the global kill
 * switch). Exit 3 when the global kill switch is still on: the bot's own flags are cleared, but it
 * does not trade until `fleet resume --all` lifts the switch.
 */
export async function resumeCommand(bot: string | undefined, flags: ControlFlags): Promise<void> {
  const result = await control('resume', bot, flags, resumeBots);
  if (result.globalKillSwitch)
    throw new SafetyError(
      `the global kill switch is on: no bot trades until ${fleetCommand()} resume --all lifts it (that also resumes every bot)`,
    );
}

/** `fleet kill <bot>|--all`: sets the bot's kill switch, or with --all the global one. */
export async function killCommand(bot: string | undefined, flags: ControlFlags): Promise<void> {
  await control('kill', bot, flags, killBots);
}

async function control<R extends ControlResult>(
  verb: 'pause' | 'resume' | 'kill',
  bot: string | undefined,
  flags: ControlFlags,
  act: (...args: Parameters<typeof pauseBots>) => Promise<R>,
): Promise<R> {
  if (bot !== undefined && flags.all) throw new UsageError(`fleet ${verb}: name a bot or use --all, not both`);
  if (bot === undefined && !flags.all) throw new UsageError(`fleet ${verb}: name a bot, or use --all for every bot`);
  const target: ControlTarget = flags.all ? { all: true } : { bot: bot as string };
  const who = actor();
  const result = await withFleetStore((store) =>
    act(store, target, { actor: who, ...(flags.reason === undefined ? {} : { reason: flags.reason }) }),
  );
  if (flags.json) stdout.json({ action: verb, actor: who, ...result });
  else for (const line of describe(verb, result)) stdout.line(line);
  return result;
}

function describe(verb: 'pause' | 'resume' | 'kill', result: ControlResult): string[] {
  const lines: string[] = [];
  if (verb === 'kill' && result.global) lines.push('global kill switch set: no bot places another order');
  if (verb === 'resume' && result.global) lines.push('global kill switch cleared');
  const held = 'globalKillSwitch' in result && result.globalKillSwitch;
  const done = { pause: 'paused', resume: held ? 'own flags cleared' : 'resumed', kill: 'kill switch set' }[verb];
  for (const bot of result.bots) lines.push(`${bot}: ${done}`);
  if (lines.length === 0) lines.push('no bots registered: nothing to do');
  return lines;
}
