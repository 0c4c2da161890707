/**
 * A test hook for the crash tests: with FLEET_TEST_CRASH_AFTER=<point>:<n> in the environment, the
 * process kills itself (SIGKILL, no cleanup) right after the n-th write of that kind commits, so a
 * test can die exactly between a write and the next step. Points: `order` (an order persisted),
 * `sent` (an order cleared to go, before the broker sees it), `placed` (the broker answered, before
 * the answer is recorded), `fill` (a fill recorded), `equity` (a bar's equity point). Without the
 * variable it does nothing.
 */
export type CrashPoint = 'order' | 'sent' | 'placed' | 'fill' | 'equity';

const planned = parse(process.env.FLEET_TEST_CRASH_AFTER);
let seen = 0;

export function crashPoint(point: CrashPoint): void {
  if (planned === undefined || planned.point !== point) return;
  seen++;
  if (seen >= planned.count) process.kill(process.pid, 'SIGKILL');
}

function parse(value: string | undefined): { point: string; count: number } | undefined {
  const match = /^(order|sent|placed|fill|equity):(\d+)$/.exec(value ?? '');
  return match === null ? undefined : { point: match[1], count: Number(match[2]) };
}
