import { isTimeframe, type Timeframe, UsageError } from '../core/index.js';
import { type CheckedSpec, type StrategySpecInput, validateSpec } from '../spec/index.js';
import { DesignRejectedError } from './errors.js';
import { designOffline } from './offline.js';
import { ideaPrompt, modelSchema, repairPrompt, smokeProblem, systemPrompt } from './prompt.js';
import {
  type ChatMessage,
  chooseProvider,
  createProvider,
  type ModelProvider,
  type ProviderName,
  type ProviderSettings,
} from './provider.js';
import { type SmokeResult, smokeTest } from './smoke.js';
import { checkOutFile, checkSpecName, type Provenance, sha256, withProvenance, writeSpecFile } from './spec-file.js';

export interface DesignOptions extends ProviderSettings {
  /** The idea in a sentence. */
  readonly idea: string;
  /** Bar length of the spec (default 1h). */
  readonly timeframe?: string;
  /** The spec's name (default: the idiom's id offline, the model's choice otherwise). */
  readonly name?: string;
  /**
   * Write the spec here (atomically); refuses an existing file unless `force`. A path is checked
   * before any model is asked; a function of the spec's name (the default file of the CLI) once
   * the name is known.
   */
  readonly out?: string | ((specName: string) => string);
  readonly force?: boolean;
  /** Repair rounds after the first answer (default 3). */
  readonly maxRepairs?: number;
  /** Each answer as it is judged (the CLI shows them with --verbose). */
  readonly onRound?: (round: DesignRound) => void;
  /** Just before each request to a model (the CLI shows it with --verbose). */
  readonly onAsk?: (ask: { provider: ProviderName; model: string; round: number }) => void;
  /** The clock of the provenance (tests pin it). */
  readonly now?: () => Date;
}

/** One answer and what was wrong with it (nothing when it was accepted). */
export interface DesignRound {
  /** 0 for the first answer, then 1, 2, … for the repairs. */
  readonly round: number;
  readonly problems: readonly string[];
}

export interface DesignResult {
  /** The spec as written, provenance included. */
  readonly spec: StrategySpecInput;
  /** The same spec checked (defaults applied, expressions typed): what screen and backtestSpec take. */
  readonly checked: CheckedSpec;
  readonly provenance: Provenance;
  readonly rounds: readonly DesignRound[];
  readonly smoke: SmokeResult;
  /** The idiom the offline designer used. */
  readonly idiom?: string;
  readonly file?: string;
}

const MAX_REPAIRS = 3;

/**
 * Idea → validated strategy spec that trades on sandbox data. Offline (no key, or
 * `provider: 'offline'`) an idiom builds it; with a model the answer is validated by the project's
 * own validator and smoke-backtested, and every problem goes back to the model for a repair.
 */
export async function designStrategy(options: DesignOptions): Promise<DesignResult> {
  const idea = options.idea.trim();
  if (idea === '') throw new UsageError('the idea is empty: describe the strategy in a sentence');
  const timeframe = options.timeframe ?? '1h';
  if (!isTimeframe(timeframe)) throw new UsageError(`unknown timeframe '${timeframe}'`);
  if (options.name !== undefined) checkSpecName(options.name);
  if (typeof options.out === 'string') await checkOutFile(options.out, options.force === true);
  const provider = chooseProvider(options);
  const result =
    provider === 'offline'
      ? designWithIdiom(idea, timeframe, options)
      : await designWithModel(await createProvider(provider, options), idea, timeframe, options);
  if (options.out === undefined) return result;
  const file = typeof options.out === 'string' ? options.out : options.out(String(result.spec.name));
  await writeSpecFile(file, result.spec, options.force === true);
  return { ...result, file };
}

