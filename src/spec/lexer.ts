import { ExpressionError } from './errors.js';

/**
 * Tokens of the expression language. `&&`, `||` and `!` are folded into the words `and`, `or`,
 * `not` here, so the parser sees one spelling.
 */
export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly text: string; readonly col: number }
  | { readonly kind: 'string'; readonly value: string; readonly text: string; readonly col: number }
  | { readonly kind: 'name'; readonly text: string; readonly col: number }
  | { readonly kind: 'op'; readonly text: OpText; readonly col: number }
  | { readonly kind: 'end'; readonly text: ''; readonly col: number };

export type OpText =
  | '+'
  | '-'
  | '*'
  | '/'
  | '('
  | ')'
  | ','
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | 'and'
  | 'or'
  | 'not'
  | 'true'
  | 'false';

// Maps, not object literals: a word such as 'constructor' or '__proto__' must find nothing here,
// where an object would answer with what its prototype holds.
const WORD_OPS: ReadonlyMap<string, OpText> = new Map<string, OpText>([
  ['and', 'and'],
  ['or', 'or'],
  ['not', 'not'],
  ['true', 'true'],
  ['false', 'false'],
]);
const TWO_CHAR: ReadonlyMap<string, OpText> = new Map<string, OpText>([
  ['<=', '<='],
  ['>=', '>='],
  ['==', '=='],
  ['!=', '!='],
  ['&&', 'and'],
  ['||', 'or'],
]);
const ONE_CHAR: ReadonlyMap<string, OpText> = new Map<string, OpText>([
  ['+', '+'],
  ['-', '-'],
  ['*', '*'],
  ['/', '/'],
  ['(', '('],
  [')', ')'],
  [',', ','],
  ['<', '<'],
  ['>', '>'],
  ['!', 'not'],
]);
// Likely slips from other languages, answered with the spelling we accept.
const HINTS: ReadonlyMap<string, string> = new Map([
  ['=', '=='],
  ['&', '&&'],
  ['|', '||'],
]);

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isWordStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

export function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const col = i + 1;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      i = lexNumber(text, i, tokens);
    } else if (isWordStart(c)) {
      let end = i + 1;
      while (isWordChar(text[end])) end++;
      const word = text.slice(i, end);
      const op = WORD_OPS.get(word);
      tokens.push(op === undefined ? { kind: 'name', text: word, col } : { kind: 'op', text: op, col });
      i = end;
    } else if (c === '"') {
      i = lexString(text, i, tokens);
    } else if (TWO_CHAR.has(text.slice(i, i + 2))) {
      tokens.push({ kind: 'op', text: TWO_CHAR.get(text.slice(i, i + 2)) as OpText, col });
      i += 2;
    } else if (ONE_CHAR.has(c)) {
      tokens.push({ kind: 'op', text: ONE_CHAR.get(c) as OpText, col });
      i++;
    } else {
      const hint = HINTS.get(c);
      if (hint !== undefined) throw new ExpressionError(`unexpected '${c}'`, col, `; did you mean '${hint}'?`);
      if (c === "'") throw new ExpressionError(`unexpected "'"`, col, '; strings use double quotes');
      throw new ExpressionError(`unexpected character '${c}'`, col);
    }
  }
  tokens.push({ kind: 'end', text: '', col: text.length + 1 });
  return tokens;
}

function lexNumber(text: string, start: number, tokens: Token[]): number {
  let i = start;
  while (isDigit(text[i])) i++;
  let ok = true;
  if (text[i] === '.') {
    i++;
    ok = isDigit(text[i]);
    while (isDigit(text[i])) i++;
  }
  if (ok && (text[i] === 'e' || text[i] === 'E')) {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    ok = isDigit(text[i]);
    while (isDigit(text[i])) i++;
  }
  // '12abc', '1.2.3' and '1e' are one malformed word, not a number followed by something.
  let end = i;
  while (isWordChar(text[end]) || text[end] === '.') end++;
  const raw = text.slice(start, end);
  if (!ok || end !== i) throw new ExpressionError(`malformed number '${raw}'`, start + 1);
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new ExpressionError(`number '${raw}' is too large`, start + 1);
  tokens.push({ kind: 'number', value, text: raw, col: start + 1 });
  return end;
}

function lexString(text: string, start: number, tokens: Token[]): number {
  let value = '';
  let i = start + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\') {
      const next = text[i + 1];
      if (next !== '"' && next !== '\\') {
        throw new ExpressionError(`unknown escape '\\${next ?? ''}' in string (only \\" and \\\\)`, i + 1);
      }
      value += next;
      i += 2;
    } else {
      value += text[i];
      i++;
    }
  }
  if (i >= text.length) throw new ExpressionError('unterminated string', start + 1);
  tokens.push({ kind: 'string', value, text: text.slice(start, i + 1), col: start + 1 });
  return i + 1;
}
