import type { ChildSpec } from './supervise.js';

export interface FleetChildrenOptions {
  /** Bots per `fleet run` child. */
  readonly perProcess: number;
  /** The sandbox clock's speed each child runs at. */
  readonly speed: number;
  /** Seconds each child waits for a database server that is down (its --db-wait). */
  readonly dbWait: number;
  /** The children print their orders and fills as JSON lines (their --json). */
  readonly json: boolean;
  /** The supervisor's pid, which each child carries so a later fleet up can tell its orphans. */
  readonly supervisor: number;
}

/** `perProcess` bots per `fleet run` child; paper and live bots never share a process. */
export function fleetChildren(
  bots: readonly { name: string; mode: string }[],
  options: FleetChildrenOptions,
): ChildSpec[] {
  return (['paper', 'live'] as const).flatMap((mode) => {
    const names = bots.filter((bot) => bot.mode === mode).map((bot) => bot.name);
    const groups: string[][] = [];
    for (let i = 0; i < names.length; i += options.perProcess) groups.push(names.slice(i, i + options.perProcess));
    return groups.map((group) => ({
      label: group.length <= 3 ? group.join(',') : `${group[0]}…+${group.length - 1}`,
      bots: group,
      args: [
        ...group,
        `--${mode}`,
        '--no-sync',
        // A bot another runner holds (a replica of this fleet up elsewhere) is waited for, not
        // given up: this child takes it over once that lease is released or expires.
        '--wait',
        '--speed',
        String(options.speed),
        '--db-wait',
        String(options.dbWait),
        '--supervisor',
        String(options.supervisor),
        ...(options.json ? ['--json'] : []),
      ],
    }));
  });
}
