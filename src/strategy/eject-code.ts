import { FUNCTIONS, formatExpression, type PriceField, type TypedExpr } from '../spec/index.js';
import { BUILTINS } from './builtins.js';
import { type Emitted, fieldName, operator, SeriesEmitter, union } from './series-emitter.js';

/**
 * Emits readable TypeScript for checked expressions, for `fleet eject`. It mirrors codegen.ts
 * statement for statement (calls hoisted and fed every bar, one instance per distinct call, a
 * signal false while a number it reads is NaN), so the module decides exactly what the compiled
 * spec decides, but with the spec's names and its parameters read from a typed object `p`.
 *
 * Safety as in codegen.ts: the output is built from the checked tree only. Names are checked
 * identifiers (renamed where they would clash with a keyword or a local), numbers are printed
 * from parsed values, strings go through JSON.stringify, operators come from fixed tables, and
 * spec text reaches the file only as `//` comments cut at every line break.
 */

/** Indicator classes of the package, by builtin family (builtins.ts). */
const CLASSES: Record<string, string> = {
  sma: 'Sma',
  ema: 'Ema',
  wma: 'Wma',
  rsi: 'Rsi',
  atr: 'Atr',
  stdev: 'Stdev',
  bbands: 'Bbands',
  macd: 'Macd',
  highest: 'Highest',
  lowest: 'Lowest',
  roc: 'Roc',
  prev: 'Lag',
  crosses_above: 'CrossAbove',
  crosses_below: 'CrossBelow',
};
const INPUT_NAMES = { o: 'open', h: 'high', l: 'low', c: 'close', v: 'volume' } as const;

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await async of undefined NaN Infinity ' +
    'arguments eval Math Number bars i state p FLAT LONG SHORT'
  ).split(' '),
);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `//` comment lines for any text: nothing after a line break can leave the comment. */
export function commentLines(text: string, indent = '', width = 100): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r\n|[\n\r\u2028\u2029]/)) {
    let line = '';
    for (const word of paragraph.split(/[ \t]+/).filter(Boolean)) {
      if (line !== '' && indent.length + 3 + line.length + 1 + word.length > width) {
        out.push(`${indent}// ${line}`);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    out.push(`${indent}// ${line}`.trimEnd());
  }
  return out;
}

/** A number as a TypeScript literal; only finite parsed numbers. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write the number ${value} as a literal`);
  return value < 0 || Object.is(value, -0) ? `(${String(value)})` : String(value);
}

/** A string as a literal: JSON-escaped, and the two line separators JSON leaves raw escaped too. */
export function stringLiteral(value: string): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function literal(value: number | boolean | string): string {
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'boolean') return String(value);
  return stringLiteral(value);
}

/** A spec name (already a checked identifier) as a property of the params object. */
export function paramAccess(name: string): string {
  if (!IDENT.test(name)) throw new Error(`'${name}' is not an identifier`);
  return `p.${name}`;
}

export class TsEmitter extends SeriesEmitter {
  /** Statements of onBar, in order. */
  readonly body: string[] = [];
  /** Instance fields: name, class and constructor arguments (TypeScript over `p`). */
  readonly fields: { name: string; className: string; args: string[] }[] = [];
  readonly inputs = new Set<keyof typeof INPUT_NAMES>();
  private readonly used = new Set<string>(Object.values(INPUT_NAMES));
  private readonly callLocal = new Map<string, string>();
  private readonly instanceField = new Map<string, string>();
  private readonly familyCount = new Map<string, number>();
  private readonly fnCount = new Map<string, number>();

  /** A fresh local name based on `base`; never a keyword, a local of onBar or a name taken. */
  local(base: string): string {
    if (!IDENT.test(base)) throw new Error(`'${base}' is not an identifier`);
    let name = base;
    while (RESERVED.has(name) || this.used.has(name)) name = `${name}_`;
    this.used.add(name);
    return name;
  }

  defineIndicator(name: string, expr: TypedExpr): void {
    this.body.push('', ...commentLines(`${name} = ${formatExpression(expr)}`));
    const preferred = expr.kind === 'call' && BUILTINS[expr.fn].kind === 'stateful' ? name : undefined;
    const { js } = this.emit(expr, [], preferred);
    const local = this.callLocal.get(preferred ?? '') === js ? js : this.local(name);
    if (local !== js) this.body.push(`const ${local} = ${js};`);
    this.indicatorSlot.set(name, local);
  }

