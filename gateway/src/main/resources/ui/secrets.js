// The secrets of the chosen namespace: names only (values never leave the gateway), the functions that use each,
// create, update, remove; refreshed every 3 seconds in place.
import { api } from './api.js';
import { h, clear, toast, confirmButton, errorBox, keyedRows } from './dom.js';

const REFRESH_MS = 3000;

export function mount(root, ctx) {
  const list = h('div', { id: 'secret-list' });
  const name = h('input', { id: 'secret-name', required: true, placeholder: 'api-key', autocomplete: 'off' });
  const value = h('textarea', { id: 'secret-value', rows: '2', required: true, placeholder: 'value' });
  const result = h('div', { id: 'secret-result' });
  const form = h('form', { class: 'secret needs-ns' },
    h('div', { class: 'row' }, h('label', null, 'Name', name), h('label', { class: 'grow' }, 'Value', value),
      h('button', { type: 'submit', class: 'primary', id: 'secret-create' }, 'Create')), result);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clear(result);
    try {
      await api.createSecret(name.value.trim(), ctx.ns, value.value);
      toast(`Created secret ${name.value.trim()}`);
      name.value = '';
      value.value = '';
      await refresh();
    } catch (e) { clear(result, errorBox(e)); }
  });
  clear(root, h('h1', null, 'Secrets'), h('p', { class: 'muted' },
    `Secrets of ${ctx.ns}. A function names the ones it reads when it is deployed; values are never shown.`),
  list, h('h2', { class: 'needs-ns' }, 'New secret'), form);

  let timer;
  let stopped = false;
  async function refresh() {
    clearTimeout(timer);
    try {
      const [secrets, functions] = await Promise.all([api.secrets(ctx.ns), api.functions(ctx.ns).catch(() => [])]);
      if (stopped) return;
      if (!secrets.length) {
        clear(list, h('p', { class: 'empty' }, `No secrets in ${ctx.ns}.`));
      } else {
        let tbody = list.querySelector('tbody');
        if (!tbody) {
          tbody = h('tbody');
          clear(list, h('table', { class: 'list' }, h('thead', null, h('tr', null, h('th', null, 'Name'),
            h('th', null, 'Used by'), h('th', null, ''))), tbody));
        }
        const names = secrets.map(s => s.name).sort((a, b) => a.localeCompare(b));
        keyedRows(tbody, names, row, (tr, secret) => {
          const users = functions.filter(f => (f.secrets || []).includes(secret)).map(f => f.name).sort();
          const cell = tr.querySelector('.used-by');
          if (cell.dataset.users !== users.join()) {
            cell.dataset.users = users.join();
            clear(cell, users.length ? users.map((u, i) => [i ? ', ' : '', h('a', { href: ctx.link('function', u) }, u)])
              : h('span', { class: 'muted' }, 'no function'));
          }
        });
      }
    } catch (e) {
      if (!stopped && !e.unreachable) clear(list, errorBox(e));
    }
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
  }

  function row(secret) {
    const input = h('input', { type: 'password', placeholder: 'new value', 'aria-label': `new value of ${secret}`,
      class: 'secret-update-value' });
    const update = h('button', { type: 'button', class: 'secret-update' }, 'Update');
    update.addEventListener('click', async () => {
      if (!input.value) { input.focus(); return; }
      try {
        await api.updateSecret(secret, ctx.ns, input.value);
        input.value = '';
        toast(`Updated secret ${secret}`);
      } catch (e) { toast(e.message, 'error'); }
    });
    return h('tr', { 'data-secret': secret }, h('td', { class: 'mono' }, secret), h('td', { class: 'used-by' }),
      h('td', { class: 'actions' }, input, update, confirmButton('Remove', 'Really remove?', async () => {
        try {
          await api.removeSecret(secret, ctx.ns);
          toast(`Removed secret ${secret}`);
          await refresh();
        } catch (e) { toast(e.message, 'error'); }
      }, { class: 'danger secret-remove' })));
  }

  refresh();
  return () => { stopped = true; clearTimeout(timer); };
}
