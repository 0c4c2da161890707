import { type CheckedSpec, evaluateConst, type ParamValues, resolveParams, type SpecState } from '../spec/index.js';
import { type BarInput, CodeGenerator } from './codegen.js';
import { FLAT, LONG, type PositionState, SHORT, type Strategy, type Transition } from './strategy.js';

const STATE_CODE: Record<SpecState, PositionState> = { flat: FLAT, long: LONG, short: SHORT };
const INPUT_COLUMN: Record<BarInput, string> = { o: 'open', h: 'high', l: 'low', c: 'close', v: 'volume' };

export interface CompileOptions {
  /** Parameter values over the spec's defaults (validated against ranges and constraints). */
  readonly params?: Record<string, unknown>;
}

export interface CompiledStrategy extends Strategy {
  readonly params: ParamValues;
  /** The generated per-bar function, for `--debug` and for reading; it contains no spec text. */
  readonly source: string;
}

/**
 * Compiles a checked spec with concrete parameters into a Strategy whose onBar is one generated
 * function: indicators update in dependency order, then signals, then the first transition out of
 * the current state whose signal holds.
 */
export function compileStrategy(checked: CheckedSpec, options: CompileOptions = {}): CompiledStrategy {
  const params = resolveParams(checked, options.params);
  const gen = new CodeGenerator(params);
  for (const { name, expr } of checked.indicators) gen.defineIndicator(name, expr);
  for (const { name, expr } of checked.signals) gen.defineSignal(name, expr);

  const transitions: Transition[] = checked.transitions.map((t) => ({
    from: STATE_CODE[t.from],
    to: STATE_CODE[t.to],
    action: t.action,
    on: t.on,
    size: evaluateConst(t.size, params) as number,
  }));
  const dispatch = ([FLAT, LONG, SHORT] as const).map((state) => {
    const tests = transitions
      .map((t, index) => (t.from === state ? `if (${gen.signalVariable(t.on)}) return ${index};` : ''))
      .filter(Boolean);
    return tests.length > 0 ? `if (state === ${state}) { ${tests.join(' ')} }` : '';
  });
  const loads = [...gen.inputs].map((input) => `const ${input} = B.${INPUT_COLUMN[input]}[i];`);
  const source = [...loads, ...gen.body, ...dispatch.filter(Boolean), 'return -1;'].join('\n');
  // Generated from the checked tree alone (see codegen.ts): slots, folded numbers, fixed operators.
  const onBar = new Function('X', `return function onBar(B, i, state) {\n${source}\n};`)(
    gen.instances,
  ) as Strategy['onBar'];

  const constOrNaN = (expr: CheckedSpec['risk']['stopLoss']) =>
    expr ? (evaluateConst(expr, params) as number) : Number.NaN;
  const positionSize = checked.risk.positionSize ? (evaluateConst(checked.risk.positionSize, params) as number) : 1;

  return {
    name: checked.spec.name,
    params,
    source,
    transitions,
    initialState: STATE_CODE[checked.spec.states.initial ?? 'flat'],
    risk: {
      stopLoss: constOrNaN(checked.risk.stopLoss),
      takeProfit: constOrNaN(checked.risk.takeProfit),
      positionSize,
    },
    onBar,
    reset() {
      for (const instance of gen.instances) instance.reset?.();
    },
  };
}
