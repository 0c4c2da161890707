// Fails CI (exit 1) when `fleet screen --json` and `fleet optimise --json` results fall below the
// thresholds: fewer instruments passing the screen, a lower top score, or a tuned instrument whose
// out-of-sample objective (the optimise --metric, sharpe by default) is below the floor.
// Usage: node ci/check-regression.mjs screen.json optimise.json ci/thresholds.json
import { readFileSync } from 'node:fs';

const [screenFile, optimiseFile, thresholdsFile] = process.argv.slice(2);
if (!thresholdsFile) {
  process.stderr.write('usage: node ci/check-regression.mjs SCREEN_JSON OPTIMISE_JSON THRESHOLDS_JSON\n');
  process.exit(2);
}
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const screen = read(screenFile);
const optimise = read(optimiseFile);
const limits = read(thresholdsFile);

const failures = [];
const passed = screen.rows.filter((row) => row.passed);
if (passed.length < limits.minPassedInstruments) {
  failures.push(`${passed.length} instruments passed the screen, fewer than ${limits.minPassedInstruments}`);
}
const top = screen.rows.find((row) => row.rank === 1);
if (!top || !(top.score >= limits.minTopScore)) {
  failures.push(`top screen score ${top ? top.score : 'none'} is below ${limits.minTopScore}`);
}
for (const failure of optimise.failures) failures.push(`optimise ${failure.symbol} failed: ${failure.error}`);
for (const instrument of optimise.instruments) {
  const value = instrument.best ? instrument.best.outOfSampleValue : undefined;
  if (!(value >= limits.minOutOfSample)) {
    failures.push(`${instrument.symbol}: out-of-sample ${optimise.metric} ${value} is below ${limits.minOutOfSample}`);
  }
}

for (const failure of failures) process.stderr.write(`regression: ${failure}\n`);
process.stdout.write(
  `${failures.length === 0 ? 'ok' : 'FAILED'}: ${passed.length} instruments passed the screen, ` +
    `${optimise.instruments.length} tuned, ${failures.length} regressions\n`,
);
process.exitCode = failures.length === 0 ? 0 : 1;
