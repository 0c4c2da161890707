import { resolve } from 'node:path';
import { parseTimeframe, SafetyError, UsageError } from '../../core/index.js';
import { readProjectConfig } from '../../fleet/index.js';
import {
  type DesignStage,
  designerStage,
  PIPELINE_STAGES,
  type PipelineRun,
  pipelineEvents,
  pipelineRun,
  pipelineRuns,
  runPipeline,
  type StageName,
  type StageNotice,
} from '../../pipeline/index.js';
import { list, wholeNumber } from '../flags.js';
import { fleetCommand } from '../invocation.js';
import { type ProgressBar, progressBar } from '../progress.js';
import { askConfirm } from '../prompts.js';
import { fixed, table } from '../render.js';
import { interactive, stderr, stdout } from '../terminal.js';
import { withFleetStore } from './fleet-store.js';
import { formatEvent } from './logs.js';

interface PipelineFlags {
  spec?: string;
  name?: string;
  timeframe?: string;
  universe?: string;
  top?: string;
  trials?: string;
  bars?: string;
  seed?: string;
  minTrades?: string;
  exchange?: string;
  workers?: string;
  gate?: string;
  resume?: string;
  start?: boolean;
  json?: boolean;
}

/** The flags that make a new run's input (a resumed run keeps its own). */
const RUN_FLAGS: readonly [keyof PipelineFlags, string][] = [
  ['spec', '--spec'],
  ['name', '--name'],
  ['timeframe', '--timeframe'],
  ['universe', '--universe'],
  ['top', '--top'],
  ['trials', '--trials'],
  ['bars', '--bars'],
  ['seed', '--seed'],
  ['minTrades', '--min-trades'],
  ['exchange', '--exchange'],
  ['gate', '--gate'],
];

/** `fleet pipeline "<idea>"`: design → screen → optimise → register, resumable, with opt-in gates. */
export async function pipelineCommand(idea: string | undefined, flags: PipelineFlags): Promise<void> {
  const resume = wholeNumber('--resume', flags.resume, 1);
  if (resume !== undefined) {
    const given = RUN_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag);
    if (idea !== undefined) given.unshift('an idea');
    if (given.length > 0) {
      throw new UsageError(`--resume continues a run as it was asked: drop ${given.join(', ')}`);
    }
  }
  if (flags.start && flags.json) {
    throw new UsageError('--start and --json do not mix (one JSON document): run fleet up after the pipeline');
  }
  if (resume === undefined && (idea === undefined) === (flags.spec === undefined)) {
    throw new UsageError('give an idea in quotes or --spec FILE (one of them), or --resume ID');
  }
  const projectDir = process.cwd();
  const input = resume === undefined ? await newInput(idea, flags, projectDir) : undefined;
  const view = stageView();
  const run = await withFleetStore((store) =>
    runPipeline({
      store,
      input,
      resume,
      design: projectDesigner(projectDir),
      workers: wholeNumber('--workers', flags.workers, 0),
      // Asked only where a person can answer, and never under --json (stdout is the document).
      gate: interactive() && !flags.json ? (r, stage) => askGate(r, stage) : undefined,
      onStage: view.onStage,
      onScreen: (p) => view.bar('screening').update(p),
      onTrial: (symbol, event) =>
        view
          .bar(`optimising ${symbol}`)
          .update({ done: event.done, total: event.total, label: `best ${fixed(event.best)}` }),
    }),
  );
  view.stop();
  if (flags.json) stdout.json(run);
  else stdout.line(renderRun(run));
  if (run.state === 'gated') {
    throw new SafetyError(
      `pipeline ${run.id} stopped at its ${run.gatedAt} gate; continue it with: ${fleetCommand()} pipeline --resume ${run.id}`,
    );
  }
  if (flags.start) await (await import('./up.js')).upCommand({});
}

const DEFAULT_TRIALS = 200;

/**
 * The design stage with the project's designer settings (fleet.config.json's `designer` block,
 * FLEET_DESIGNER_PROVIDER, the keys in the environment), as `fleet design` reads them.
 */
export function projectDesigner(projectDir: string): DesignStage {
  return async (input) => {
    const designer = (await readProjectConfig(projectDir)).designer ?? {};
    const provider = (process.env.FLEET_DESIGNER_PROVIDER || undefined) ?? designer.provider;
    return designerStage({ provider, model: designer.model, baseUrl: designer.baseUrl })(input);
  };
}

async function newInput(idea: string | undefined, flags: PipelineFlags, projectDir: string) {
  const config = await readProjectConfig(projectDir);
  const gates = (list('--gate', flags.gate) ?? []).map((stage) => {
    if (!PIPELINE_STAGES.includes(stage as StageName)) {
      throw new UsageError(`--gate takes stages from ${PIPELINE_STAGES.join(', ')}, got '${stage}'`);
    }
    return stage as StageName;
  });
  return {
    ...(idea === undefined ? {} : { idea }),
    ...(flags.spec === undefined ? {} : { specFile: resolve(flags.spec) }),
    ...(flags.name === undefined ? {} : { name: flags.name }),
    ...(flags.timeframe === undefined ? {} : { timeframe: parseTimeframe(flags.timeframe) }),
    ...(flags.universe === undefined ? {} : { universe: list('--universe', flags.universe) }),
    source: config.data.source,
    exchange: flags.exchange ?? 'sandbox',
    bars: wholeNumber('--bars', flags.bars, 2) ?? config.data.bars,
    seed: wholeNumber('--seed', flags.seed, 0) ?? config.data.seed,
    top: wholeNumber('--top', flags.top, 1) ?? config.research.top,
    trials: wholeNumber('--trials', flags.trials, 1) ?? DEFAULT_TRIALS,
    minTrades: wholeNumber('--min-trades', flags.minTrades, 0) ?? config.research.minTrades,
    split: 0.7,
    gates,
    projectDir,
  };
}

