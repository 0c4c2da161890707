import { describe, expect, it } from 'vitest';
import { runTasks, WorkerPool } from '../../../src/core/index.js';

const entry = new URL('../../helpers/echo-worker.ts', import.meta.url);
type Task = { value: number; fail?: boolean; die?: boolean; waitMs?: number };
type Result = { doubled: number; thread: number };

describe('worker pool', () => {
  it('runs a fixed list on several threads and keeps the order of results', async () => {
    const tasks = Array.from({ length: 12 }, (_, i) => ({ value: i, waitMs: 20 }));
    const seen: number[] = [];
    const results = await runTasks<Task, Result>(entry, tasks, { workers: 3, onResult: (i) => seen.push(i) });
    expect(results.map((r) => (r.ok ? r.value.doubled : Number.NaN))).toEqual(tasks.map((t) => t.value * 2));
    expect(new Set(results.map((r) => (r.ok ? r.value.thread : 0))).size).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual(tasks.map((_, i) => i));
  });

  it('returns a thrown error as that task’s failed result, and the others still succeed', async () => {
    const results = await runTasks<Task, Result>(entry, [{ value: 1 }, { value: 2, fail: true }, { value: 3 }], {
      workers: 2,
    });
    expect(results[0]).toEqual({ ok: true, value: expect.objectContaining({ doubled: 2 }) });
    expect(results[1]).toEqual({ ok: false, error: 'task 2 failed on purpose' });
    expect(results[2].ok).toBe(true);
  });

  it('takes tasks as they come, and fails every waiting task when a thread dies', async () => {
    const pool = new WorkerPool<Task, Result>(entry, 2);
    try {
      const first = await pool.run({ value: 5 });
      expect(first.ok && first.value.doubled).toBe(10);
      const second = await Promise.all([pool.run({ value: 6 }), pool.run({ value: 7 })]);
      expect(second.map((r) => r.ok && r.value.doubled)).toEqual([12, 14]);
      const dying = await pool.run({ value: 0, die: true });
      expect(dying).toEqual({ ok: false, error: 'a worker thread stopped with exit code 7' });
      await expect(pool.run({ value: 1 })).rejects.toThrow('exit code 7');
    } finally {
      await pool.close();
    }
  });
});
