import { type DefaultTreeAdapterMap, parse } from 'parse5';
import { expect } from 'vitest';

/**
 * Reads generated reports back the way a person does: figures by their visible labels (table
 * headers, row labels, the sentences of a headline), so a test can check that what a page says
 * agrees with the data it was made from. HTML goes through parse5, a spec-compliant parser.
 */

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const isElement = (node: Node): node is Element => 'tagName' in node;

function* walk(node: Node): Generator<Element> {
  if (isElement(node)) yield node;
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) yield* walk(child);
}

export const attr = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const hasClass = (el: Element, name: string) => (attr(el, 'class') ?? '').split(/\s+/).includes(name);

/** The text of an element as a reader sees it: entities decoded, whitespace collapsed. */
export function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  if (isElement(node) && node.tagName === 'br') return ' ';
  const children = 'childNodes' in node ? node.childNodes : [];
  return children.map(textOf).join('').replace(/\s+/g, ' ').trim();
}

export function parseHtml(html: string) {
  const root = parse(html);
  const all = [...walk(root)];
  return {
    all,
    byClass: (tag: string, name: string) => all.filter((el) => el.tagName === tag && hasClass(el, name)),
  };
}

export type HtmlPage = ReturnType<typeof parseHtml>;

/** A table as rows of cell texts, the header row first. */
export function tableRows(table: Element): string[][] {
  return [...walk(table)]
    .filter((el) => el.tagName === 'tr')
    .map((tr) =>
      tr.childNodes
        .filter(isElement)
        .filter((c) => c.tagName === 'td' || c.tagName === 'th')
        .map(textOf),
    );
}

/** Cells of a table by row label (first cell) and column header. */
export function tableByLabel(rows: string[][]): (row: string, column: string) => string {
  const [head, ...body] = rows;
  return (row, column) => {
    const c = head.findIndex((h) => h.startsWith(column));
    const r = body.find((cells) => cells[0].startsWith(row));
    if (c < 0 || !r) throw new Error(`no cell for row "${row}", column "${column}"`);
    return r[c];
  };
}

/** A shown number: its value and how far the display may be from the true value by rounding. */
export interface Figure {
  readonly value: number;
  readonly tolerance: number;
}

const NUMBER = /[+\u2212-]?\d[\d,]*(?:\.\d+)?%?/g;

/** Every number in a piece of text, '%' ones as fractions. */
export function figures(text: string): Figure[] {
  return [...text.matchAll(NUMBER)].map(([shown]) => {
    const percent = shown.endsWith('%');
    const digits = shown.replace(/[%,+]/g, '').replace('\u2212', '-');
    const decimals = digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0;
    const scale = percent ? 100 : 1;
    return { value: Number(digits) / scale, tolerance: (0.5 * 10 ** -decimals) / scale };
  });
}

/** The one number a cell shows. */
export function figure(text: string): Figure {
  const found = figures(text);
  if (found.length !== 1) throw new Error(`expected one number in "${text}"`);
  return found[0];
}

/** Asserts that a shown figure is the value, rounded as shown. */
export function expectShows(shown: Figure, value: number | null, what: string): void {
  expect(value, what).not.toBeNull();
  const error = Math.abs(shown.value - (value as number));
  expect(error, `${what}: shows ${shown.value}, the data says ${value}`).toBeLessThanOrEqual(
    shown.tolerance * (1 + 1e-9) + 1e-12,
  );
}

/** 'YYYY-MM-DD[ HH:MM] → YYYY-MM-DD[ HH:MM] (N bars)' as epoch ms and a bar count. */
export function period(text: string): { from: number; to: number; bars: number } {
  const match = text.match(/(\d{4}-\d\d-\d\d)(?: (\d\d:\d\d))? → (\d{4}-\d\d-\d\d)(?: (\d\d:\d\d))? \(([\d,]+) bars\)/);
  if (!match) throw new Error(`no period in "${text}"`);
  const time = (day: string, hm = '00:00') => Date.parse(`${day}T${hm}:00Z`);
  return { from: time(match[1], match[2]), to: time(match[3], match[4]), bars: Number(match[5].replace(/,/g, '')) };
}

/** Markdown tables of a document, each under the heading it sits in, as rows of cells. */
export function markdownTables(markdown: string): { heading: string; rows: string[][] }[] {
  const tables: { heading: string; rows: string[][] }[] = [];
  let heading = '';
  let current: string[][] | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split('|')
      .map((c) => c.trim());
    if (cells.every((c) => /^-+$/.test(c))) continue;
    if (!current) {
      current = [];
      tables.push({ heading, rows: current });
    }
    current.push(cells);
  }
  return tables;
}

/** The paragraph of a Markdown section (by heading prefix) that contains `marker`. */
export function markdownParagraph(markdown: string, heading: string, marker: string): string {
  const section = markdown.split(/\n(?=#)/).find((s) => s.replace(/^#+\s*/, '').startsWith(heading));
  const paragraph = section?.split('\n\n').find((p) => p.includes(marker));
  if (!paragraph) throw new Error(`no paragraph with "${marker}" under "${heading}"`);
  return paragraph;
}

/** `a=1, b=x` as a record of the texts shown. */
export function shownParams(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => p.split('=') as [string, string]),
  );
}
