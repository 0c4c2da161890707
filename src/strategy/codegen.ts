import { evaluateConst, FUNCTIONS, type ParamValues, type TypedExpr } from '../spec/index.js';
import { BUILTINS } from './builtins.js';

/**
 * Turns checked expressions into the body of a per-bar JavaScript function.
 *
 * Safety: nothing from the spec reaches the generated source, not even its numbers. Names become
 * numbered slots (`n3`, `g1`, `X[4]`), every constant (a literal, a parameter, arithmetic on them)
 * is evaluated now and read from the slot array `K`, and the only other tokens are operators from
 * the fixed tables below. Because parameter values never enter the source, every parameter set
 * of one spec shares one generated function, which V8 then optimises once (see compile.ts).
 */

/** A compiled expression: its JavaScript, and the number slots it reads (for the NaN guard). */
interface Emitted {
  readonly js: string;
  readonly reads: ReadonlySet<string>;
}

// A Map, so no operator text can find something on an object's prototype.
const OPERATORS: ReadonlyMap<string, string> = new Map([
  ['+', '+'],
  ['-', '-'],
  ['*', '*'],
  ['/', '/'],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
  ['==', '==='],
  ['!=', '!=='],
  ['and', '&&'],
  ['or', '||'],
]);
const BAR_INPUTS = { open: 'o', high: 'h', low: 'l', close: 'c', volume: 'v' } as const;
export type BarInput = (typeof BAR_INPUTS)[keyof typeof BAR_INPUTS];

export class CodeGenerator {
  /** Statements run once per bar, in order. */
  readonly body: string[] = [];
  /** Stateful objects (indicators, cross detectors), referenced as X[i] from the generated code. */
  readonly instances: { update(...inputs: number[]): unknown; reset?(): void }[] = [];
  /** Constant values, referenced as K[i]: numbers and booleans only (strings fold into comparisons). */
  readonly constants: (number | boolean)[] = [];
  private readonly instanceIndex = new Map<string, number>();
  private readonly callSlot = new Map<string, string>();
  private readonly indicatorSlot = new Map<string, string>();
  private readonly signalSlot = new Map<string, { value: string; ready: string }>();
  private nextSlot = 0;
  /** The bar inputs the generated code reads, so only those are loaded each bar. */
  readonly inputs = new Set<BarInput>();

  constructor(private readonly params: ParamValues) {}

  defineIndicator(name: string, expr: TypedExpr): void {
    const { js } = this.emit(expr);
    const slot = `n${this.nextSlot++}`;
    this.body.push(`const ${slot} = ${js};`);
    this.indicatorSlot.set(name, slot);
  }

  /** A signal is false while any number it reads (directly or through other signals) is NaN. */
  defineSignal(name: string, expr: TypedExpr): void {
    const readyParts: string[] = [];
    const { js, reads } = this.emit(expr, readyParts);
    for (const slot of reads) readyParts.push(`${slot} === ${slot}`);
    const id = this.nextSlot++;
    const ready = `r${id}`;
    const value = `g${id}`;
    this.body.push(`const ${ready} = ${readyParts.length > 0 ? [...new Set(readyParts)].join(' && ') : 'true'};`);
    this.body.push(`const ${value} = ${ready} && ${js};`);
    this.signalSlot.set(name, { value, ready });
  }

  signalVariable(name: string): string {
    const slot = this.signalSlot.get(name);
    if (!slot) throw new Error(`signal '${name}' was not compiled`);
    return slot.value;
  }

