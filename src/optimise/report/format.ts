import type { Metrics } from '../../backtest/index.js';
import type { ReportParamValue } from './types.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const formatters = new Map<number, Intl.NumberFormat>();

/** A number with thousands separators and at most `digits` decimals; 'n/a' when not finite. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  let format = formatters.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    formatters.set(digits, format);
  }
  // A real minus sign reads better than a hyphen in tables.
  return format.format(value).replace('-', '\u2212');
}

/** A fraction as a percentage: 0.1234 -> '12.34%'. */
export function formatPercent(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${formatNumber(value * 100, digits)}%`;
}

/** Like formatPercent, with a sign in front of positive values too. */
export function formatSignedPercent(value: number | null | undefined, digits = 1): string {
  const text = formatPercent(value, digits);
  return value !== null && value !== undefined && value > 0 ? `+${text}` : text;
}

/** Epoch ms as UTC 'YYYY-MM-DD HH:MM', dropping the time of day at midnight. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  const iso = new Date(ms).toISOString();
  const time = iso.slice(11, 16);
  return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/** A period of bars, both ends included: '2022-01-01 → 2022-05-26 19:00 (3,500 bars)'. */
export function formatPeriod(from: number, to: number, bars: number): string {
  return `${formatTime(from)} → ${formatTime(to)} (${formatNumber(bars, 0)} bars)`;
}

/** Parameters as `name=value, …`, in the order given. */
export function formatParams(params: Readonly<Record<string, ReportParamValue>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${formatParam(value)}`)
    .join(', ');
}

/** A parameter value as the user would type it (no thousands separators, float noise trimmed). */
export function formatParam(value: ReportParamValue): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(Number(value.toPrecision(12))) : String(value);
}

/** The quote currency of a 'BASE/QUOTE' symbol, else undefined. */
export function quoteCurrency(symbol: string): string | undefined {
  const slash = symbol.lastIndexOf('/');
  const quote =
    slash >= 0
      ? symbol
          .slice(slash + 1)
          .split(':')[0]
          .trim()
      : '';
  return quote === '' ? undefined : quote;
}

const ratio = (v: number | null) => formatNumber(v, 2);

/** How every report shows a run's metrics, in this order: the evidence pages and the demo's summary alike. */
export const METRIC_ROWS: readonly {
  readonly key: keyof Metrics;
  readonly label: string;
  readonly note?: string;
  readonly format: (v: number | null) => string;
}[] = [
  { key: 'totalReturn', label: 'Total return', format: (v) => formatSignedPercent(v, 2) },
  { key: 'cagr', label: 'CAGR', format: formatPercent },
  { key: 'sharpe', label: 'Sharpe', format: ratio },
  { key: 'sortino', label: 'Sortino', format: ratio },
  { key: 'maxDrawdown', label: 'Max drawdown', format: formatPercent },
  { key: 'calmar', label: 'Calmar', format: ratio },
  { key: 'winRate', label: 'Win rate', format: formatPercent },
  { key: 'profitFactor', label: 'Profit factor', format: (v) => (v === null ? 'no losing trade' : ratio(v)) },
  { key: 'trades', label: 'Trades', format: (v) => formatNumber(v, 0) },
  { key: 'exposure', label: 'Exposure', format: formatPercent },
  { key: 'avgTrade', label: 'Average trade', format: formatPercent },
  { key: 'finalEquity', label: 'Final equity', note: 'each run from the same cash', format: ratio },
];

/** A metric (or a return such as buy-and-hold's, as 'totalReturn') as every report shows it. */
export function formatMetric(key: keyof Metrics, value: number | null): string {
  const row = METRIC_ROWS.find((r) => r.key === key);
  return row ? row.format(value) : formatNumber(value, 2);
}
