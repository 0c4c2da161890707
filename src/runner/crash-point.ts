/**
 * Test hooks for the crash and freeze tests, inert unless their variable is set:
 * - FLEET_TEST_CRASH_AFTER=<point>:<n>: the process kills itself (SIGKILL, no cleanup) right after
 *   the n-th write of that kind commits, so a test can die exactly between a write and the next step.
 * - FLEET_TEST_FREEZE_BEFORE=<point>:<n>: the process stops itself (SIGSTOP) right before the n-th
 *   write of that kind, outside any transaction, and goes on with it when continued (SIGCONT): a
 *   runner frozen past its lease at the worst moment, for the fencing test.
 * Points: `order` (an order persisted), `sent` (an order cleared to go, before the broker sees it),
 * `placed` (the broker's answer, before it is recorded), `fill` (a fill recorded), `equity` (a
 * bar's equity point).
 */
export type CrashPoint = 'order' | 'sent' | 'placed' | 'fill' | 'equity';

const crash = parse(process.env.FLEET_TEST_CRASH_AFTER);
const freeze = parse(process.env.FLEET_TEST_FREEZE_BEFORE);
const seen = { crash: 0, freeze: 0 };

/** Right after a write of `point` committed. */
export function crashPoint(point: CrashPoint): void {
  if (crash?.point !== point) return;
  if (++seen.crash === crash.count) process.kill(process.pid, 'SIGKILL');
}

/** Right before a write of `point`. */
export function freezePoint(point: CrashPoint): void {
  if (freeze?.point !== point) return;
  if (++seen.freeze === freeze.count) process.kill(process.pid, 'SIGSTOP');
}

function parse(value: string | undefined): { point: string; count: number } | undefined {
  const match = /^(order|sent|placed|fill|equity):(\d+)$/.exec(value ?? '');
  return match === null ? undefined : { point: match[1], count: Number(match[2]) };
}
