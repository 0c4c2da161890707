import { describe, expect, it } from 'vitest';
import {
  anchorSandboxClock,
  ManualClock,
  MemorySandboxLedger,
  SpeedClock,
  WallClock,
} from '../../../src/broker/index.js';

describe('clocks', () => {
  it('runs a speed clock `speed` times faster than real time and sleeps the real equivalent', async () => {
    const clock = new SpeedClock({ simOrigin: 1_000_000, realOrigin: Date.now(), speed: 1000 });
    const start = clock.now();
    expect(start).toBeGreaterThanOrEqual(1_000_000);
    expect(start).toBeLessThan(1_000_000 + 50_000);
    const realStart = Date.now();
    await clock.sleepUntil(start + 60_000); // 60 simulated seconds: 60 real ms
    expect(clock.now()).toBeGreaterThanOrEqual(start + 60_000);
    expect(Date.now() - realStart).toBeGreaterThanOrEqual(55);
    expect(Date.now() - realStart).toBeLessThan(1000);
  });

  it('wakes early when aborted', async () => {
    const clock = new WallClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(5);
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 20);
    await clock.sleepUntil(Date.now() + 60_000, abort.signal);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('anchors a sandbox clock once, keeps it, and re-anchors without going back on a new speed', async () => {
    const ledger = new MemorySandboxLedger();
    const first = await anchorSandboxClock(ledger, 'sbx', 60);
    const same = await anchorSandboxClock(ledger, 'sbx', 60);
    expect(same.anchor).toEqual(first.anchor);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const before = first.now();
    const faster = await anchorSandboxClock(ledger, 'sbx', 3600);
    expect(faster.anchor.speed).toBe(3600);
    expect(faster.anchor.simOrigin).toBeGreaterThanOrEqual(before);
    expect(faster.anchor.simOrigin).toBeGreaterThan(first.anchor.simOrigin);
    await expect(anchorSandboxClock(ledger, 'sbx', 0)).rejects.toThrow(/positive/);
  });

  it('moves a manual clock only when told, and sleeping moves it forward', async () => {
    const clock = new ManualClock(100);
    await clock.sleepUntil(50);
    expect(clock.now()).toBe(100);
    await clock.sleepUntil(500);
    expect(clock.now()).toBe(500);
    clock.set(42);
    expect(clock.now()).toBe(42);
  });
});
