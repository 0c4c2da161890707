// `npm run bench`: builds, then prints every benchmark figure as a table. Not a test: nothing here
// passes or fails on time; docs/benchmarks.md records what it printed.
// `npm run bench -- backtest screen` runs only the named groups.
import { cpus } from 'node:os';
import { benchBacktest } from './backtest.mjs';
import { benchCli } from './cli.mjs';
import { benchFleet } from './fleet.mjs';
import { benchOptimiseOverhead, benchOptimiseQuality } from './optimise.mjs';
import { benchSamplers } from './samplers.mjs';
import { benchScreen } from './screen.mjs';
import { benchSharedStudy, benchStore } from './store.mjs';

const groups = {
  backtest: benchBacktest,
  screen: benchScreen,
  samplers: benchSamplers,
  store: async () => [...(await benchStore()), ...(await benchSharedStudy())],
  optimise: async () => [...(await benchOptimiseQuality()), ...(await benchOptimiseOverhead())],
  fleet: benchFleet,
  cli: benchCli,
};
const chosen = process.argv.slice(2).filter((name) => name in groups);
const rows = [];
for (const name of chosen.length > 0 ? chosen : Object.keys(groups)) rows.push(...(await groups[name]()));
const width = Math.max(...rows.map(([name]) => name.length));
const valueWidth = Math.max(...rows.map(([, value]) => value.length));
console.log(`fleet benchmarks: Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`);
for (const [name, value, note] of rows) console.log(`${name.padEnd(width)}  ${value.padStart(valueWidth)}  ${note}`);
