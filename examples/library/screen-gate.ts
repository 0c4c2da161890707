// A CI gate: screen a spec over its universe and fail the build when no instrument passes
// (too few trades everywhere). Exit 0 when one passes, 1 when none does, and fleet's own exit
// code (2 for a usage error, 1 for a bad spec) when the screen cannot run.
// Run: npx tsx screen-gate.ts strategies/ema-cross.json
import { FleetError, readSpecFile, screen } from 'fleet';

try {
  const spec = await readSpecFile(process.argv[2] ?? 'strategies/ema-cross.json');
  const result = await screen({ spec, source: { kind: 'sandbox' }, bars: 2000, minTrades: 10 });
  for (const row of result.rows) {
    const verdict = row.passed ? 'pass' : `fail (${row.metrics.trades} trades)`;
    console.log(`${row.rank}. ${row.symbol.padEnd(12)} score ${row.score.toFixed(2).padStart(7)}  ${verdict}`);
  }
  for (const failure of result.failures) console.log(`-  ${failure.symbol}: ${failure.error}`);
  if (!result.rows.some((row) => row.passed)) {
    console.error(`${result.spec}: no instrument made ${result.minTrades} trades`);
    process.exitCode = 1;
  }
} catch (error) {
  if (!(error instanceof FleetError)) throw error;
  console.error(error.message);
  process.exitCode = error.exitCode;
}
