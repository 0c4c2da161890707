import { parseTimeframe, UsageError } from '../../core/index.js';
import {
  type BotStatus,
  fleetPnl,
  fleetStatus,
  killBots,
  knownBot,
  parseSince,
  pauseBots,
  readProjectConfig,
  resumeBots,
} from '../../fleet/index.js';
import type { ControlVerb, DeskTarget, TelegramDesk } from '../../notify/index.js';
import {
  type DesignStage,
  type PipelineInput,
  type PipelineRun,
  runPipeline,
  type StageNotice,
} from '../../pipeline/index.js';
import { readFlags, type Store } from '../../store/index.js';
import { projectDesigner } from './pipeline.js';

export interface FleetDeskOptions {
  readonly store: Store;
  readonly projectDir: string;
  /** The pipeline's design stage; default the project's designer settings, as `fleet pipeline` reads them. */
  readonly design?: DesignStage;
  /** Overrides of a /pipeline run's input (tests keep it small: bars, trials). */
  readonly pipeline?: Partial<PipelineInput>;
  /** Worker threads for the pipeline's research (default: runPipeline's). */
  readonly workers?: number;
}

/** Trials per symbol of a /pipeline run, as `fleet pipeline` without --trials. */
const DEFAULT_TRIALS = 200;

const money = (value: number) => value.toFixed(2);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;

function flagWords(row: BotStatus): string {
  const words: string[] = [];
  if (row.flags.globalKillSwitch) words.push('GLOBAL KILL');
  if (row.flags.killSwitch) words.push('KILLED');
  if (row.flags.halted) words.push(`HALTED${row.haltedReason ? `: ${row.haltedReason}` : ''}`);
  if (row.flags.paused) words.push('paused');
  if (row.stale) words.push('stale heartbeat');
  return words.join(', ');
}

function glance(row: BotStatus): string {
  const today = row.pnlToday === null ? '' : ` today ${signed(row.pnlToday)}`;
  const flags = flagWords(row);
  return `${row.name} (${row.mode}, ${row.symbol}): ${row.status}, equity ${money(row.equity)}${today}${flags ? ` [${flags}]` : ''}`;
}

function controlText(verb: ControlVerb, bots: readonly string[], global: boolean, held: boolean): string {
  const lines: string[] = [];
  if (verb === 'kill' && global) lines.push('global kill switch set: no bot places another order');
  if (verb === 'resume' && global) lines.push('global kill switch cleared');
  const done = { pause: 'paused', resume: held ? 'own flags cleared' : 'resumed', kill: 'kill switch set' }[verb];
  for (const bot of bots) lines.push(`${bot}: ${done}`);
  if (held) lines.push('the global kill switch is still on: /resume all lifts it');
  if (lines.length === 0) lines.push('no bots registered: nothing to do');
  return lines.join('\n');
}

function noticeText(notice: StageNotice): string {
  if (notice.status === 'started') return `pipeline ${notice.run}: ${notice.stage}…`;
  if (notice.status === 'skipped') return `pipeline ${notice.run}: ${notice.stage} done earlier, skipped`;
  if (notice.status === 'failed')
    return `pipeline ${notice.run}: ${notice.stage} failed${notice.record?.error ? `: ${notice.record.error}` : ''}`;
  return notice.message ?? `pipeline ${notice.run}: ${notice.stage} done`;
}

function finishedText(run: PipelineRun): string {
  const registered = run.stages.register?.output as { bots: { name: string; symbol: string }[] } | undefined;
  const bots = registered?.bots.map((bot) => `${bot.name} (${bot.symbol})`) ?? [];
  return `pipeline ${run.id}: ${run.state}${bots.length > 0 ? `; paper bots registered: ${bots.join(', ')}` : ''}`;
}

