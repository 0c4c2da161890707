// 100 paper bots on 1-minute bars on the sandbox exchange, time compressed, several bots per
// process: tick latency (p50, p99: real time from a bar's tick start to its end, database writes
// included) and the memory of every process together. Figures, not pass/fail.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SANDBOX_SYMBOLS } from '../dist/data/index.js';
import { migrate, openStore, registerBots } from '../dist/store/index.js';
import { withServerDatabase } from './server-database.mjs';

const run = promisify(execFile);
const BOTS = 100;
const SPEED = 60; // one 1-minute bar per real second per bot
const SECONDS = 30;

async function fleetOnce(perProcess, url) {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-'));
  // On the embedded database this process is the owner; the runner processes connect through it.
  const store = await openStore({ dir, url });
  try {
    await migrate(store);
    const spec = { ...JSON.parse(readFileSync('examples/specs/ema-cross.json', 'utf8')), timeframe: '1m' };
    const names = Array.from({ length: BOTS }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
    await registerBots(
      store,
      names.map((name, i) => ({
        name,
        spec,
        params: { fast: 5, slow: 20 },
        symbol: SANDBOX_SYMBOLS[i % SANDBOX_SYMBOLS.length],
        exchange: 'sandbox',
        timeframe: '1m',
        capital: 10_000,
        risk: {},
        config: { seed: i },
      })),
    );
    const groups = [];
    for (let i = 0; i < names.length; i += perProcess) groups.push(names.slice(i, i + perProcess));
    const results = await Promise.all(
      groups.map((group) =>
        run(process.execPath, ['bench/fleet-child.mjs', dir, String(SPEED), String(SECONDS), ...group], {
          maxBuffer: 64 * 1024 * 1024,
          env: { ...process.env, DATABASE_URL: url ?? '' },
        }),
      ),
    );
    const parsed = results.map((r) => JSON.parse(r.stdout.trim().split('\n').pop()));
    const ticks = parsed.flatMap((p) => p.ticks).sort((a, b) => a - b);
    const quantile = (q) => ticks[Math.min(ticks.length - 1, Math.floor(q * ticks.length))];
    const memory = parsed.reduce((sum, p) => sum + p.peakRss, 0) + process.memoryUsage().rss;
    const failed = parsed.flatMap((p) => p.failed);
    const label = `${BOTS} bots, ${perProcess}/process (${groups.length} processes)${url ? ', server' : ''}`;
    return [
      [
        `fleet ${label}: tick p50`,
        `${quantile(0.5).toFixed(1)} ms`,
        `${ticks.length} ticks in ${SECONDS} s at ${SPEED}x`,
      ],
      [
        `fleet ${label}: tick p99`,
        `${quantile(0.99).toFixed(1)} ms`,
        failed.length ? `${failed.length} bot(s) failed` : 'every bot ran to the end',
      ],
      [
        `fleet ${label}: memory`,
        `${Math.round(memory / 2 ** 20)} MiB`,
        url
          ? 'peak RSS of all runner processes + this one (the server not counted)'
          : 'peak RSS of all runner processes + the database owner',
      ],
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same 50-per-process run on a Postgres server, in a fresh database dropped afterwards. */
async function fleetOnServer() {
  const rows = await withServerDatabase(`fleet_bench_${process.pid}`, (url) => fleetOnce(50, url));
  return rows ?? [['fleet on a server', 'skipped', 'set FLEET_TEST_DATABASE_URL to measure']];
}

export async function benchFleet() {
  return [...(await fleetOnce(25)), ...(await fleetOnce(50)), ...(await fleetOnServer())];
}
