// A worker entry for the pool's tests: doubles numbers, throws on request, or dies.
import { threadId } from 'node:worker_threads';
import { serveTasks } from '../../src/core/index.js';

serveTasks(async (task: { value: number; fail?: boolean; die?: boolean; waitMs?: number }) => {
  if (task.die) process.exit(7);
  if (task.fail) throw new Error(`task ${task.value} failed on purpose`);
  if (task.waitMs) await new Promise((resolve) => setTimeout(resolve, task.waitMs));
  return { doubled: task.value * 2, thread: threadId };
});