/** The Telegram commands' work over this project's fleet: the same library calls as the CLI's. */
export function fleetDesk(options: FleetDeskOptions): TelegramDesk {
  const { store, projectDir } = options;
  return {
    async fleet() {
      const rows = await fleetStatus(store);
      if (rows.length === 0) return 'no bots registered';
      const global = rows[0].flags.globalKillSwitch ? ['GLOBAL KILL SWITCH ON'] : [];
      return [...global, ...rows.map(glance)].join('\n');
    },
    async status(name) {
      const bot = await knownBot(store, name);
      const row = (await fleetStatus(store)).find((r) => r.name === bot.name) as BotStatus;
      return [
        `${row.name}: ${row.status} (${row.mode}, ${row.exchange} ${row.symbol})`,
        `position ${row.position}, trades ${row.trades.closed} closed${row.trades.open ? ' + 1 open' : ''}`,
        `equity ${money(row.equity)}${row.pnlToday === null ? '' : `, today ${signed(row.pnlToday)} (${row.day})`}`,
        `heartbeat ${row.heartbeatAt ? `${Math.round((row.heartbeatAgeMs ?? 0) / 1000)} s ago` : 'none'}`,
        `flags: ${flagWords(row) || 'none'}`,
      ].join('\n');
    },
    async pnl(name, period) {
      const since = period === undefined ? undefined : parseSince(period, Date.now(), 'period');
      if (name !== undefined) await knownBot(store, name);
      const result = await fleetPnl(store, since === undefined ? {} : { since });
      const rows = result.bots.filter((row) => name === undefined || row.bot === name);
      const head = `P&L since ${result.since === null ? 'the start' : result.since.toISOString()}`;
      if (rows.length === 0) return `${head}\nno bots registered`;
      const line = (label: string, r: (typeof result)['totals']) =>
        `${label}: realised ${signed(r.realised)}, unrealised ${signed(r.unrealised)}, fees ${money(r.fees)}, trades ${r.tradesClosed}, equity ${money(r.equity)}`;
      const lines = rows.map((row) => line(row.bot, row));
      if (name === undefined) lines.push(line('TOTAL', result.totals));
      return [head, ...lines].join('\n');
    },
    async control(verb, target: DeskTarget, actor) {
      const audit = { actor, reason: 'from Telegram' };
      if (verb === 'pause') {
        const r = await pauseBots(store, target, audit);
        return controlText(verb, r.bots, r.global, false);
      }
      if (verb === 'kill') {
        const r = await killBots(store, target, audit);
        return controlText(verb, r.bots, r.global, false);
      }
      const r = await resumeBots(store, target, audit);
      return controlText(verb, r.bots, r.global, r.globalKillSwitch);
    },
    async halted() {
      const rows = await fleetStatus(store);
      const global = rows.length > 0 ? rows[0].flags.globalKillSwitch : (await readFlags(store, '')).globalKillSwitch;
      const stopped = rows.filter((row) => row.flags.halted || row.flags.killSwitch);
      const lines = global ? ['GLOBAL KILL SWITCH ON: no bot places orders'] : [];
      for (const row of stopped) lines.push(glance(row));
      return lines.length === 0 ? 'no bot is halted or killed' : lines.join('\n');
    },
    async pipeline(idea, timeframe, say) {
      const config = await readProjectConfig(projectDir);
      if (timeframe !== undefined && !/^\d+[mhdw]$/.test(timeframe))
        throw new UsageError(`not a timeframe: ${timeframe}`);
      const input: PipelineInput = {
        idea,
        ...(timeframe === undefined ? {} : { timeframe: parseTimeframe(timeframe) }),
        source: config.data.source,
        exchange: 'sandbox',
        bars: config.data.bars,
        seed: config.data.seed,
        top: config.research.top,
        trials: DEFAULT_TRIALS,
        minTrades: config.research.minTrades,
        split: 0.7,
        gates: [],
        projectDir,
        ...options.pipeline,
      };
      const finished = runPipeline({
        store,
        input,
        design: options.design ?? projectDesigner(projectDir),
        ...(options.workers === undefined ? {} : { workers: options.workers }),
        onStage: (notice) => say(noticeText(notice)),
      }).then(finishedText);
      return {
        started: `pipeline starting: “${idea}”${timeframe ? ` on ${timeframe}` : ''}; stage messages follow`,
        finished,
      };
    },
  };
}
