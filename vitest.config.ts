import { defineConfig } from 'vitest/config';

// Vitest's default on two cores is one file at a time. Most of the suite's wall time is spent
// waiting on child processes, databases and sockets, so files run three at a time by default
// (FLEET_TEST_WORKERS overrides it). docs/benchmarks.md records what this gains.
const workers = Number(process.env.FLEET_TEST_WORKERS) || 3;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: workers,
    globalSetup: ['test/helpers/database-template.ts'],
  },
});
