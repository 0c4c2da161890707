import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listBots, readRuntime } from '../../src/store/index.js';
import { fleet, spawnFleet } from '../helpers/cli.js';
import { createTestDatabase, SERVER_URL, type TestDatabase } from '../helpers/databases.js';
import { cliParseError, dockerInstructions } from '../helpers/deploy-checks.js';
import { until } from '../helpers/until.js';

/**
 * `docker compose up` on a new project, as far as it can go without a Docker daemon: the services
 * that start without a profile run here, in the order and with the command lines and environment
 * the compose file gives them, against a real Postgres server standing in for its `postgres`
 * service (whose host name only resolves inside Compose). No credential is set.
 */

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  profiles?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
}

let project: string;
let db: TestDatabase;
let services: Record<string, Service>;
beforeAll(async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'fleet-compose-run-'));
  const r = await fleet(['new', 'desk', '--yes'], { cwd });
  expect(r.exitCode, r.stderr).toBe(0);
  project = join(cwd, 'desk');
  services = parse(readFileSync(join(project, 'compose.yaml'), 'utf8')).services;
  if (SERVER_URL !== undefined) db = await createTestDatabase('server', { schema: 'empty' });
});
afterAll(async () => {
  await db?.cleanup();
});

/** The environment compose gives a fleet service, its database host mapped to the test server. */
function serviceEnv(service: Service): NodeJS.ProcessEnv {
  const url = service.environment?.DATABASE_URL;
  expect(url).toMatch(/^postgres:\/\/fleet:\$\{POSTGRES_PASSWORD:-fleet\}@postgres:5432\/fleet$/);
  return { ...process.env, CI: 'true', NO_COLOR: '1', DATABASE_URL: db.url };
}

describe.skipIf(SERVER_URL === undefined)('docker compose up on a new project, emulated', () => {
  it('migrate runs once and exits 0, then the runners paper-trade the sandbox bot, healthy, until SIGTERM', async () => {
    const started = Object.entries(services).filter(([name, s]) => s.profiles === undefined && name !== 'postgres');
    expect(started.map(([name]) => name)).toEqual(['migrate', 'runners', 'notifier']);
    for (const [name, service] of started)
      expect(await cliParseError(service.command ?? []), `${name}: ${service.command?.join(' ')}`).toBeUndefined();

    serviceEnv(services.migrate);
    const migrate = await fleet(services.migrate.command ?? [], {
      cwd: project,
      env: { DATABASE_URL: db.url as string },
    });
    expect(migrate.exitCode, migrate.stderr).toBe(0);

    const runners = spawnFleet(services.runners.command ?? [], {
      cwd: project,
      env: serviceEnv(services.runners),
      detached: true,
    });
    const store = await db.open({ migrated: false });
    try {
      const runtime = await until('the sample bot running on the sandbox', async () => {
        const r = await readRuntime(store, 'ema-cross-sandbox');
        return r?.status === 'running' && r.leasePid !== null ? r : undefined;
      });
      expect(runtime.leaseHost).not.toBeNull();
      expect((await listBots(store)).map((bot) => [bot.name, bot.mode, bot.exchange])).toEqual([
        ['ema-cross-sandbox', 'paper', 'sandbox'],
      ]);
      // The image's HEALTHCHECK, run as Docker would in the container's working folder.
      const health = healthcheckArgv();
      await until('fleet up to record itself', async () =>
        (await execa(health[0], health.slice(1), { cwd: project, reject: false })).exitCode === 0 ? true : undefined,
      );
    } finally {
      process.kill(-(runners.child.pid as number), 'SIGTERM');
    }
    const exit = await runners.exited;
    expect(exit.code, exit.stderr).toBe(0);
    const health = healthcheckArgv();
    expect((await execa(health[0], health.slice(1), { cwd: project, reject: false })).exitCode).not.toBe(0);
    expect((await readRuntime(store, 'ema-cross-sandbox'))?.leasePid ?? null).toBeNull();
  });
});

describe('health checks', () => {
  it("the dashboard's: 0 while its port listens, 1 once it does not", async () => {
    const test = services.dashboard.healthcheck?.test ?? [];
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(test[3]).toContain('connect(8787, ');
    // On a free port here, so as not to meet a real dashboard on 8787.
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const script = test[3].replace('connect(8787, ', `connect(${port}, `);
    try {
      expect((await execa('node', ['-e', script], { reject: false })).exitCode).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect((await execa('node', ['-e', script], { reject: false })).exitCode).toBe(1);
  });
});

/** The Dockerfile's HEALTHCHECK command (exec form). */
function healthcheckArgv(): string[] {
  const step = dockerInstructions(readFileSync(join(project, 'Dockerfile'), 'utf8')).find(
    (s) => s.keyword === 'HEALTHCHECK',
  );
  return JSON.parse(step?.args.slice(step.args.indexOf('CMD ') + 4) ?? '[]');
}
