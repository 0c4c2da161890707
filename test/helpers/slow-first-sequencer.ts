import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, measured (docs/benchmarks.md, "Test suite"): they start first, so
 * the many short files fill the other workers around them instead of one long file starting last
 * and keeping the run going on its own. Everything else keeps vitest's order (its cached
 * durations where it has them, file size on a clean clone).
 */
const SLOWEST = [
  'test/e2e/runner-takeover.test.ts',
  'test/e2e/runner-crash.test.ts',
  'test/e2e/fleet-up.test.ts',
  'test/e2e/runner-process.test.ts',
  'test/e2e/fleet-control.test.ts',
  'test/e2e/pipeline-command.test.ts',
  'test/unit/runner/replay-parity.test.ts',
  'test/e2e/bad-inputs.test.ts',
  'test/e2e/replay-command.test.ts',
  'test/e2e/project-commands.test.ts',
  'test/conformance/broker.test.ts',
  'test/conformance/candle-cache.test.ts',
  'test/conformance/sandbox-ledger.test.ts',
];

const rank = (spec: TestSpecification): number => {
  const index = SLOWEST.findIndex((file) => spec.moduleId.endsWith(file));
  return index < 0 ? SLOWEST.length : index;
};

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: files outside the list keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
