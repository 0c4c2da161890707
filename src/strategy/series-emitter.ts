import type { PriceField, TypedExpr } from '../spec/index.js';

/** A compiled expression: its JavaScript, and the number variables it reads (for the NaN guard). */
export interface Emitted {
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

/** The JavaScript operator of an expression-language operator, from the fixed table above. */
export function operator(op: string): string {
  const js = OPERATORS.get(op);
  if (!js) throw new Error(`unknown operator '${op}'`);
  return js;
}

/**
 * The walk over a checked series expression shared by the compiler (codegen.ts: numbered slots,
 * run by `new Function`) and `fleet eject` (eject-code.ts: readable TypeScript). Subclasses say how
 * constants, price fields and calls are written; both register indicators and signals here, so
 * both guard signals the same way and cannot drift apart.
 */
export abstract class SeriesEmitter {
  protected readonly indicatorSlot = new Map<string, string>();
  protected readonly signalSlot = new Map<string, { value: string; ready: string }>();

  protected abstract constantJs(expr: TypedExpr): string;
  protected abstract fieldJs(field: PriceField): string;
  protected abstract emitCall(
    expr: Extract<TypedExpr, { kind: 'call' }>,
    readyParts: string[],
    preferred?: string,
  ): Emitted;

  signalVariable(name: string): string {
    const slot = this.signalSlot.get(name);
    if (!slot) throw new Error(`signal '${name}' was not compiled`);
    return slot.value;
  }

  protected emit(expr: TypedExpr, readyParts: string[] = [], preferred?: string): Emitted {
    if (expr.type.shape === 'const') return { js: this.constantJs(expr), reads: new Set() };
    switch (expr.kind) {
      case 'field':
        return { js: this.fieldJs(expr.field), reads: new Set() };
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
        return { js: `(${left.js} ${operator(expr.op)} ${right.js})`, reads: union(left.reads, right.reads) };
      }
      case 'call':
        return this.emitCall(expr, readyParts, preferred);
      default:
        throw new Error(`a ${expr.kind} cannot vary bar by bar`);
    }
  }
}

export function fieldName(field: string): string {
  if (!/^[a-z]+$/.test(field)) throw new Error(`bad output field '${field}'`);
  return field;
}

export function union(...sets: ReadonlySet<string>[]): Set<string> {
  const out = new Set<string>();
  for (const set of sets) for (const item of set) out.add(item);
  return out;
}
