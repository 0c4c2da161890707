import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/helpers/slow-first-sequencer.js';

// Vitest's default on two cores is one file at a time. Most of the suite's wall time is spent
// waiting on child processes, databases and sockets, so files run three at a time by default
// (FLEET_TEST_WORKERS overrides it). docs/benchmarks.md records what this gains.
const workers = Number(process.env.FLEET_TEST_WORKERS) || 3;

export default defineConfig({
  test: {
    // The library examples' own tests run too: docs/library.md says the example broker passes the
    // conformance suite, and this is where that is checked (through the built package exports).
    include: ['test/**/*.test.ts', 'examples/library/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: workers,
    sequence: { sequencer: SlowFirstSequencer },
    globalSetup: ['test/helpers/database-template.ts'],
  },
});
