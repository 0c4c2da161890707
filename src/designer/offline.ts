import { UnknownIdeaError } from './errors.js';
import type { Idiom, IdiomDraft } from './idiom.js';
import { BREAKOUT_IDIOMS } from './idioms-breakout.js';
import { REVERSION_IDIOMS } from './idioms-reversion.js';
import { TREND_IDIOMS } from './idioms-trend.js';

const byId = (list: readonly Idiom[], id: string): Idiom => {
  const idiom = list.find((i) => i.id === id);
  if (idiom === undefined) throw new Error(`no idiom ${id}`);
  return idiom;
};
const all = [...TREND_IDIOMS, ...REVERSION_IDIOMS, ...BREAKOUT_IDIOMS];

/**
 * The idioms the offline designer knows, in the order they are tried: the most specific words
 * first (a "stochastic" or "macd" idea may also say "cross"; a "bollinger breakout" also says
 * "breakout"), the generic crosses and trend filters last.
 */
export const IDIOMS: readonly Idiom[] = [
  'stochastic',
  'macd-cross',
  'rsi-threshold',
  'volume-breakout',
  'bollinger-breakout',
  'bollinger-reversion',
  'zscore-reversion',
  'atr-trailing-stop',
  'golden-cross',
  'donchian-breakout',
  'price-ma',
  'ema-cross',
  'ma-cross',
  'momentum',
].map((id) => byId(all, id));

/** The idiom an idea asks for, if the offline designer knows one. */
export function matchIdiom(idea: string): Idiom | undefined {
  const text = normalise(idea);
  return IDIOMS.find((idiom) => idiom.matches(text));
}

/** Lower case, single spaces, so that the idioms' patterns stay simple. */
export function normalise(idea: string): string {
  return idea.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The offline designer: the idiom's spec for the idea, or UnknownIdeaError listing what it knows. */
export function designOffline(idea: string): { idiom: Idiom; draft: IdiomDraft } {
  const idiom = matchIdiom(idea);
  if (idiom === undefined) {
    const known = IDIOMS.map((i) => i.title).join(', ');
    throw new UnknownIdeaError(
      `the offline designer does not recognise ${JSON.stringify(idea.trim())}; it knows: ${known} (or set ANTHROPIC_API_KEY or OPENAI_API_KEY to design with a model)`,
    );
  }
  return { idiom, draft: idiom.build(normalise(idea)) };
}
