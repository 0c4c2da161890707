import type { Candles } from '../core/index.js';
import { type CheckedSpec, evaluateConst, type ParamValues, resolveParams, type SpecState } from '../spec/index.js';
import { type BarInput, CodeGenerator } from './codegen.js';
import {
  FLAT,
  LONG,
  type PositionState,
  SHORT,
  type Strategy,
  type StrategyRisk,
  type Transition,
} from './strategy.js';

const STATE_CODE: Record<SpecState, PositionState> = { flat: FLAT, long: LONG, short: SHORT };
const INPUT_COLUMN: Record<BarInput, string> = { o: 'open', h: 'high', l: 'low', c: 'close', v: 'volume' };

export interface CompileOptions {
  /** Parameter values over the spec's defaults (validated against ranges and constraints). */
  readonly params?: Record<string, unknown>;
}

export interface CompiledStrategy extends Strategy {
  readonly params: ParamValues;
  /** The generated per-bar function's body, for reading; it holds no text or number from the spec. */
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

  const constOrNaN = (expr: CheckedSpec['risk']['stopLoss']) =>
    expr ? (evaluateConst(expr, params) as number) : Number.NaN;
  const positionSize = checked.risk.positionSize ? (evaluateConst(checked.risk.positionSize, params) as number) : 1;

  return new SpecStrategy(
    checked.spec.name,
    params,
    source,
    barFunction(source),
    gen.instances,
    gen.constants,
    transitions,
    STATE_CODE[checked.spec.states.initial ?? 'flat'],
    { stopLoss: constOrNaN(checked.risk.stopLoss), takeProfit: constOrNaN(checked.risk.takeProfit), positionSize },
  );
}

type Instances = CodeGenerator['instances'];
type BarFunction = (
  bars: Candles,
  index: number,
  state: number,
  X: Instances,
  K: readonly (number | boolean)[],
) => number;

/**
 * One function per distinct source, shared by every strategy compiled from it: a screen or an
 * optimisation compiles the same spec hundreds of times, and a shared function keeps the call
 * sites that reach it monomorphic, so V8 inlines it instead of re-optimising for each copy.
 */
const barFunctions = new Map<string, BarFunction>();
function barFunction(source: string): BarFunction {
  let fn = barFunctions.get(source);
  if (!fn) {
    // Generated from the checked tree alone (see codegen.ts): slots and fixed operators.
    fn = new Function('B', 'i', 'state', 'X', 'K', source) as BarFunction;
    barFunctions.set(source, fn);
  }
  return fn;
}

/** A compiled spec: the shared bar function plus this parameter set's instances and constants. */
class SpecStrategy implements CompiledStrategy {
  constructor(
    readonly name: string,
    readonly params: ParamValues,
    readonly source: string,
    private readonly run: BarFunction,
    private readonly instances: Instances,
    private readonly constants: readonly (number | boolean)[],
    readonly transitions: readonly Transition[],
    readonly initialState: PositionState,
    readonly risk: StrategyRisk,
  ) {}

  onBar(bars: Candles, index: number, state: PositionState): number {
    return this.run(bars, index, state, this.instances, this.constants);
  }

  reset(): void {
    for (const instance of this.instances) instance.reset?.();
  }
}
