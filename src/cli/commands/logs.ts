import { botLogs, followLogs, levelsFrom } from '../../fleet/index.js';
import type { EventLevel } from '../../store/index.js';
import { color, stdout } from '../terminal.js';
import { withFleetStore } from './fleet-store.js';
import { type WindowFlags, windowQuery } from './window-flags.js';

interface LogsFlags extends WindowFlags {
  level?: string;
  follow?: boolean;
  json?: boolean;
}

type Event = Awaited<ReturnType<typeof botLogs>>[number];

/**
 * `fleet logs <bot> [--since] [--limit] [--level] [--follow] [--json]`: the bot's events, oldest
 * first; --follow keeps printing new ones until Ctrl-C. With --json and no --follow, one JSON array;
 * with --follow, one JSON object per line (a stream has no single document).
 */
export async function logsCommand(bot: string, flags: LogsFlags): Promise<void> {
  const query = windowQuery(flags);
  const level = flags.level === undefined ? undefined : (levelsFrom(flags.level)[0] as EventLevel);
  await withFleetStore(async (store) => {
    const events = await botLogs(store, bot, { ...query, ...(level === undefined ? {} : { level }) });
    if (!flags.follow) {
      if (flags.json) stdout.json(events.map(toJson));
      else for (const event of events) stdout.line(formatEvent(event));
      return;
    }
    const print = (event: Event) => (flags.json ? stdout.jsonLine(toJson(event)) : stdout.line(formatEvent(event)));
    events.forEach(print);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const afterId = events.at(-1)?.id ?? (await lastEventId(store, bot));
      for await (const batch of followLogs(store, bot, { afterId, signal: stop.signal, ...(level ? { level } : {}) })) {
        batch.forEach(print);
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

/** Where following starts when nothing was shown: after the newest event of the bot, of any level. */
async function lastEventId(store: Parameters<typeof botLogs>[0], bot: string): Promise<number> {
  return (await botLogs(store, bot, { limit: 1 })).at(-1)?.id ?? 0;
}

function toJson(event: Event) {
  return { ...event, time: event.time.toISOString() };
}

const LEVEL_COLOR: Record<EventLevel, (text: string) => string> = {
  debug: color.dim,
  info: (text) => text,
  warn: color.yellow,
  error: color.red,
  alert: color.magenta,
};

export function formatEvent(event: Event): string {
  const time = event.time.toISOString().replace('T', ' ').slice(0, 19);
  return `${time}  ${LEVEL_COLOR[event.level](event.level.padEnd(5))}  ${event.kind.padEnd(15)}  ${event.message}`;
}
