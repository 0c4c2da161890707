import { FLAT, LONG, type PositionState, SHORT, type Strategy, type Transition } from '../../src/strategy/index.js';

/** The transitions every scripted strategy offers, by index. */
export const SCRIPT_TRANSITIONS: Transition[] = [
  { from: FLAT, to: LONG, action: 'enter', size: 1, on: 'buy' },
  { from: LONG, to: FLAT, action: 'exit', size: 1, on: 'sell' },
  { from: FLAT, to: SHORT, action: 'enter', size: 1, on: 'short' },
  { from: SHORT, to: FLAT, action: 'exit', size: 1, on: 'cover' },
  { from: LONG, to: SHORT, action: 'reverse', size: 1, on: 'flip_short' },
  { from: SHORT, to: LONG, action: 'reverse', size: 1, on: 'flip_long' },
];

/**
 * A hand-written Strategy (the custom-TypeScript escape hatch) that fires the transitions named in
 * a script, by bar index, when they are valid from the current state. Also records every state it
 * was shown, so tests can check what the engine told it.
 */
export function scriptedStrategy(
  script: Record<number, Transition['on']>,
  risk: Partial<Strategy['risk']> = {},
): Strategy & { seenStates: PositionState[] } {
  let bar = 0;
  const seenStates: PositionState[] = [];
  return {
    name: 'scripted',
    transitions: SCRIPT_TRANSITIONS,
    initialState: FLAT,
    risk: { stopLoss: Number.NaN, takeProfit: Number.NaN, positionSize: 1, ...risk },
    seenStates,
    onBar(_bars, _index, state) {
      seenStates.push(state);
      const wanted = script[bar++];
      if (wanted === undefined) return -1;
      return SCRIPT_TRANSITIONS.findIndex((t) => t.on === wanted && t.from === state);
    },
    reset() {
      bar = 0;
      seenStates.length = 0;
    },
  };
}

/**
 * A fixed but busy script keyed by bar open time: some signal on about one bar in five, from
 * every transition kind, none before bar `from` (the bars before it only warm up).
 */
export function busyScript(time: Float64Array, from = 1): Map<number, Transition['on']> {
  const script = new Map<number, Transition['on']>();
  for (let i = from; i < time.length; i++) {
    const pick = (i * 7919 + 13) % 29;
    if (pick < SCRIPT_TRANSITIONS.length) script.set(time[i], SCRIPT_TRANSITIONS[pick].on);
  }
  return script;
}

/**
 * Like scriptedStrategy, keyed by the bar's open time instead of a count of bars: the runner
 * shows the strategy its history again on every boot, and the script must still fire on the
 * same bars.
 */
export function timedStrategy(
  script: ReadonlyMap<number, Transition['on']>,
  risk: Partial<Strategy['risk']> = {},
): Strategy {
  return {
    name: 'timed-script',
    transitions: SCRIPT_TRANSITIONS,
    initialState: FLAT,
    risk: { stopLoss: Number.NaN, takeProfit: Number.NaN, positionSize: 1, ...risk },
    onBar(bars, index, state) {
      const wanted = script.get(bars.time[index]);
      if (wanted === undefined) return -1;
      return SCRIPT_TRANSITIONS.findIndex((t) => t.on === wanted && t.from === state);
    },
    reset() {},
  };
}
