/**
 * The page's only stylesheet, inlined so the page opens offline. Charts keep a white card in dark
 * mode: their SVG text colours are fixed when they are rendered.
 */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --fg: #1f2937; --muted: #6b7280; --bg: #ffffff; --card: #f9fafb; --line: #e5e7eb;
  --bar: #2563eb; --good: #15803d; --bad: #b91c1c; --warn-bg: #fef3c7; --warn-fg: #92400e; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e5e7eb; --muted: #9ca3af; --bg: #111827; --card: #1f2937; --line: #374151;
    --bar: #60a5fa; --good: #4ade80; --bad: #f87171; --warn-bg: #451a03; --warn-fg: #fcd34d; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px 20px 48px; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.note { color: var(--muted); font-size: 13px; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
dl.summary dt { color: var(--muted); }
dl.summary dd { margin: 0; }
table { border-collapse: collapse; margin: 8px 0; min-width: 50%; }
th, td { padding: 4px 12px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--card); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.objective td { font-weight: 600; }
.good { color: var(--good); }
.bad { color: var(--bad); }
.headline { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 14px 0; }
.flag { display: inline-block; background: var(--warn-bg); color: var(--warn-fg); border-radius: 4px; padding: 0 6px;
  font-weight: 600; font-size: 12px; }
tr.lonely td { background: var(--warn-bg); color: var(--warn-fg); }
.bar-cell { width: 320px; }
.bar { height: 10px; background: var(--bar); border-radius: 2px; min-width: 1px; }
figure.chart { margin: 12px 0; padding: 6px; background: #ffffff; border: 1px solid var(--line); border-radius: 6px; }
figure.chart svg { display: block; width: 100%; height: auto; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
@media print {
  :root { --fg: #000000; --muted: #4b5563; --bg: #ffffff; --card: #f3f4f6; --line: #d1d5db; --bar: #2563eb;
    --good: #15803d; --bad: #b91c1c; --warn-bg: #fef3c7; --warn-fg: #92400e; }
  body { max-width: none; padding: 0; font-size: 12px; }
  figure.chart, table, .headline { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`;
