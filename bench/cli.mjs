// How long the commands a user types all day take, as a whole process (node start, imports,
// database, queries, exit): `fleet ls`, `fleet pnl`, `fleet logs BOT`, cold (no fleet up: the CLI
// opens the embedded database itself) and with a fleet up (the CLI connects through the owner).
// `fleet --version` is the floor: node and the CLI's entry alone. Median of RUNS runs each.
// FLEET_BIN=path/to/bin/fleet.js measures another build (the before figures in docs/benchmarks.md).
// Figures, not pass/fail.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { median } from './measure.mjs';

const run = promisify(execFile);
const BIN = resolve(process.env.FLEET_BIN ?? 'bin/fleet.js');
const RUNS = 7;
const BOT = 'ema-cross-sandbox';
const COMMANDS = [['ls'], ['pnl'], ['logs', BOT]];

const fleet = (dir, args) => run(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, CI: 'true' } });

async function timed(dir, args) {
  const times = [];
  await fleet(dir, args); // one unmeasured run: the file cache is warm for every measured one
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fleet(dir, args);
    times.push(performance.now() - start);
  }
  return median(times);
}

/** `fleet up` in `dir`, resolved once its database owner is serving; stop() brings it down. */
async function fleetUp(dir) {
  const child = spawn(process.execPath, [BIN, 'up'], {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, CI: 'true' },
  });
  const owner = join(dir, '.fleet', 'db', 'owner.json');
  while (!existsSync(owner)) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 2000)); // let the runner boot before measuring
  return {
    stop: async () => {
      await fleet(dir, ['down']);
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}

export async function benchCli() {
  const parent = mkdtempSync(join(tmpdir(), 'fleet-bench-cli-'));
  const dir = join(parent, 'desk');
  try {
    await fleet(parent, ['new', dir]);
    await fleet(dir, ['migrate']);
    await fleet(dir, ['register']);
    const rows = [
      ['cli fleet --version', `${(await timed(dir, ['--version'])).toFixed(0)} ms`, 'node + the entry alone'],
    ];
    for (const args of COMMANDS)
      rows.push([
        `cli fleet ${args.join(' ')}, cold`,
        `${(await timed(dir, args)).toFixed(0)} ms`,
        'opens the embedded database',
      ]);
    const up = await fleetUp(dir);
    try {
      for (const args of COMMANDS)
        rows.push([
          `cli fleet ${args.join(' ')}, fleet up`,
          `${(await timed(dir, args)).toFixed(0)} ms`,
          'through the owner',
        ]);
    } finally {
      await up.stop();
    }
    // The machine is shared: the load beside the figures says how busy it was while they were taken.
    const load = `load average ${loadavg()[0].toFixed(1)}`;
    return rows.map(([name, value, note]) => [name, value, `${note}; median of ${RUNS}; ${load}`]);
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
