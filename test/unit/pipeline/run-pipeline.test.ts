import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetError, InputError, UsageError } from '../../../src/core/index.js';
import {
  type DesignStage,
  designerStage,
  type PipelineInput,
  pipelineEvents,
  pipelineRun,
  pipelineRuns,
  runPipeline,
  type StageNotice,
} from '../../../src/pipeline/index.js';
import { getBot, type Store } from '../../../src/store/index.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { fleetProject, sandboxBot } from '../../helpers/fleet-project.js';

/** A small, fast run: 1000 bars of 5m sandbox data, 4 trials per instrument, the top two. */
// The offline designer: no key, no network, the same spec every time.
const offline = designerStage({ provider: 'offline' });

const inputFor = (projectDir: string, extra: Partial<PipelineInput> = {}): PipelineInput => ({
  idea: 'fast ema crosses slow ema',
  timeframe: '5m',
  source: 'sandbox',
  exchange: 'sandbox',
  bars: 1000,
  seed: 0,
  top: 2,
  trials: 4,
  minTrades: 1,
  split: 0.7,
  gates: [],
  projectDir,
  ...extra,
});

describe.each(BACKENDS)('runPipeline on %s', (backend) => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    store = await db.open();
  });
  afterAll(() => db.cleanup());

  it('designs, screens, tunes and registers, persisting every stage and writing one event each', async () => {
    const dir = fleetProject({ bots: [sandboxBot('kept')] });
    const notices: StageNotice[] = [];
    const run = await runPipeline({
      store,
      input: inputFor(dir),
      design: offline,
      workers: 0,
      onStage: (n) => notices.push(n),
    });
    expect(run.state).toBe('done');
    for (const stage of ['design', 'screen', 'optimise', 'register'] as const) {
      expect(run.stages[stage]).toMatchObject({ status: 'done', attempts: 1 });
      expect(run.stages[stage]?.ms).toBeGreaterThanOrEqual(0);
    }
    expect(notices.map((n) => `${n.stage}:${n.status}`)).toEqual([
      'design:started',
      'design:done',
      'screen:started',
      'screen:done',
      'optimise:started',
      'optimise:done',
      'register:started',
      'register:done',
    ]);
    // The stored run is the returned one.
    expect(await pipelineRun(store, run.id)).toEqual(run);
    const events = await pipelineEvents(store, run.id);
    expect(events.map((e) => [e.bot, e.kind])).toEqual([
      [null, 'pipeline.design'],
      [null, 'pipeline.screen'],
      [null, 'pipeline.optimise'],
      [null, 'pipeline.register'],
    ]);
    // Each event carries its stage's key numbers, the stage record's summary.
    for (const [index, stage] of (['design', 'screen', 'optimise', 'register'] as const).entries()) {
      expect(events[index].message).toContain(`pipeline ${run.id}: ${run.stages[stage]?.summary} (`);
    }
    expect(run.stages.screen?.summary).toMatch(/^screened 4 instrument\(s\): top /);
    // The tuned spec is in the project, and one paper bot per tuned instrument in the config and the database.
    const target = join(dir, 'strategies', 'ema-cross-5m.json');
    const tuned = JSON.parse(readFileSync(target, 'utf8'));
    expect(tuned.timeframe).toBe('5m');
    const tunedRun = run.stages.optimise?.output as { instruments: { symbol: string; params: object }[] };
    const instruments = tunedRun.instruments;
    expect(Object.keys(tuned.optimised).sort()).toEqual(instruments.map((i) => i.symbol).sort());
    const config = JSON.parse(readFileSync(join(dir, 'fleet.config.json'), 'utf8'));
    expect(config.bots[0].name).toBe('kept');
    expect(config.bots.slice(1).map((b: { symbol: string }) => b.symbol)).toEqual(instruments.map((i) => i.symbol));
    for (const [index, instrument] of instruments.entries()) {
      const bot = await getBot(store, config.bots[index + 1].name);
      expect(bot).toMatchObject({ mode: 'paper', exchange: 'sandbox', symbol: instrument.symbol });
      expect(bot?.params).toEqual(instrument.params);
    }
    expect((await pipelineRuns(store)).find((r) => r.id === run.id)).toMatchObject({
      state: 'done',
      interrupted: false,
    });
  });

  it('stops at a gate without a yes; resuming passes the gate and leaves the finished stages as they were', async () => {
    const dir = fleetProject({});
    const gated = await runPipeline({
      store,
      input: inputFor(dir, { gates: ['optimise'] }),
      design: offline,
      workers: 0,
    });
    expect(gated).toMatchObject({ state: 'gated', gatedAt: 'optimise' });
    expect(gated.stages.optimise).toBeUndefined();
    const asked: string[] = [];
    const done = await runPipeline({
      store,
      resume: gated.id,
      design: offline,
      workers: 0,
      gate: async (_run, stage) => {
        asked.push(stage);
        return true;
      },
    });
    expect(asked).toEqual([]);
    expect(done.state).toBe('done');
    expect(done.approved).toEqual(['optimise']);
    expect(done.stages.design).toEqual(gated.stages.design);
    expect(done.stages.screen).toEqual(gated.stages.screen);
    const kinds = (await pipelineEvents(store, gated.id)).map((e) => e.kind);
    expect(kinds).toEqual([
      'pipeline.design',
      'pipeline.screen',
      'pipeline.gate',
      'pipeline.optimise',
      'pipeline.register',
    ]);
  });

  it('asks the gate and goes on at a yes', async () => {
    const dir = fleetProject({});
    const run = await runPipeline({
      store,
      input: inputFor(dir, { gates: ['register'], name: 'asked' }),
      design: offline,
      workers: 0,
      gate: async (r, stage) => stage === 'register' && r.stages.optimise?.status === 'done',
    });
    expect(run).toMatchObject({ state: 'done', approved: ['register'] });
  });

  it('records a failed stage and its error, and a resume runs it again', async () => {
    const dir = fleetProject({});
    let calls = 0;
    const flaky: DesignStage = async (input) => {
      calls += 1;
      if (calls === 1) throw new FleetError('the model is down');
      return offline(input);
    };
    const failure = await runPipeline({ store, input: inputFor(dir), design: flaky, workers: 0 }).catch((e) => e);
    expect(failure).toBeInstanceOf(FleetError);
    const [failed] = await pipelineRuns(store, 1);
    expect(failed).toMatchObject({ state: 'failed', error: 'design: the model is down' });
    expect(failed.stages.design).toMatchObject({ status: 'failed', error: 'the model is down', attempts: 1 });
    const events = await pipelineEvents(store, failed.id);
    expect(events.map((e) => [e.level, e.kind])).toEqual([['error', 'pipeline.design']]);
    const done = await runPipeline({ store, resume: failed.id, design: flaky, workers: 0 });
    expect(done.state).toBe('done');
    expect(done.error).toBeUndefined();
    expect(done.stages.design).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('refuses an idea it cannot design, an unknown run, and a spec name taken in strategies/', async () => {
    const dir = fleetProject({});
    await expect(
      runPipeline({ store, input: inputFor(dir, { idea: 'buy the dip' }), design: offline }),
    ).rejects.toThrow(/^the offline designer does not recognise "buy the dip"; it knows: /);
    await expect(runPipeline({ store, resume: 999_999, design: offline })).rejects.toThrow(UsageError);
    await expect(
      runPipeline({ store, input: inputFor(dir, { source: 'db', name: 'from-db' }), design: offline }),
    ).rejects.toThrow("the pipeline reads sandbox, csv or cache data; data.source 'db' is not supported yet");
    writeFileSync(join(dir, 'strategies', 'ema-cross-5m.json'), '{}');
    await expect(runPipeline({ store, input: inputFor(dir), design: offline })).rejects.toThrow(
      /ema-cross-5m\.json already exists: pass --name/,
    );
    expect(readFileSync(join(dir, 'strategies', 'ema-cross-5m.json'), 'utf8')).toBe('{}');
  });

  it('starts from a spec file with --spec, and never registers over a different tuned spec', async () => {
    const dir = fleetProject({});
    const input = inputFor(dir, {
      idea: undefined,
      specFile: join(dir, 'strategies', 'ema-cross.json'),
      name: 'from-file',
    });
    const gated = await runPipeline({
      store,
      input: { ...input, gates: ['register'] },
      design: offline,
      workers: 0,
    });
    expect(gated.stages.design?.output).toMatchObject({ name: 'from-file', provenance: { from: input.specFile } });
    const target = join(dir, 'strategies', 'from-file.json');
    writeFileSync(target, '{"someone": "else"}\n');
    const error = await runPipeline({ store, resume: gated.id, design: offline }).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/from-file\.json already exists and differs/);
    expect(readFileSync(target, 'utf8')).toBe('{"someone": "else"}\n');
    expect(JSON.parse(readFileSync(join(dir, 'fleet.config.json'), 'utf8')).bots ?? []).toEqual([]);
    expect(existsSync(target)).toBe(true);
  });
});
