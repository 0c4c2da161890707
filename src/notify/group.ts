import type { OutboxRow } from '../store/index.js';
import type { Notification } from './channel.js';

/** Queued rows told as one message: a single event, or a storm of one kind with its count. */
export interface NotificationGroup {
  readonly notification: Notification;
  /** The outbox rows it stands for (marked sent together). */
  readonly ids: readonly number[];
}

/**
 * Groups rows (oldest first) of one kind whose events lie within `windowMs` of the group's first:
 * a group of N becomes one notification "N × kind: first message" keyed `channel:first..last`
 * event id (a resend of the same group carries the same key; a regrouped one, with events added,
 * a new key, so a receiver that dedups by key drops none of them), with `data` {count, keys}. A
 * single row keeps its own key. Groups come out in the order of their first row.
 */
export function groupRows(rows: readonly OutboxRow[], windowMs: number): NotificationGroup[] {
  const open = new Map<string, OutboxRow[]>();
  const groups: OutboxRow[][] = [];
  for (const row of rows) {
    const current = open.get(row.kind);
    if (current !== undefined && row.time.getTime() - (current[0]?.time.getTime() ?? 0) <= windowMs) {
      current.push(row);
      continue;
    }
    const group = [row];
    open.set(row.kind, group);
    groups.push(group);
  }
  return groups.map((group) => ({ notification: groupNotification(group), ids: group.map((row) => row.id) }));
}

function groupNotification(group: readonly OutboxRow[]): Notification {
  const [first] = group as [OutboxRow, ...OutboxRow[]];
  const base = { key: first.key, level: first.level, kind: first.kind, bot: first.bot, time: first.time };
  if (group.length === 1) {
    return { ...base, message: first.message, ...(first.data === undefined ? {} : { data: first.data }) };
  }
  const bots = new Set(group.map((row) => row.bot));
  const last = group.at(-1) as OutboxRow;
  return {
    ...base,
    key: `${first.key}..${last.eventId}`,
    level: group.some((row) => row.level === 'alert') ? 'alert' : first.level,
    bot: bots.size === 1 ? first.bot : null,
    message: `${group.length} × ${first.kind}: ${first.message}`,
    data: { count: group.length, keys: group.map((row) => row.key) },
  };
}
