import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pidAlive, writeFileAtomic } from '../../core/index.js';

/** What `fleet up` leaves in the project while it runs, for `fleet down` (and a healthcheck) to find. */
export interface SupervisorRecord {
  readonly pid: number;
  readonly startedAt: string | null;
  readonly bots: string[];
}

/** Where the record lives, relative to the project folder (the Dockerfile's healthcheck reads it too). */
export const SUPERVISOR_FILE = join('.fleet', 'supervisor.json');

/** The record in the project at `cwd`; undefined when there is none or it cannot be read. */
export function readSupervisorRecord(cwd: string): SupervisorRecord | undefined {
  const file = resolve(cwd, SUPERVISOR_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<keyof SupervisorRecord, unknown>>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid,
      startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : null,
      bots: Array.isArray(parsed.bots) ? parsed.bots.filter((bot): bot is string => typeof bot === 'string') : [],
    };
  } catch {
    return undefined;
  }
}

/** The record of a supervisor that is still alive; a record a dead one left says nothing. */
export function runningSupervisor(cwd: string): SupervisorRecord | undefined {
  const found = readSupervisorRecord(cwd);
  return found !== undefined && pidAlive(found.pid) ? found : undefined;
}

/** Writes the record whole (temp file, then rename), so a reader never sees half of it. */
export async function writeSupervisorRecord(cwd: string, record: SupervisorRecord): Promise<void> {
  await writeFileAtomic(resolve(cwd, SUPERVISOR_FILE), `${JSON.stringify(record)}\n`);
}

/** Removes the record if it is still `pid`'s: a newer supervisor's record is left alone. */
export function removeSupervisorRecord(cwd: string, pid: number): void {
  if (readSupervisorRecord(cwd)?.pid === pid) rmSync(resolve(cwd, SUPERVISOR_FILE), { force: true });
}
