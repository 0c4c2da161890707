import type { BinaryOp, ComparisonOp, Expr } from './ast.js';
import { ExpressionError } from './errors.js';
import { lex, type OpText, type Token } from './lexer.js';

/**
 * How deep an expression may nest: each '(' group, function call and unary 'not' or '-' is one
 * level. The parser counts levels while it descends, so a pathological input is refused long
 * before it could exhaust the stack.
 */
export const MAX_EXPRESSION_DEPTH = 100;
/**
 * How many nodes (numbers, names, strings, operators and calls) one expression may have. A flat
 * chain `a + b + c + …` nests no deeper, but its tree is as deep as it is long, and the checker,
 * the evaluator, the compiler and V8 reading the generated code all recurse over it (V8 ran out of
 * stack near 3,300 nodes of one flat sum on Node 20); this bound keeps them all well inside.
 */
export const MAX_EXPRESSION_NODES = 1_000;

/**
 * Recursive descent, one function per precedence level (loosest first):
 *   or < and < not < comparison (non-chaining) < + - < * / < unary minus < call / primary
 * Binary operators are left-associative. A binary node's `col` is its operator's column.
 * Throws ExpressionError past MAX_EXPRESSION_DEPTH or MAX_EXPRESSION_NODES.
 */
export function parseExpression(text: string): Expr {
  const parser = new Parser(lex(text));
  if (parser.peek().kind === 'end') throw new ExpressionError('empty expression');
  const expr = parser.or();
  const rest = parser.peek();
  if (rest.kind !== 'end') throw unexpected(rest);
  return expr;
}

const COMPARISONS: ReadonlySet<string> = new Set<ComparisonOp>(['<', '<=', '>', '>=', '==', '!=']);

class Parser {
  private pos = 0;
  private depth = 0;
  private nodes = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  /** Runs `parse` one nesting level deeper; the level opened at `col`. */
  private nested<T>(col: number, parse: () => T): T {
    if (++this.depth > MAX_EXPRESSION_DEPTH) {
      throw new ExpressionError(`expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`, col);
    }
    const result = parse();
    this.depth--;
    return result;
  }

  /** Counts a node of the tree; `col` is where it starts. */
  private node<T extends Expr>(expr: T): T {
    if (++this.nodes > MAX_EXPRESSION_NODES) {
      throw new ExpressionError(`expression has more than ${MAX_EXPRESSION_NODES} terms and operators`, expr.col);
    }
    return expr;
  }

  peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const token = this.tokens[this.pos];
    if (token.kind !== 'end') this.pos++;
    return token;
  }

  private atOp(...ops: OpText[]): boolean {
    const token = this.peek();
    return token.kind === 'op' && (ops as string[]).includes(token.text);
  }

  or(): Expr {
    return this.leftAssoc(['or'], () => this.and());
  }

  private and(): Expr {
    return this.leftAssoc(['and'], () => this.not());
  }

  private not(): Expr {
    if (this.atOp('not')) {
      const op = this.next();
      const arg = this.nested(op.col, () => this.not());
      return this.node({ kind: 'unary', op: 'not', arg, col: op.col });
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const token = this.peek();
    if (token.kind !== 'op' || !COMPARISONS.has(token.text)) return left;
    this.next();
    const right = this.additive();
    const after = this.peek();
    if (after.kind === 'op' && COMPARISONS.has(after.text)) {
      throw new ExpressionError('comparisons do not chain', after.col, "; join them with 'and'");
    }
    return this.node({ kind: 'binary', op: token.text as ComparisonOp, left, right, col: token.col });
  }

  private additive(): Expr {
    return this.leftAssoc(['+', '-'], () => this.multiplicative());
  }

  private multiplicative(): Expr {
    return this.leftAssoc(['*', '/'], () => this.unary());
  }

  private unary(): Expr {
    if (this.atOp('-')) {
      const op = this.next();
      const arg = this.nested(op.col, () => this.unary());
      return this.node({ kind: 'unary', op: '-', arg, col: op.col });
    }
    return this.primary();
  }

  private primary(): Expr {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return this.node({ kind: 'number', value: token.value, col: token.col });
      case 'string':
        return this.node({ kind: 'string', value: token.value, col: token.col });
      case 'name':
        if (this.atOp('(')) return this.nested(token.col, () => this.call(token.text, token.col));
        return this.node({ kind: 'name', name: token.text, col: token.col });
      case 'op':
        if (token.text === 'true' || token.text === 'false') {
          return this.node({ kind: 'bool', value: token.text === 'true', col: token.col });
        }
        if (token.text === '(') {
          const inner = this.nested(token.col, () => this.or());
          if (!this.atOp(')')) throw this.unclosed(token.col, "')'");
          this.next();
          return inner;
        }
        throw unexpected(token);
      case 'end':
        throw unexpected(token);
    }
  }

  private call(name: string, col: number): Expr {
    const open = this.next();
    const args: Expr[] = [];
    if (!this.atOp(')')) {
      for (;;) {
        args.push(this.or());
        if (this.atOp(',')) {
          this.next();
        } else if (this.atOp(')')) {
          break;
        } else {
          throw this.unclosed(open.col, "',' or ')'");
        }
      }
    }
    this.next(); // ')'
    return this.node({ kind: 'call', name, args, col });
  }

  /** The '(' at `openCol` is not closed: point at it when input ran out, else at the stray token. */
  private unclosed(openCol: number, expected: string): ExpressionError {
    const token = this.peek();
    if (token.kind === 'end') return new ExpressionError("missing ')' to close '('", openCol);
    return new ExpressionError(`expected ${expected}, got ${describe(token)}`, token.col);
  }

  private leftAssoc(ops: OpText[], operand: () => Expr): Expr {
    let left = operand();
    while (this.atOp(...ops)) {
      const op = this.next();
      const right = operand();
      left = this.node({ kind: 'binary', op: op.text as BinaryOp, left, right, col: op.col });
    }
    return left;
  }
}

function unexpected(token: Token): ExpressionError {
  if (token.kind === 'end') return new ExpressionError('unexpected end of expression', token.col);
  return new ExpressionError(`unexpected ${describe(token)}`, token.col);
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'number':
      return `number '${token.text}'`;
    case 'string':
      return `string ${token.text}`;
    case 'name':
      return `name '${token.text}'`;
    case 'op':
      return `'${token.text}'`;
    case 'end':
      return 'end of expression';
  }
}
