import { readFile } from 'node:fs/promises';
import { findNodeAtLocation, getNodeValue, parseTree } from 'jsonc-parser';
import { FleetError, InputError, writeFileAtomic } from '../core/index.js';
import { parseJson, validateSpec } from '../spec/index.js';
import type { InstrumentOptimisation, OptimiseResult } from './optimise.js';

/** The record a tuned instrument gets in the spec's `optimised` block. */
export function optimisedEntry(result: OptimiseResult, instrument: InstrumentOptimisation, updated: Date) {
  const { best, split } = instrument;
  const keep = (m: typeof best.inSample) => ({
    total_return: round(m.totalReturn),
    cagr: round(m.cagr),
    sharpe: round(m.sharpe),
    sortino: round(m.sortino),
    max_drawdown: round(m.maxDrawdown),
    calmar: round(m.calmar),
    trades: m.trades,
    win_rate: round(m.winRate),
  });
  return {
    params: best.params,
    metric: result.metric,
    in_sample: { value: round(best.inSampleValue), ...keep(best.inSample) },
    out_of_sample: { value: round(best.outOfSampleValue), ...keep(best.outOfSample) },
    degradation: best.degradation === null ? null : round(best.degradation),
    data: {
      from: new Date(split.from).toISOString(),
      split: new Date(split.splitTime).toISOString(),
      to: new Date(split.to).toISOString(),
      in_sample_bars: split.inSampleBars,
      out_of_sample_bars: split.outOfSampleBars,
    },
    sampler: result.sampler,
    seed: result.seed,
    trials: instrument.trials,
    updated: updated.toISOString(),
  };
}

/**
 * Writes each instrument's entry into the spec file's `optimised` block and nothing else: the
 * block's text is replaced (or added after the last member) in place, so every byte outside it
 * (layout, key order, comments of style) stays as it was. Entries for other instruments already in
 * the block are kept. The result must still be a valid spec, and it replaces the file atomically.
 */
export async function writeOptimisedBlock(file: string, entries: Readonly<Record<string, unknown>>): Promise<void> {
  const { root, last, ...read } = await readSpecTree(file);
  let text = read.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const existing = findNodeAtLocation(root, ['optimised']);
  const merged = { ...(existing?.type === 'object' ? getNodeValue(existing) : {}), ...entries };
  const block = JSON.stringify(merged, null, indent)
    .split('\n')
    .join(eol + indent);
  text = existing
    ? text.slice(0, existing.offset) + block + text.slice(existing.offset + existing.length)
    : `${text.slice(0, last.offset + last.length)},${eol}${indent}"optimised": ${block}${text.slice(last.offset + last.length)}`;
  const check = validateSpec(parseJson(text, file));
  if (!check.ok) {
    const issue = check.issues[0];
    throw new FleetError(
      `${file}: refusing to write an optimised block that makes the spec invalid (${issue.path}: ${issue.message})`,
    );
  }
  await writeFileAtomic(file, text);
}

/** Each instrument's entry in the spec file's `optimised` block as it stands now ({} when none). */
export async function readOptimisedBlock(file: string): Promise<Record<string, Readonly<Record<string, unknown>>>> {
  const existing = findNodeAtLocation((await readSpecTree(file)).root, ['optimised']);
  return existing?.type === 'object' ? getNodeValue(existing) : {};
}

async function readSpecTree(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError(`${file}: no such file`);
  }
  const root = parseTree(text);
  const last = root?.type === 'object' ? root.children?.at(-1) : undefined;
  if (!root || !last) throw new InputError(`${file}: not a JSON object`);
  return { text, root, last };
}

/** Six significant digits: enough to compare runs, few enough to keep the spec readable. */
const round = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(6)) : x);