  defineSignal(name: string, expr: TypedExpr): void {
    this.body.push('', ...commentLines(`${name} = ${formatExpression(expr)}`));
    const readyParts: string[] = [];
    const { js, reads } = this.emit(expr, readyParts);
    for (const slot of reads) readyParts.push(`!Number.isNaN(${slot})`);
    const value = this.local(name);
    const ready = this.local(`${name}_ready`);
    const parts = [...new Set(readyParts)];
    this.body.push(`const ${ready} = ${parts.length > 0 ? parts.join(' && ') : 'true'};`);
    this.body.push(`const ${value} = ${ready} && ${js};`);
    this.signalSlot.set(name, { value, ready });
  }

  protected constantJs(expr: TypedExpr): string {
    return this.constant(expr);
  }

  protected fieldJs(field: PriceField): string {
    const input = (Object.keys(INPUT_NAMES) as (keyof typeof INPUT_NAMES)[]).find((k) => INPUT_NAMES[k] === field);
    if (!input) throw new Error(`unknown price field '${field}'`);
    this.inputs.add(input);
    return INPUT_NAMES[input];
  }

  /** A constant expression as TypeScript over the params object `p`. */
  constant(expr: TypedExpr): string {
    switch (expr.kind) {
      case 'number':
      case 'bool':
      case 'string':
        return literal(expr.value);
      case 'param':
        return paramAccess(expr.name);
      case 'unary':
        return expr.op === 'not' ? `(!${this.constant(expr.arg)})` : `(-${this.constant(expr.arg)})`;
      case 'binary':
        return `(${this.constant(expr.left)} ${operator(expr.op)} ${this.constant(expr.right)})`;
      default:
        throw new Error(`a ${expr.kind} is not a constant`);
    }
  }

  protected emitCall(expr: Extract<TypedExpr, { kind: 'call' }>, readyParts: string[], preferred?: string): Emitted {
    const builtin = BUILTINS[expr.fn];
    const signature = FUNCTIONS[expr.fn].args;
    const seriesArgs: Emitted[] = [];
    const constants: string[] = [];
    expr.args.forEach((arg, i) => {
      const kind = signature[i].kind;
      if (kind === 'period' || kind === 'number') constants.push(this.constant(arg));
      else seriesArgs.push(this.emit(arg, readyParts));
    });
    const reads = union(...seriesArgs.map((a) => a.reads));
    if (builtin.kind === 'pure') return { js: `${builtin.js}(${seriesArgs.map((a) => a.js).join(', ')})`, reads };

    for (const input of builtin.implicitInputs ?? []) this.inputs.add(input);
    const inputs = [
      ...seriesArgs.map((a) => a.js),
      ...(builtin.implicitInputs ?? []).map((input) => INPUT_NAMES[input]),
    ];
    const callKey = `${expr.fn}|${constants.join(',')}|${inputs.join(',')}`;
    let local = this.callLocal.get(callKey);
    if (!local) {
      const instanceKey = `${builtin.family}|${constants.join(',')}|${inputs.join(',')}`;
      let field = this.instanceField.get(instanceKey);
      const fresh = field === undefined;
      if (field === undefined) {
        const count = (this.familyCount.get(builtin.family) ?? 0) + 1;
        this.familyCount.set(builtin.family, count);
        field = `${camel(builtin.family)}${count}`;
        this.fields.push({ name: field, className: CLASSES[builtin.family], args: constants });
        this.instanceField.set(instanceKey, field);
      }
      const n = (this.fnCount.get(expr.fn) ?? 0) + 1;
      this.fnCount.set(expr.fn, n);
      local = this.local(preferred ?? `${expr.fn}_${n}`);
      if (builtin.field) {
        if (fresh) this.body.push(`this.${field}.update(${inputs.join(', ')});`);
        this.body.push(`const ${local} = this.${field}.${fieldName(builtin.field)};`);
      } else {
        this.body.push(`const ${local} = this.${field}.update(${inputs.join(', ')});`);
      }
      this.callLocal.set(callKey, local);
      if (preferred) this.callLocal.set(preferred, local);
    }
    const result = FUNCTIONS[expr.fn].returns === 'number' ? union(reads, new Set([local])) : reads;
    return { js: local, reads: result };
  }
}

function camel(family: string): string {
  return family.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
