import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { designOffline } from '../../src/designer/index.js';
import { PROPOSAL_WINDOW } from '../../src/optimise/index.js';
import { openStore } from '../../src/store/index.js';
import { fleet, type RunningFleet, spawnFleet } from '../helpers/cli.js';
import { startFakeLlm } from '../helpers/fake-llm.js';

/** Small and fast: 1000 bars of 5m sandbox data, the top two instruments, a few trials each. */
const SMALL = ['--timeframe', '5m', '--bars', '1000', '--top', '2', '--min-trades', '1', '--workers', '1'];

interface Run {
  id: number;
  state: string;
  gatedAt?: string;
  stages: Record<
    string,
    { status: string; attempts: number; startedAt: string; finishedAt?: string; output?: Record<string, unknown> }
  >;
  events?: { bot: string | null; kind: string; level: string; message: string }[];
}

const testEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1' };
  delete env.DATABASE_URL;
  return env;
};

/** Resolves once the running CLI has written a line matching `pattern` to stderr. */
const stderrMatches = (child: RunningFleet, pattern: RegExp) =>
  new Promise<void>((resolve, reject) => {
    const check = () => {
      if (pattern.test(child.stderr())) resolve();
    };
    child.child.stderr?.on('data', check);
    check();
    child.exited.then((e) => reject(new Error(`exited before ${pattern}: ${e.stderr}`)));
  });

/** The stored trials of a run's studies, read from the project's embedded database. */
async function trialsOf(id: number) {
  const store = await openStore({ url: undefined, dir: join(dir, '.fleet') });
  try {
    const rows = await store.db
      .selectFrom('trials')
      .select(['study', 'number', 'state', 'worker'])
      .where('study', 'like', `pipeline-${id}/%`)
      .orderBy('study')
      .orderBy('number')
      .execute();
    return rows.map((r) => ({ ...r }));
  } finally {
    await store.close();
  }
}

let dir: string;

