import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ChildSpec, type SuperviseOptions, supervise, supervisorEvents } from '../../../src/fleet/index.js';

type SupervisorEvent = Parameters<NonNullable<SuperviseOptions['onEvent']>>[0];

/**
 * Children are tiny node scripts: the first run exits with `code` (leaving a marker file), every
 * later run stays up until the supervisor stops it.
 */
const FIRST_RUN_EXITS = `
const fs = require('node:fs');
const [marker, code] = process.argv.slice(1);
if (!fs.existsSync(marker)) {
  fs.writeFileSync(marker, '');
  // Code 7 says why on stderr first, as a dying runner does.
  if (code === '7') { console.error('first line'); console.error('boom: out of luck'); }
  process.exit(Number(code));
}
console.log('up again');
setInterval(() => {}, 1000);
`;

function firstRunExits(code: number): { child: ChildSpec; marker: string } {
  const marker = join(mkdtempSync(join(tmpdir(), 'fleet-supervisor-')), 'ran');
  return { child: { label: 'a', bots: ['a'], args: [marker, String(code)] }, marker };
}

/** Supervises one child until `stopWhen` says so, returning every event and the outcome. */
async function superviseUntil(
  child: ChildSpec,
  stopWhen: (event: SupervisorEvent) => boolean,
  extra: Partial<SuperviseOptions> = {},
) {
  const stop = new AbortController();
  const events: SupervisorEvent[] = [];
  const lines: string[] = [];
  const [outcome] = await supervise({
    command: process.execPath,
    baseArgs: ['-e', FIRST_RUN_EXITS],
    children: [child],
    cwd: process.cwd(),
    signal: stop.signal,
    backoffMs: 10,
    haltPollMs: 10,
    graceMs: 5000,
    onLine: (_label, _stream, line) => lines.push(line),
    onEvent: (event) => {
      events.push(event);
      if (stopWhen(event)) stop.abort();
    },
    ...extra,
  });
  return { outcome, kinds: events.map((event) => event.kind), events, lines };
}

const restarted = (event: SupervisorEvent) => event.kind === 'started' && event.restarts === 1;

describe('supervise', () => {
  it('restarts a crashed child after a backoff', async () => {
    const { child } = firstRunExits(1);
    const { outcome, kinds, events } = await superviseUntil(child, restarted);
    expect(kinds).toEqual(['started', 'exited', 'restarting', 'started', 'exited']);
    expect(events[2]).toMatchObject({ exitCode: 1, inMs: 10 });
    expect(events[4]).toMatchObject({ kind: 'exited', stopping: true });
    expect(outcome).toMatchObject({ label: 'a', bots: ['a'], restarts: 1 });
  });

  it('records crashed (exit code, stderr tail) and restarted for each bot of the child, nothing for a stop', async () => {
    const { child } = firstRunExits(7);
    const { events } = await superviseUntil({ ...child, bots: ['a', 'b'] }, restarted);
    expect(events[2]).toMatchObject({ kind: 'restarting', stderrTail: ['first line', 'boom: out of luck'] });
    const recorded = events.flatMap(supervisorEvents);
    expect(recorded.map((event) => [event.bot, event.level, event.kind])).toEqual([
      ['a', 'error', 'crashed'],
      ['b', 'error', 'crashed'],
      ['a', 'info', 'restarted'],
      ['b', 'info', 'restarted'],
    ]);
    expect(recorded[0]?.message).toBe('runner (a) exited with code 7; restarting in 10 ms: boom: out of luck');
    expect(recorded[0]?.data).toMatchObject({
      exitCode: 7,
      signal: null,
      stderrTail: ['first line', 'boom: out of luck'],
    });
    expect(recorded[2]?.message).toBe('runner (a) restarted (restart 1)');
  });

  it('waits after a halted exit until its bots are no longer halted, then starts it again', async () => {
    const { child } = firstRunExits(3);
    let polls = 0;
    const asked: ChildSpec[] = [];
    const { kinds, outcome } = await superviseUntil(child, restarted, {
      isHalted: async (which) => {
        asked.push(which);
        return ++polls < 4;
      },
    });
    expect(kinds).toEqual(['started', 'exited', 'halted', 'resumed', 'started', 'exited']);
    expect(polls).toBe(4);
    expect(asked.every((which) => which === child)).toBe(true);
    expect(outcome.restarts).toBe(1);
  });

  it('stops waiting for a resume when the stop signal comes', async () => {
    const { child } = firstRunExits(3);
    const { kinds, outcome } = await superviseUntil(child, (event) => event.kind === 'halted', {
      isHalted: async () => true,
    });
    expect(kinds).toEqual(['started', 'exited', 'halted']);
    expect(outcome).toMatchObject({ restarts: 0, lastExitCode: 3 });
  });

  it('keeps waiting while the flags cannot be read', async () => {
    const { child } = firstRunExits(3);
    let polls = 0;
    const { kinds } = await superviseUntil(child, restarted, {
      isHalted: async () => {
        if (++polls < 3) throw new Error('database away');
        return false;
      },
    });
    expect(kinds).toEqual(['started', 'exited', 'halted', 'resumed', 'started', 'exited']);
  });

  it('retries a halted exit with nothing flagged like a crash, rather than waiting for ever', async () => {
    const { child } = firstRunExits(3);
    const { kinds } = await superviseUntil(child, restarted, { isHalted: async () => false });
    expect(kinds).toEqual(['started', 'exited', 'restarting', 'started', 'exited']);
  });

  it('gives a halted child up when it cannot tell whether it was resumed', async () => {
    const { child, marker } = firstRunExits(3);
    const { kinds, outcome } = await superviseUntil(child, () => false);
    expect(kinds).toEqual(['started', 'exited']);
    expect(outcome).toMatchObject({ restarts: 0, lastExitCode: 3 });
    expect(existsSync(marker)).toBe(true);
  });

  it("passes the child's output on line by line, under its label", async () => {
    const { child } = firstRunExits(1);
    const stop = new AbortController();
    const lines: string[] = [];
    await supervise({
      command: process.execPath,
      baseArgs: ['-e', FIRST_RUN_EXITS],
      children: [child],
      cwd: process.cwd(),
      signal: stop.signal,
      backoffMs: 10,
      onLine: (label, stream, line) => {
        lines.push(`${label} ${stream} ${line}`);
        stop.abort();
      },
    });
    expect(lines).toEqual(['a stdout up again']);
  });
});
