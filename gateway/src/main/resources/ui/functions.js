// The list of functions in the chosen namespace, refreshed every 2 seconds.
import { api, functionUrl } from './api.js';
import { h, clear, time, errorBox } from './dom.js';

const REFRESH_MS = 2000;

export function mount(root, ctx) {
  const status = h('span', { class: 'muted live', id: 'list-updated' }, 'loading…');
  const body = h('div', { id: 'function-list' });
  // search (name, image or label) and sort, applied to the last list at once and to every refresh
  const search = h('input', { type: 'search', id: 'list-search', placeholder: 'search', 'aria-label': 'search functions' });
  const sort = h('select', { id: 'list-sort', 'aria-label': 'sort by' }, SORTS.map(([key, label]) =>
    h('option', { value: key }, label)));
  let last = null;
  const show = () => { if (last) render(body, pick(last, search.value, sort.value), ctx, search.value); };
  search.addEventListener('input', show);
  sort.addEventListener('change', show);
  clear(root,
    h('div', { class: 'title' }, h('h1', null, 'Functions'), status,
      h('a', { class: 'button', href: '#/deploy' }, 'Deploy a function')),
    h('div', { class: 'row' }, search, sort),
    body);
  let timer;
  let stopped = false;
  async function refresh() {
    try {
      const functions = await api.functions(ctx.ns);
      if (stopped) return;
      last = functions;
      show();
      status.textContent = `live · updated ${time(new Date())}`;
      status.classList.remove('stale');
    } catch (e) {
      if (stopped) return;
      status.textContent = `not updated: ${e.message}`;
      status.classList.add('stale');
      if (!body.firstChild) clear(body, errorBox(e));
    }
    if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
  }
  refresh();
  return () => { stopped = true; clearTimeout(timer); };
}

const SORTS = [['name', 'by name'], ['invocations', 'most called'], ['replicas', 'most replicas'],
  ['created', 'newest']];
const ORDER = {
  name: (a, b) => a.name.localeCompare(b.name),
  invocations: (a, b) => (b.invocationCount || 0) - (a.invocationCount || 0) || ORDER.name(a, b),
  replicas: (a, b) => (b.replicas || 0) - (a.replicas || 0) || ORDER.name(a, b),
  created: (a, b) => String(b.createdAt).localeCompare(String(a.createdAt)) || ORDER.name(a, b),
};

function pick(functions, query, order) {
  const q = query.trim().toLowerCase();
  const found = q ? functions.filter(f => [f.name, f.image, ...Object.entries(f.labels || {}).map(e => e.join('='))]
    .some(text => String(text).toLowerCase().includes(q))) : [...functions];
  return found.sort(ORDER[order] || ORDER.name);
}

// Updates the table in place (rows keyed by name), so that a focused link or a selection survives the refresh.
function render(body, functions, ctx, query) {
  if (!functions.length) {
    clear(body, query && query.trim() ? h('p', { class: 'empty' }, `No function in ${ctx.ns} matches "${query.trim()}".`)
      : h('p', { class: 'empty' }, `No functions in ${ctx.ns}. `, h('a', { href: '#/deploy' }, 'Deploy one'),
        ' or run faas-cli up.'));
    return;
  }
  let tbody = body.querySelector('tbody');
  if (!tbody) {
    tbody = h('tbody');
    clear(body, h('table', { class: 'list' },
      h('thead', null, h('tr', null, [['Name'], ['Image', 'image'], ['Replicas'], ['Invocations'], ['URL', 'url']]
        .map(([t, cls]) => h('th', { class: cls }, t)))),
      tbody));
  }
  const rows = new Map([...tbody.children].map(row => [row.dataset.function, row]));
  let previous = null;
  for (const f of functions) {
    const row = rows.get(f.name) || newRow(f, ctx);
    rows.delete(f.name);
    update(row, f, ctx);
    const expected = previous ? previous.nextSibling : tbody.firstChild;
    if (row !== expected) tbody.insertBefore(row, expected);
    previous = row;
  }
  rows.forEach(row => row.remove());
}

function newRow(f, ctx) {
  return h('tr', { 'data-function': f.name },
    h('td', null, h('a', { class: 'fn-link', href: ctx.link('function', f.name) }, f.name)),
    h('td', { class: 'mono image' }),
    h('td', { class: 'replicas' }),
    h('td', { class: 'num invocations' }),
    h('td', { class: 'mono url' }, h('a', { target: '_blank', rel: 'noopener' })));
}

function update(row, f, ctx) {
  const setText = (el, text) => { if (el.textContent !== text) el.textContent = text; };
  const available = f.availableReplicas || 0;
  const replicas = f.replicas || 0;
  setText(row.querySelector('.image'), f.image);
  const cell = row.querySelector('.replicas');
  const state = f.health && f.health.state !== 'ready' && f.health.state !== 'scaled-to-zero' ? ' · ' + f.health.state : '';
  setText(cell, `${available} / ${replicas}${state}`);
  cell.className = 'replicas ' + (state.includes('crash') ? 'bad' : available < replicas ? 'warn' : replicas === 0 ? 'muted' : 'ok');
  setText(row.querySelector('.invocations'), String(f.invocationCount || 0));
  const url = functionUrl(f.name, f.namespace, ctx.defaultNs);
  const link = row.querySelector('.url a');
  if (link.getAttribute('href') !== url) link.setAttribute('href', url);
  setText(link, url);
}
