import { UsageError } from '../../core/index.js';
import { type ControlResult, type ControlTarget, killBots, pauseBots, resumeBots } from '../../fleet/index.js';
import { stdout } from '../terminal.js';
import { actor, withFleetStore } from './fleet-store.js';

interface ControlFlags {
  all?: boolean;
  reason?: string;
  json?: boolean;
}

/** `fleet pause <bot>|--all`: no new entries; exits, stop-losses and take-profits still go out. */
export function pauseCommand(bot: string | undefined, flags: ControlFlags): Promise<void> {
  return control('pause', bot, flags, pauseBots);
}

/** `fleet resume <bot>|--all`: clears pause, kill switch and halt (and with --all the global kill switch). */
export function resumeCommand(bot: string | undefined, flags: ControlFlags): Promise<void> {
  return control('resume', bot, flags, resumeBots);
}

/** `fleet kill <bot>|--all`: sets the bot's kill switch, or with --all the global one. */
export function killCommand(bot: string | undefined, flags: ControlFlags): Promise<void> {
  return control('kill', bot, flags, killBots);
}

async function control(
  verb: 'pause' | 'resume' | 'kill',
  bot: string | undefined,
  flags: ControlFlags,
  act: typeof pauseBots,
): Promise<void> {
  if (bot !== undefined && flags.all) throw new UsageError(`fleet ${verb}: name a bot or use --all, not both`);
  if (bot === undefined && !flags.all) throw new UsageError(`fleet ${verb}: name a bot, or use --all for every bot`);
  const target: ControlTarget = flags.all ? { all: true } : { bot: bot as string };
  const who = actor();
  const result = await withFleetStore((store) =>
    act(store, target, { actor: who, ...(flags.reason === undefined ? {} : { reason: flags.reason }) }),
  );
  if (flags.json) {
    stdout.json({ action: verb, actor: who, ...result });
    return;
  }
  for (const line of describe(verb, result)) stdout.line(line);
}

function describe(verb: 'pause' | 'resume' | 'kill', result: ControlResult): string[] {
  const lines: string[] = [];
  if (verb === 'kill' && result.global) lines.push('global kill switch set: no bot places another order');
  if (verb === 'resume' && result.global) lines.push('global kill switch cleared');
  const done = { pause: 'paused', resume: 'resumed', kill: 'kill switch set' }[verb];
  for (const bot of result.bots) lines.push(`${bot}: ${done}`);
  if (lines.length === 0) lines.push('no bots registered: nothing to do');
  return lines;
}
