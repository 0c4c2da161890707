import { sleep, UsageError } from '../core/index.js';
import { type EventLevel, type EventRecord, eventsOf, type Store } from '../store/index.js';
import { knownBot } from './known-bot.js';

/** Event levels, least to most severe. */
export const EVENT_LEVELS: readonly EventLevel[] = ['debug', 'info', 'warn', 'error', 'alert'];

export interface LogQuery {
  /** Events at or after this time. */
  readonly since?: Date;
  /** The newest n (still oldest first). Default 100 unless `since` is given. */
  readonly limit?: number;
  /** The least severe level shown: `warn` shows warn, error and alert. */
  readonly level?: EventLevel;
}

export const DEFAULT_LOG_LIMIT = 100;

/** `level` and the levels above it; a UsageError for a word that is not a level. */
export function levelsFrom(level: string): EventLevel[] {
  const index = EVENT_LEVELS.indexOf(level as EventLevel);
  if (index < 0) throw new UsageError(`--level must be one of ${EVENT_LEVELS.join(', ')}, got '${level}'`);
  return EVENT_LEVELS.slice(index);
}

/** A registered bot's events, oldest first. Unknown bot: UsageError with the closest name. */
export async function botLogs(store: Store, bot: string, query: LogQuery = {}): Promise<EventRecord[]> {
  await knownBot(store, bot);
  const limit = query.limit ?? (query.since === undefined ? DEFAULT_LOG_LIMIT : undefined);
  return eventsOf(store, {
    bot,
    ...(query.since === undefined ? {} : { since: query.since }),
    ...(limit === undefined ? {} : { limit }),
    ...(query.level === undefined ? {} : { levels: levelsFrom(query.level) }),
  });
}

export interface FollowOptions {
  /** Only events recorded after this id (the last one already shown). */
  readonly afterId: number;
  readonly level?: EventLevel;
  /** How often the events table is polled (default 1000 ms). */
  readonly intervalMs?: number;
  /** Stops following; the iterator then ends. */
  readonly signal?: AbortSignal;
}

/**
 * New events of a bot as they are recorded, in batches, polling the events table by id until
 * `signal` aborts. Ids only grow, so nothing is shown twice and nothing is skipped.
 */
export async function* followLogs(store: Store, bot: string, options: FollowOptions): AsyncGenerator<EventRecord[]> {
  let afterId = options.afterId;
  const levels = options.level === undefined ? undefined : levelsFrom(options.level);
  const interval = options.intervalMs ?? 1000;
  while (!options.signal?.aborted) {
    const batch = await eventsOf(store, { bot, afterId, ...(levels === undefined ? {} : { levels }) });
    if (batch.length > 0) {
      afterId = batch[batch.length - 1].id;
      yield batch;
    }
    await sleep(interval, options.signal);
  }
}
