// What both pages share: the API with the token, polling, the confirmation dialog, formatting.
// Data from the database (bot names, messages) is only ever set as text, never as HTML.

const TOKEN_KEY = 'fleet-dashboard-token';
/** How often the pages ask for fresh numbers: the API reads the database on every request. */
export const POLL_MS = 2000;

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
};

/**
 * GET or POST a JSON API path with a token (default: the one this tab keeps, if any); throws with
 * the server's error and status.
 */
export async function api(path, init = {}, bearer = token.get()) {
  const headers = { 'content-type': 'application/json', ...(init.headers ?? {}) };
  if (bearer !== '') headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(path, { ...init, headers });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error ?? `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const money = (value) => (value === null || value === undefined ? '-' : Number(value).toFixed(2));
export const signed = (value) =>
  value === null || value === undefined ? '-' : `${value > 0 ? '+' : ''}${Number(value).toFixed(2)}`;
export const tone = (value) => (value > 0 ? 'up' : value < 0 ? 'down' : '');
export const quantity = (value) => (value === 0 ? '0' : String(Number(Number(value).toPrecision(6))));
export const time = (iso) => (iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 19) : '-');

/** 42s, 5m, 3h, 2d ago; '-' when never. */
export function age(ms) {
  if (ms === null || ms === undefined) return '-';
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s}s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)}m ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

/** The flags of a fleet row as words: KILLED, HALTED: why, paused, stale. */
export function flagWords(row) {
  const words = [];
  if (row.flags.globalKillSwitch) words.push('KILLED (global)');
  if (row.flags.killSwitch) words.push('KILLED');
  if (row.flags.halted) words.push(`HALTED${row.haltedReason ? `: ${row.haltedReason}` : ''}`);
  if (row.flags.paused) words.push('paused');
  return words;
}

/** Which day "today" is for a bot, on which clock. */
export const dayNote = (row) =>
  row.day === null
    ? 'no bar traded yet'
    : `${row.day} UTC, ${row.clock === 'sandbox' ? 'sandbox clock' : 'wall clock'}`;

/**
 * The parts both pages share, built here once: the token field in the header and the confirmation
 * dialog (a form of method "dialog": its buttons close it with their value).
 */
function chrome() {
  document.querySelector('header').append(
    el(
      'form',
      { id: 'token-form', class: 'token-form' },
      el('input', {
        id: 'token-input',
        type: 'password',
        placeholder: 'dashboard token',
        autocomplete: 'off',
        'aria-label': 'dashboard token',
      }),
      el('button', { type: 'submit' }, 'use token'),
    ),
  );
  document.body.append(
    el(
      'dialog',
      { id: 'confirm' },
      el(
        'form',
        { method: 'dialog' },
        el('p', { id: 'confirm-question' }),
        el('label', {}, 'token ', el('input', { id: 'confirm-token', type: 'password', autocomplete: 'off' })),
        el(
          'menu',
          {},
          el('button', { type: 'submit', value: 'cancel', formnovalidate: true }, 'cancel'),
          el('button', { type: 'submit', value: 'confirm', id: 'confirm-ok' }, 'confirm'),
        ),
      ),
    ),
  );
}

function say(text, kind = 'info') {
  const notice = document.getElementById('notice');
  notice.textContent = text;
  notice.className = `notice ${kind}`;
  notice.hidden = text === '';
}

/**
 * Calls `load` now and every POLL_MS while the page is visible, showing when it last succeeded.
 * A 401 asks for the token (a dashboard started with FLEET_DASHBOARD_TOKEN needs it to read).
 */
export function poll(load) {
  chrome();
  const status = document.getElementById('updated');
  let timer;
  let busy = false;
  // One loop at a time: a run asked for while one is under way is left to the next tick.
  const run = async () => {
    if (busy) return;
    busy = true;
    clearTimeout(timer);
    try {
      await load();
      status.textContent = `updated ${new Date().toLocaleTimeString()}`;
      status.className = 'updated';
      if (document.getElementById('notice').classList.contains('auth')) say('');
    } catch (error) {
      status.textContent = `not updated: ${error.message}`;
      status.className = 'updated failing';
      if (error.status === 401) say('this dashboard needs its token to show the fleet: enter it above', 'auth');
    }
    busy = false;
    clearTimeout(timer);
    if (!document.hidden) timer = setTimeout(run, POLL_MS);
  };
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) run();
  });
  document.getElementById('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = document.getElementById('token-input');
    token.set(input.value);
    input.value = '';
    run();
  });
  run();
  return run;
}

/**
 * Asks to confirm an action in the page's dialog, with the token (prefilled from this tab's
 * session); resolves to the token entered, or null when cancelled.
 */
function confirmAction(question) {
  const dialog = document.getElementById('confirm');
  const input = document.getElementById('confirm-token');
  document.getElementById('confirm-question').textContent = question;
  input.value = token.get();
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm' ? input.value : null), {
      once: true,
    });
  });
}

/** Pause, resume or kill after a confirmation, then refreshes the page's numbers. */
export async function control(path, question, refresh) {
  const entered = await confirmAction(question);
  if (entered === null) return;
  try {
    const init = { method: 'POST', body: JSON.stringify({ reason: 'from the dashboard' }) };
    const result = await api(path, init, entered);
    // Kept only once it worked: a mistyped token does not replace a good one.
    token.set(entered);
    const done = { pause: 'paused', resume: 'resumed', kill: 'kill switch set' }[result.action];
    const what =
      result.global && result.bots.length === 0 ? 'global kill switch set' : `${result.bots.join(', ')}: ${done}`;
    const held = result.globalKillSwitch ? ' (the global kill switch is still on: resume all lifts it)' : '';
    say(`${what}${held}`, 'ok');
  } catch (error) {
    say(`refused: ${error.message}`, 'error');
  }
  await refresh();
}