function designWithIdiom(idea: string, timeframe: Timeframe, options: DesignOptions): DesignResult {
  const { idiom, draft } = designOffline(idea);
  const provenance = makeProvenance('offline', idiom.id, idea, sha256(idea), 0, options);
  const spec = withProvenance(draft, { name: options.name ?? idiom.id, timeframe, provenance });
  const judged = judge(spec);
  if (!judged.ok) {
    // An idiom is tested to validate and trade; reaching here means the sentence's numbers broke it.
    throw new DesignRejectedError(`the ${idiom.title} idiom with these numbers is not usable: ${judged.problems[0]}`);
  }
  options.onRound?.({ round: 0, problems: [] });
  return {
    spec,
    checked: judged.checked,
    provenance,
    rounds: [{ round: 0, problems: [] }],
    smoke: judged.smoke,
    idiom: idiom.id,
  };
}

async function designWithModel(
  model: ModelProvider,
  idea: string,
  timeframe: Timeframe,
  options: DesignOptions,
): Promise<DesignResult> {
  const system = systemPrompt();
  const schema = modelSchema();
  const messages: ChatMessage[] = [{ role: 'user', content: ideaPrompt(idea, timeframe) }];
  const promptHash = sha256(JSON.stringify({ system, messages }));
  const maxRepairs = options.maxRepairs ?? MAX_REPAIRS;
  const rounds: DesignRound[] = [];
  for (let round = 0; ; round++) {
    options.onAsk?.({ provider: model.name, model: model.model, round });
    const answer = await model.ask({ system, messages, schema });
    if (answer.refusal !== undefined) {
      throw new DesignRejectedError(
        `${model.name} (${model.model}) declined to design this strategy: ${oneLine(answer.refusal)}`,
      );
    }
    const provenance = makeProvenance(model.name, model.model, idea, promptHash, round, options);
    const parsed = parseAnswer(answer.text);
    let problems: readonly string[];
    if (parsed.ok) {
      const draft = parsed.value;
      const modelName =
        typeof draft.name === 'string' && /^[a-z][a-z0-9_-]{0,63}$/.test(draft.name) ? draft.name : 'designed';
      const spec = withProvenance(draft, { name: options.name ?? modelName, timeframe, provenance });
      const judged = judge(spec);
      if (judged.ok) {
        rounds.push({ round, problems: [] });
        options.onRound?.({ round, problems: [] });
        return { spec, checked: judged.checked, provenance, rounds, smoke: judged.smoke };
      }
      problems = judged.problems;
    } else {
      problems = [parsed.problem];
    }
    rounds.push({ round, problems });
    options.onRound?.({ round, problems });
    if (round >= maxRepairs) {
      throw new DesignRejectedError(
        `${model.name} (${model.model}) gave no usable spec after ${round} repair round${round === 1 ? '' : 's'}; last problem: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      );
    }
    messages.push({ role: 'assistant', content: answer.text }, { role: 'user', content: repairPrompt(problems) });
  }
}

type Judged = { ok: true; checked: CheckedSpec; smoke: SmokeResult } | { ok: false; problems: readonly string[] };

/** The project's validator, with its exact messages, then the smoke backtest. */
function judge(spec: StrategySpecInput): Judged {
  const result = validateSpec(spec);
  if (!result.ok)
    return { ok: false, problems: result.issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)) };
  const smoke = smokeTest(result.checked);
  if (smoke.trades === 0) return { ok: false, problems: [smokeProblem(smoke)] };
  return { ok: true, checked: result.checked, smoke };
}

function parseAnswer(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; problem: string } {
  // Models without structured output sometimes wrap the JSON in a Markdown fence.
  const body = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, problem: `the answer is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'the answer must be one JSON object (the spec)' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function makeProvenance(
  provider: ProviderName,
  model: string,
  idea: string,
  promptHash: string,
  repairs: number,
  options: DesignOptions,
): Provenance {
  const now = options.now?.() ?? new Date();
  return { provider, model, idea, prompt_sha256: promptHash, created: now.toISOString(), repair_rounds: repairs };
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 300);
