// `npm run bench`: builds, then prints every benchmark figure as a table. Not a test: nothing here
// passes or fails on time; docs/benchmarks.md records what it printed.
import { cpus } from 'node:os';
import { benchBacktest } from './backtest.mjs';
import { benchScreen } from './screen.mjs';

const rows = [...(await benchBacktest()), ...(await benchScreen())];
const width = Math.max(...rows.map(([name]) => name.length));
const valueWidth = Math.max(...rows.map(([, value]) => value.length));
console.log(`fleet benchmarks: Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`);
for (const [name, value, note] of rows) console.log(`${name.padEnd(width)}  ${value.padStart(valueWidth)}  ${note}`);
