import type { DeskTarget } from './desk.js';

/** The words after a command, with "quoted phrases" (straight or curly quotes) kept as one. */
export function commandArgs(text: string): string[] {
  const rest = text.replace(/^\/\S+\s*/, '');
  const words: string[] = [];
  for (const match of rest.matchAll(/["“”]([^"“”]*)["“”]|(\S+)/g)) words.push(match[1] ?? match[2]);
  return words;
}

/** `BOT` or `all` as a control target; undefined when none was given. */
export function controlTarget(words: readonly string[]): DeskTarget | undefined {
  const [word] = words;
  if (word === undefined) return undefined;
  return word.toLowerCase() === 'all' ? { all: true } : { bot: word };
}

const PERIOD = /^(\d+(?:\.\d+)?[mhdw]|\d{4}-\d{2}-\d{2}.*)$/;

/**
 * /pnl's words: `[BOT] [PERIOD]`. One word is the period when it looks like one (24h, 7d,
 * 2026-11-01), else the bot; of two, the one that looks like a period is it, else the second (which
 * the desk then refuses as a period).
 */
export function pnlArgs(words: readonly string[]): { bot?: string; period?: string } {
  const [first, second] = words;
  if (first === undefined) return {};
  if (second === undefined) return PERIOD.test(first) ? { period: first } : { bot: first };
  return PERIOD.test(first) && !PERIOD.test(second) ? { bot: second, period: first } : { bot: first, period: second };
}

/** /pipeline's words: the idea (quoted, or every word), then an optional timeframe (5m, 1h, 1d). */
export function pipelineArgs(words: readonly string[]): { idea: string; timeframe?: string } {
  const last = words.at(-1);
  const hasTimeframe = words.length > 1 && last !== undefined && /^\d+[mhdw]$/.test(last);
  const ideaWords = hasTimeframe ? words.slice(0, -1) : words;
  return { idea: ideaWords.join(' ').trim(), ...(hasTimeframe ? { timeframe: last } : {}) };
}