describe('fleet pipeline', () => {
  const run = (args: string[]) => fleet(args, { cwd: dir });
  const show = async (id: number): Promise<Run> =>
    JSON.parse((await run(['pipeline', 'show', String(id), '--json'])).stdout);

  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'fleet-pipeline-')), 'proj');
    expect((await fleet(['new', dir])).exitCode).toBe(0);
    // The first command creates the embedded database; the tests below then only use it.
    expect((await run(['migrate'])).exitCode).toBe(0);
  }, 120_000);

  it('goes from a sentence to tuned paper bots on a fresh project, with the evidence written', async () => {
    const r = await run(['pipeline', 'fast ema crosses slow ema', ...SMALL, '--trials', '4', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const result: Run = JSON.parse(r.stdout);
    expect(result.state).toBe('done');
    expect(r.stderr).toContain(`pipeline ${result.id}: screened 4 instrument(s)`);
    const tuned = result.stages.optimise.output?.instruments as {
      symbol: string;
      report: string;
      outOfSample: number;
    }[];
    expect(tuned.length).toBeGreaterThan(0);
    for (const instrument of tuned) expect(existsSync(instrument.report)).toBe(true);
    const spec = JSON.parse(readFileSync(join(dir, 'strategies', 'ema-cross-5m.json'), 'utf8'));
    expect(Object.keys(spec.optimised)).toEqual(tuned.map((i) => i.symbol));
    const ls = JSON.parse((await run(['ls', '--json'])).stdout) as { bots: { mode: string; symbol: string }[] };
    for (const instrument of tuned) {
      expect(ls.bots).toContainEqual(expect.objectContaining({ mode: 'paper', symbol: instrument.symbol }));
    }
    const config = JSON.parse(readFileSync(join(dir, 'fleet.config.json'), 'utf8'));
    expect(config.bots[0].name).toBe('ema-cross-sandbox');
    expect(config.bots.length).toBe(1 + tuned.length);

    const runs = JSON.parse((await run(['pipeline', 'ls', '--json'])).stdout) as Run[];
    expect(runs[0]).toMatchObject({ id: result.id, state: 'done' });
    const shown = await show(result.id);
    expect(shown.events?.map((e) => [e.bot, e.kind])).toEqual([
      [null, 'pipeline.design'],
      [null, 'pipeline.screen'],
      [null, 'pipeline.optimise'],
      [null, 'pipeline.register'],
    ]);
    const text = await run(['pipeline', 'show', String(result.id)]);
    expect(text.stdout).toMatch(/info +pipeline\.register +pipeline \d+: registered/);
    // The summary says where the evidence is, one page per tuned instrument.
    for (const instrument of tuned) expect(text.stdout).toContain(`  ${instrument.symbol}  ${instrument.report}`);
    // Instruments that lost out of sample are named, from the same stored result.
    const losers = tuned.filter((i) => i.outOfSample < 0).map((i) => i.symbol);
    const note = /^note: (.+) lost out of sample \(sharpe below 0/m.exec(text.stdout);
    expect(note?.[1].split(', ') ?? []).toEqual(losers);
  }, 120_000);

  it('in CI a gate stops the run with exit 3 and the resume command; --resume finishes it', async () => {
    const gated = await run([
      'pipeline',
      'ema crossover',
      '--name',
      'gated',
      ...SMALL,
      '--trials',
      '4',
      '--gate',
      'optimise',
    ]);
    expect(gated.exitCode).toBe(3);
    const id = Number(/pipeline --resume (\d+)/.exec(gated.stderr)?.[1]);
    expect(gated.stderr).toContain(`stopped at its optimise gate; continue it with: fleet pipeline --resume ${id}`);
    expect((await show(id)).state).toBe('gated');
    const resumed = await run(['pipeline', '--resume', String(id)]);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`pipeline ${id}: screen done earlier, skipped`);
    expect(resumed.stdout).toContain(`pipeline ${id}: done`);
  }, 120_000);

  it('designs through a model on the fake LLM server (Anthropic protocol), repairing once, to tuned bots', async () => {
    const llm = await startFakeLlm();
    try {
      const good = { name: 'ema-model', version: 1, timeframe: '5m', ...designOffline('ema 12 26 cross').draft };
      const typo = { ...good, signals: { ...good.signals, cross_up: 'crosses_above(emaa(close, 5), slow_ma)' } };
      llm.script({ kind: 'spec', spec: typo }, { kind: 'spec', spec: good });
      const env = {
        ANTHROPIC_API_KEY: 'sk-test',
        ANTHROPIC_BASE_URL: llm.url,
        OPENAI_API_KEY: '',
        FLEET_LLM_BASE_URL: '',
        FLEET_DESIGNER_PROVIDER: '',
      };
      const args = ['pipeline', 'an ema trend follower', ...SMALL, '--trials', '4', '--name', 'from-model', '--json'];
      const r = await fleet(args, { cwd: dir, env });
      expect(r.exitCode, r.stderr).toBe(0);
      const result: Run = JSON.parse(r.stdout);
      expect(result.state).toBe('done');
      expect(llm.requests.map((request) => request.path)).toEqual(['/v1/messages', '/v1/messages']);
      expect(result.stages.design.output?.provenance).toMatchObject({ provider: 'anthropic', repair_rounds: 1 });
      const spec = JSON.parse(readFileSync(join(dir, 'strategies', 'from-model.json'), 'utf8'));
      expect(spec.provenance).toMatchObject({ provider: 'anthropic', repair_rounds: 1 });
      expect(JSON.stringify(spec)).not.toContain('sk-test');
      const registered = (result.stages.register.output?.bots ?? []) as unknown[];
      expect(registered.length).toBeGreaterThan(0);
    } finally {
      await llm.close();
    }
  }, 120_000);

  it('killed mid-optimisation, --resume finishes the run without redoing the finished stages', async () => {
    const child = spawnFleet(['pipeline', 'ema cross', '--name', 'killed', ...SMALL, '--trials', '80'], {
      cwd: dir,
      env: testEnv(),
    });
    // Killed once the optimiser reports its first quarter of trials: the screen is long done.
    await stderrMatches(child, /optimising SBX-\w+: \d+\/80/);
    child.child.kill('SIGKILL');
    expect((await child.exited).signal).toBe('SIGKILL');
    const id = Number(/pipeline (\d+): optimise…/.exec(child.stderr())?.[1]);
    const before = await show(id);
    expect(before.state).toBe('running');
    expect(before.stages.optimise).toMatchObject({ status: 'running', attempts: 1 });
    const runs = JSON.parse((await run(['pipeline', 'ls', '--json'])).stdout) as (Run & { interrupted: boolean })[];
    expect(runs.find((r) => r.id === id)?.interrupted).toBe(true);
    const killedTrials = (await trialsOf(id)).filter((t) => t.state === 'complete');
    expect(killedTrials.length).toBeGreaterThan(0);

    const resumed = await run(['pipeline', '--resume', String(id), '--json']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const after: Run = JSON.parse(resumed.stdout);
    expect(after.state).toBe('done');
    expect(after.stages.design).toEqual(before.stages.design);
    expect(after.stages.screen).toEqual(before.stages.screen);
    expect(after.stages.optimise).toMatchObject({ status: 'done', attempts: 2 });
    expect(after.stages.register).toMatchObject({ status: 'done', attempts: 1 });
    const kinds = (await show(id)).events?.map((e) => e.kind);
    expect(kinds).toEqual(['pipeline.design', 'pipeline.screen', 'pipeline.optimise', 'pipeline.register']);
    // The resumed optimisation continued the stored study: the killed process's finished trials
    // are still there, and each instrument's study holds the 80 asked for, not 80 more.
    const trials = await trialsOf(id);
    for (const t of killedTrials) expect(trials).toContainEqual(t);
    // Trials the kill left running are abandoned on resume: they count among the 80, unscored.
    const finished = new Map<string, number>();
    for (const t of trials.filter((t) => t.state !== 'running'))
      finished.set(t.study, (finished.get(t.study) ?? 0) + 1);
    expect([...finished.values()]).toEqual([80, 80]);
    const abandoned = trials.filter((t) => t.state !== 'complete' && t.state !== 'running');
    expect(abandoned.length).toBeLessThanOrEqual(PROPOSAL_WINDOW);
  }, 120_000);

  it('--start runs the fleet once the bots are registered, until fleet down', async () => {
    const child = spawnFleet(['pipeline', 'ema cross', '--name', 'started', ...SMALL, '--trials', '3', '--start'], {
      cwd: dir,
      env: testEnv(),
    });
    await stderrMatches(child, /fleet up: \d+ bot\(s\)/);
    expect(child.stdout()).toContain('started-sbx-');
    expect((await run(['down'])).exitCode).toBe(0);
    expect((await child.exited).code).toBe(0);
  }, 120_000);

  it('refuses bad input in one line: no idea, an idea the offline designer does not know, a bad gate', async () => {
    const none = await run(['pipeline']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('give an idea in quotes or --spec FILE');
    const gate = await run(['pipeline', 'ema cross', '--gate', 'deploy']);
    expect(gate.exitCode).toBe(2);
    expect(gate.stderr).toContain("--gate takes stages from design, screen, optimise, register, got 'deploy'");
    const resumeWithFlags = await run(['pipeline', '--resume', '1', '--trials', '5']);
    expect(resumeWithFlags.exitCode).toBe(2);
    expect(resumeWithFlags.stderr).toContain('--resume continues a run as it was asked: drop --trials');
    const startJson = await run(['pipeline', 'ema cross', '--start', '--json']);
    expect(startJson.exitCode).toBe(2);
    expect(startJson.stderr).toContain('--start and --json do not mix');
    const unknown = await run(['pipeline', 'buy the dip', ...SMALL]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('error: the offline designer does not recognise "buy the dip"; it knows: ');
  }, 60_000);
});