/** Shows what the finished stages found, then asks whether to go on to `stage`. */
async function askGate(run: PipelineRun, stage: StageName): Promise<boolean> {
  for (const done of PIPELINE_STAGES) {
    const record = run.stages[done];
    if (record?.status === 'done') stderr.line(`${done}: ${record.summary ?? 'done'}`);
  }
  return askConfirm('--resume', `pipeline ${run.id}: go on to ${stage}?`);
}

const seconds = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

/** Stage lines and progress bars on stderr. */
function stageView() {
  let current: { title: string; bar: ProgressBar } | undefined;
  const stop = (message = '') => {
    current?.bar.stop(message);
    current = undefined;
  };
  return {
    bar(title: string): ProgressBar {
      if (current?.title !== title) {
        stop(current ? `${current.title}: done` : '');
        current = { title, bar: progressBar(title) };
      }
      return current.bar;
    },
    onStage(notice: StageNotice) {
      if (notice.status === 'started') stderr.info(`pipeline ${notice.run}: ${notice.stage}…`);
      else if (notice.status === 'skipped')
        stderr.info(`pipeline ${notice.run}: ${notice.stage} done earlier, skipped`);
      else {
        stop();
        // A failure's message is the command's error line; here only how to retry.
        if (notice.status === 'done') stderr.info(notice.message ?? '');
        else
          stderr.info(
            `pipeline ${notice.run}: ${notice.stage} failed; ${fleetCommand()} pipeline --resume ${notice.run} tries it again`,
          );
      }
    },
    stop,
  };
}

function renderRun(run: PipelineRun): string {
  const rows = PIPELINE_STAGES.map((stage) => ({ stage, record: run.stages[stage] }));
  const lines = [
    `pipeline ${run.id}: ${run.state}${run.input.idea ? ` (“${run.input.idea}”)` : ''}`,
    table(rows, [
      { header: 'stage', value: (r) => r.stage },
      { header: 'status', value: (r) => r.record?.status ?? (run.gatedAt === r.stage ? 'gated' : 'pending') },
      { header: 'time', value: (r) => seconds(r.record?.ms), align: 'right' },
      { header: 'attempts', value: (r) => String(r.record?.attempts ?? 0), align: 'right' },
      { header: 'result', value: (r) => r.record?.summary ?? r.record?.error ?? '' },
    ]),
  ];
  const registered = run.stages.register?.output as
    | { specFile: string; bots: { name: string; symbol: string }[] }
    | undefined;
  const tuned = run.stages.optimise?.output as
    | { metric: string; instruments: { symbol: string; report?: string; outOfSample: number }[] }
    | undefined;
  const evidence = (tuned?.instruments ?? []).filter((i) => i.report !== undefined);
  if (evidence.length > 0) {
    lines.push('', 'evidence (out-of-sample results and charts):');
    for (const instrument of evidence) lines.push(`  ${instrument.symbol}  ${instrument.report}`);
  }
  // Registered all the same ("notify, don't block"), but said plainly: paper trading is where
  // such a bot shows whether the held-out bars were bad luck.
  const losers = (tuned?.instruments ?? []).filter((i) => i.outOfSample < 0).map((i) => i.symbol);
  if (tuned && losers.length > 0) {
    lines.push(
      '',
      `note: ${losers.join(', ')} lost out of sample (${tuned.metric} below 0 on the held-out bars): ` +
        'watch them on paper before any promotion',
    );
  }
  if (registered) {
    lines.push('', `tuned spec: ${registered.specFile}`, 'paper bots:');
    for (const bot of registered.bots) lines.push(`  ${bot.name}  ${bot.symbol}`);
    lines.push('', `${fleetCommand()} up runs them; ${fleetCommand()} pipeline show ${run.id} shows the run's events`);
  }
  return lines.join('\n');
}

/** `fleet pipeline ls`: the runs, newest first. */
export async function pipelineLsCommand(flags: { json?: boolean }): Promise<void> {
  const runs = await withFleetStore((store) => pipelineRuns(store));
  if (flags.json) return stdout.json(runs);
  if (runs.length === 0) return stdout.line('no pipeline runs yet');
  stdout.line(
    table(runs, [
      { header: 'id', value: (r) => String(r.id), align: 'right' },
      { header: 'state', value: (r) => (r.interrupted ? 'interrupted' : r.state) },
      { header: 'started', value: (r) => r.createdAt.replace('T', ' ').slice(0, 19) },
      { header: 'stages done', value: (r) => PIPELINE_STAGES.filter((s) => r.stages[s]?.status === 'done').join(' ') },
      { header: 'idea', value: (r) => r.input.idea ?? r.input.specFile ?? '' },
    ]),
  );
}

/** `fleet pipeline show ID`: the run and its events, as `fleet logs` shows a bot's. */
export async function pipelineShowCommand(id: string, flags: { json?: boolean }): Promise<void> {
  const runId = wholeNumber('ID', id, 1) as number;
  const { run, events } = await withFleetStore(async (store) => ({
    run: await pipelineRun(store, runId),
    events: await pipelineEvents(store, runId),
  }));
  if (flags.json) return stdout.json({ ...run, events });
  stdout.line(renderRun(run));
  stdout.line('');
  for (const event of events) stdout.line(formatEvent(event));
}