  private emit(expr: TypedExpr, readyParts: string[] = []): Emitted {
    if (expr.type.shape === 'const') return { js: this.constant(evaluateConst(expr, this.params)), reads: new Set() };
    switch (expr.kind) {
      case 'field':
        this.inputs.add(BAR_INPUTS[expr.field]);
        return { js: BAR_INPUTS[expr.field], reads: new Set() };
      case 'indicator': {
        const slot = this.indicatorSlot.get(expr.name);
        if (!slot) throw new Error(`indicator '${expr.name}' used before it was compiled`);
        return { js: slot, reads: new Set([slot]) };
      }
      case 'signal': {
        const slot = this.signalSlot.get(expr.name);
        if (!slot) throw new Error(`signal '${expr.name}' used before it was compiled`);
        readyParts.push(slot.ready);
        return { js: slot.value, reads: new Set() };
      }
      case 'unary': {
        const arg = this.emit(expr.arg, readyParts);
        return { js: expr.op === 'not' ? `(!${arg.js})` : `(-${arg.js})`, reads: arg.reads };
      }
      case 'binary': {
        const left = this.emit(expr.left, readyParts);
        const right = this.emit(expr.right, readyParts);
        const op = OPERATORS.get(expr.op);
        if (!op) throw new Error(`unknown operator '${expr.op}'`);
        return { js: `(${left.js} ${op} ${right.js})`, reads: union(left.reads, right.reads) };
      }
      case 'call':
        return this.emitCall(expr, readyParts);
      default:
        throw new Error(`a ${expr.kind} cannot vary bar by bar`);
    }
  }

  private emitCall(expr: Extract<TypedExpr, { kind: 'call' }>, readyParts: string[]): Emitted {
    const builtin = BUILTINS[expr.fn];
    const signature = FUNCTIONS[expr.fn].args;
    const seriesArgs: Emitted[] = [];
    const constants: number[] = [];
    expr.args.forEach((arg, i) => {
      const kind = signature[i].kind;
      if (kind === 'period' || kind === 'number') constants.push(evaluateConst(arg, this.params) as number);
      else seriesArgs.push(this.emit(arg, readyParts));
    });
    const reads = union(...seriesArgs.map((a) => a.reads));
    if (builtin.kind === 'pure') return { js: `${builtin.js}(${seriesArgs.map((a) => a.js).join(', ')})`, reads };

    for (const input of builtin.implicitInputs ?? []) this.inputs.add(input);
    const inputs = [...seriesArgs.map((a) => a.js), ...(builtin.implicitInputs ?? [])];
    const callKey = `${expr.fn}|${constants.join(',')}|${inputs.join(',')}`;
    let slot = this.callSlot.get(callKey);
    if (!slot) {
      const instance = this.instanceFor(`${builtin.family}|${constants.join(',')}|${inputs.join(',')}`, () =>
        builtin.create(constants),
      );
      slot = `s${this.nextSlot++}`;
      if (builtin.field) {
        if (instance.fresh) this.body.push(`X[${instance.index}].update(${inputs.join(', ')});`);
        this.body.push(`const ${slot} = X[${instance.index}].${fieldName(builtin.field)};`);
      } else {
        this.body.push(`const ${slot} = X[${instance.index}].update(${inputs.join(', ')});`);
      }
      this.callSlot.set(callKey, slot);
    }
    // A bool result (a cross) is never NaN; its inputs are what the guard must check.
    const result = FUNCTIONS[expr.fn].returns === 'number' ? union(reads, new Set([slot])) : reads;
    return { js: slot, reads: result };
  }

  private constant(value: number | boolean | string): string {
    if (typeof value === 'string' || (typeof value === 'number' && !Number.isFinite(value))) {
      throw new Error(`cannot compile the constant ${JSON.stringify(value)} into a series expression`);
    }
    return `K[${this.constants.push(value) - 1}]`;
  }

  private instanceFor(key: string, create: () => { update(...inputs: number[]): unknown }) {
    const existing = this.instanceIndex.get(key);
    if (existing !== undefined) return { index: existing, fresh: false };
    const index = this.instances.push(create()) - 1;
    this.instanceIndex.set(key, index);
    return { index, fresh: true };
  }
}

function fieldName(field: string): string {
  if (!/^[a-z]+$/.test(field)) throw new Error(`bad output field '${field}'`);
  return field;
}

function union(...sets: ReadonlySet<string>[]): Set<string> {
  const out = new Set<string>();
  for (const set of sets) for (const item of set) out.add(item);
  return out;
}
