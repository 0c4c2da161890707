// A bot's page: its summary, equity curve (echarts), round trips, orders and events.
import { age, api, control, dayNote, el, flagWords, money, poll, quantity, signed, time, tone } from './dashboard.js';

const name = decodeURIComponent(location.pathname.replace(/^\/bots\//, ''));
const path = `/api/bots/${encodeURIComponent(name)}`;
/** Rows shown in each table: the newest. */
const ROWS = 100;

document.title = `${name} · fleet dashboard`;
document.getElementById('bot-name').textContent = name;

// SVG: crisp at any zoom, and the drawn curve is in the DOM.
const chart = echarts.init(document.getElementById('equity-chart'), null, { renderer: 'svg' });
chart.setOption({
  animation: false,
  grid: { left: 70, right: 20, top: 20, bottom: 60 },
  tooltip: { trigger: 'axis' },
  xAxis: { type: 'time' },
  yAxis: { type: 'value', scale: true, name: 'equity' },
  dataZoom: [{ type: 'inside' }, { type: 'slider' }],
  series: [{ name: 'equity', type: 'line', showSymbol: false, sampling: 'lttb', data: [] }],
});
addEventListener('resize', () => chart.resize());

function card(label, value, extra = {}) {
  return el(
    'div',
    { class: `card ${extra.tone ?? ''}`, title: extra.title },
    el('span', { class: 'label' }, label),
    el('b', {}, value),
  );
}

function summary(row) {
  const flags = flagWords(row);
  return [
    card('mode', row.mode),
    card('status', row.stale ? 'stale' : row.status, { tone: row.stale ? 'down' : '' }),
    card('symbol', `${row.symbol} (${row.exchange})`),
    card('position', quantity(row.position)),
    card('equity', money(row.equity)),
    card('P&L today', signed(row.pnlToday), { tone: tone(row.pnlToday), title: dayNote(row) }),
    card('P&L total', signed(row.pnlTotal.equityChange), {
      tone: tone(row.pnlTotal.equityChange),
      title: 'equity now minus the capital the bot started with',
    }),
    card('trades', `${row.trades.closed}${row.trades.open ? ' + 1 open' : ''}`),
    card('heartbeat', age(row.heartbeatAgeMs), { tone: row.stale ? 'down' : '' }),
    el(
      'div',
      { class: `card ${flags.length > 0 ? 'down' : ''}`, id: 'flags' },
      el('span', { class: 'label' }, 'flags'),
      el('b', {}, flags.length === 0 ? 'none' : flags.join(', ')),
    ),
  ];
}

const rows = (selector, items, render, columns) =>
  document
    .querySelector(`${selector} tbody`)
    .replaceChildren(
      ...(items.length === 0
        ? [el('tr', {}, el('td', { colspan: columns, class: 'quiet' }, 'none yet'))]
        : items.map(render)),
    );

async function load() {
  const [row, equity, trades, orders, events] = await Promise.all([
    api(path),
    api(`${path}/equity`),
    api(`${path}/trades?limit=${ROWS}`),
    api(`${path}/orders?limit=${ROWS}`),
    api(`${path}/events?limit=${ROWS}`),
  ]);
  document.getElementById('summary').replaceChildren(...summary(row));
  chart.setOption({ series: [{ data: equity.points.map((p) => [p.time, p.equity]) }] });
  const open = trades.open;
  document.getElementById('open-trade').textContent = open
    ? `open: ${open.side} ${quantity(open.quantity)} at ${money(open.avgPrice)} since ${time(open.entryTime)}`
    : 'flat';
  rows(
    '#trades',
    [...trades.closed].reverse(),
    (t) =>
      el(
        'tr',
        {},
        el('td', {}, t.side),
        el('td', {}, time(t.entryTime)),
        el('td', {}, time(t.exitTime)),
        el('td', { class: 'num' }, quantity(t.quantity)),
        el('td', { class: 'num' }, money(t.entryPrice)),
        el('td', { class: 'num' }, money(t.exitPrice)),
        el('td', { class: 'num' }, money(t.fees)),
        el('td', { class: `num ${tone(t.pnl)}` }, signed(t.pnl)),
      ),
    8,
  );
  rows(
    '#orders',
    [...orders.orders].reverse(),
    (o) =>
      el(
        'tr',
        { class: o.status === 'rejected' ? 'attention' : '' },
        el('td', {}, time(o.createdAt)),
        el('td', {}, o.role),
        el('td', {}, o.side),
        el('td', {}, o.type),
        el('td', { class: 'num' }, quantity(o.quantity)),
        el('td', { class: 'num' }, money(o.averagePrice ?? o.price)),
        el('td', {}, o.status),
        el('td', {}, o.reason ?? ''),
      ),
    8,
  );
  rows(
    '#events',
    [...events.events].reverse(),
    (e) =>
      el(
        'tr',
        { class: e.level === 'alert' || e.level === 'error' ? 'attention' : '' },
        el('td', {}, time(e.time)),
        el('td', {}, e.level),
        el('td', {}, e.kind),
        el('td', {}, e.message),
      ),
    4,
  );
}

const refresh = poll(load);
const verbs = {
  pause: `Pause ${name}? No new entries; exits, stop-losses and take-profits still go out.`,
  resume: `Resume ${name}? Clears its pause, kill switch and halt.`,
  kill: `Set the kill switch of ${name}? It places no order until resumed.`,
};
for (const [verb, question] of Object.entries(verbs)) {
  document.getElementById(verb).addEventListener('click', () => control(`${path}/${verb}`, question, refresh));
}
