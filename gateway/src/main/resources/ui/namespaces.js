// The namespaces the gateway knows (the default first), the functions and secrets in each, create and remove;
// refreshed every 3 seconds in place.
import { api } from './api.js';
import { h, clear, toast, confirmButton, errorBox, keyedRows } from './dom.js';

const REFRESH_MS = 3000;

export function mount(root, ctx) {
  const list = h('div', { id: 'namespace-list' });
  const name = h('input', { id: 'namespace-name', required: true, placeholder: 'staging', autocomplete: 'off',
    pattern: '[a-z0-9]([\\-a-z0-9]*[a-z0-9])?', maxlength: '63' });
  const result = h('div', { id: 'namespace-result' });
  const form = h('form', { class: 'secret' }, h('div', { class: 'row' },
    h('label', { class: 'grow' }, 'Name', name),
    h('button', { type: 'submit', class: 'primary', id: 'namespace-create' }, 'Create')), result);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clear(result);
    try {
      await api.createNamespace(name.value.trim());
      toast(`Created namespace ${name.value.trim()}`);
      name.value = '';
      await refresh();
    } catch (e) { clear(result, errorBox(e)); }
  });
  clear(root, h('h1', null, 'Namespaces'), h('p', { class: 'muted' },
    'Functions and secrets live in a namespace. One that holds either cannot be removed; the default cannot.'),
  list, h('h2', null, 'New namespace'), form);

  let timer;
  let stopped = false;
  async function refresh() {
    clearTimeout(timer);
    try {
      const names = await api.namespaces();
      const counts = await Promise.all(names.map(n => Promise.all([api.functions(n).catch(() => []),
        api.secrets(n).catch(() => [])])));
      if (stopped) return;
      let tbody = list.querySelector('tbody');
      if (!tbody) {
        tbody = h('tbody');
        clear(list, h('table', { class: 'list' }, h('thead', null, h('tr', null,
          ['Name', 'Functions', 'Secrets', ''].map(t => h('th', null, t)))), tbody));
      }
      keyedRows(tbody, names, n => row(n, n === names[0]), (tr, n) => {
        const [fns, secrets] = counts[names.indexOf(n)];
        tr.querySelector('.fns').textContent = String(fns.length);
        tr.querySelector('.secrets').textContent = String(secrets.length);
      });
    } catch (e) {
      if (!stopped && !e.unreachable) clear(list, errorBox(e));
    }
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
  }

  function row(ns, isDefault) {
    return h('tr', { 'data-namespace': ns },
      h('td', { class: 'mono' }, h('a', { href: ctx.link('functions', '', ns) }, ns), isDefault ? ' (default)' : ''),
      h('td', { class: 'num fns' }), h('td', { class: 'num secrets' }),
      h('td', { class: 'actions' }, isDefault ? null : confirmButton('Remove', 'Really remove?', async () => {
        try {
          await api.removeNamespace(ns);
          toast(`Removed namespace ${ns}`);
          await refresh();
        } catch (e) { toast(e.message, 'error'); }
      }, { class: 'danger namespace-remove' })));
  }

  refresh();
  return () => { stopped = true; clearTimeout(timer); };
}
