// The fleet page: every bot as `fleet ls` and `fleet pnl` see it, and the fleet's health.
import { age, api, control, dayNote, el, flagWords, money, poll, quantity, signed, time, tone } from './dashboard.js';

function card(label, value, extra = {}) {
  return el('div', { class: `card ${extra.tone ?? ''}` }, el('span', { class: 'label' }, label), el('b', {}, value));
}

function botRow(row) {
  const flags = flagWords(row);
  const trades = `${row.trades.closed}${row.trades.open ? ' + 1 open' : ''}`;
  return el(
    'tr',
    { 'data-bot': row.name, class: row.stale || row.flags.halted || row.flags.killSwitch ? 'attention' : '' },
    el('td', {}, el('a', { href: `/bots/${encodeURIComponent(row.name)}` }, row.name)),
    el('td', { class: row.mode === 'live' ? 'live' : '' }, row.mode),
    el('td', { class: row.stale ? 'down' : '' }, row.stale ? 'stale' : row.status),
    el('td', {}, `${row.symbol}${row.exchange === 'sandbox' ? '' : ` (${row.exchange})`}`),
    el('td', { class: 'num' }, quantity(row.position)),
    el('td', { class: 'num' }, trades),
    el('td', { class: 'num' }, money(row.equity)),
    el('td', { class: `num ${tone(row.pnlToday)}`, title: dayNote(row) }, signed(row.pnlToday)),
    el('td', { class: `num ${tone(row.pnlTotal.equityChange)}` }, signed(row.pnlTotal.equityChange)),
    el('td', { class: row.stale ? 'down' : '', title: time(row.heartbeatAt) }, age(row.heartbeatAgeMs)),
    el('td', { class: 'flags' }, flags.length === 0 ? '-' : flags.join(', ')),
  );
}

function clockNote(rows) {
  const days = (clock) => [...new Set(rows.filter((r) => r.clock === clock && r.day !== null).map((r) => r.day))];
  const parts = [];
  if (days('wall').length > 0) parts.push(`${days('wall').join(', ')} UTC for exchange bots`);
  if (days('sandbox').length > 0)
    parts.push(`${days('sandbox').join(', ')} on the sandbox's compressed clock for sandbox bots`);
  return (
    `* P&L today: equity change since the start of each bot's trading day on its own clock` +
    `${parts.length > 0 ? `: ${parts.join('; ')}` : ''}. ` +
    '† P&L total: equity now minus the capital the bot started with (its whole history, as fleet pnl).'
  );
}

function list(title, items, render) {
  return el(
    'div',
    { class: `panel ${items.length > 0 ? 'attention' : ''}` },
    el('h3', {}, `${title}: ${items.length}`),
    items.length === 0
      ? el('p', { class: 'quiet' }, 'none')
      : el(
          'ul',
          {},
          items.map((item) => el('li', {}, render(item))),
        ),
  );
}

function healthPanels(health) {
  const rejected = health.rejectedOrders;
  return [
    list('stale heartbeats', health.staleHeartbeats, (s) => `${s.bot}: last ${age(s.ageMs)}`),
    list('halted', health.halted, (h) => `${h.bot}${h.reason ? `: ${h.reason}` : ''}`),
    list('killed', health.killed, (bot) => bot),
    list('paused', health.paused, (bot) => bot),
    el(
      'div',
      { class: `panel ${rejected.count > 0 ? 'attention' : ''}`, id: 'rejected' },
      el('h3', {}, `rejected orders, last 24 h: ${rejected.count}`),
      rejected.count === 0
        ? el('p', { class: 'quiet' }, 'none')
        : el(
            'ul',
            {},
            rejected.latest.map((o) =>
              el('li', {}, `${time(o.createdAt)} ${o.bot} ${o.side}: ${o.reason ?? 'rejected'}`),
            ),
          ),
    ),
    el(
      'div',
      { class: `panel ${health.outboxPending > 0 ? 'attention' : ''}`, id: 'outbox' },
      el('h3', {}, `notification outbox: ${health.outboxPending} pending`),
      health.outbox.length === 0
        ? el('p', { class: 'quiet' }, 'nothing queued for any channel yet')
        : el(
            'ul',
            {},
            health.outbox.map((ch) =>
              el(
                'li',
                {},
                `${ch.channel}: ${ch.pending} pending, ${ch.sent} sent`,
                ch.failures.length > 0 ? ` (last error: ${ch.failures[0].error})` : '',
              ),
            ),
          ),
    ),
  ];
}

async function load() {
  const [fleet, health] = await Promise.all([api('/api/fleet'), api('/api/health')]);
  document.getElementById('global-kill').hidden = !fleet.globalKillSwitch;
  const t = fleet.totals;
  document
    .getElementById('totals')
    .replaceChildren(
      card('bots', String(fleet.bots.length)),
      card('equity', money(t.equity)),
      card('P&L today*', signed(t.pnlToday), { tone: tone(t.pnlToday) }),
      card('P&L total†', signed(t.equityChange), { tone: tone(t.equityChange) }),
      card('realised', signed(t.realised), { tone: tone(t.realised) }),
      card('unrealised', signed(t.unrealised), { tone: tone(t.unrealised) }),
    );
  const body = document.querySelector('#bots tbody');
  body.replaceChildren(
    ...(fleet.bots.length === 0
      ? [el('tr', {}, el('td', { colspan: 11, class: 'quiet' }, 'no bots registered (fleet register)'))]
      : fleet.bots.map(botRow)),
  );
  document.getElementById('clock-note').textContent = clockNote(fleet.bots);
  document.getElementById('health').replaceChildren(...healthPanels(health));
}

const refresh = poll(load);
document
  .getElementById('pause-all')
  .addEventListener('click', () => control('/api/fleet/pause', 'Pause every bot (no new entries)?', refresh));
document
  .getElementById('resume-all')
  .addEventListener('click', () =>
    control('/api/fleet/resume', 'Resume every bot and clear the global kill switch?', refresh),
  );
document
  .getElementById('kill-all')
  .addEventListener('click', () =>
    control('/api/fleet/kill', 'Set the GLOBAL kill switch? No bot will place another order.', refresh),
  );
