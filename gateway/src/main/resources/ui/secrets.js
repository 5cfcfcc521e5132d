// The secrets of the chosen namespace: names only (values never leave the gateway), create, update, remove.
import { api } from './api.js';
import { h, clear, toast, confirmButton, errorBox } from './dom.js';

export function mount(root, ctx) {
  const list = h('div', { id: 'secret-list' });
  const name = h('input', { id: 'secret-name', required: true, placeholder: 'api-key', autocomplete: 'off' });
  const value = h('textarea', { id: 'secret-value', rows: '2', required: true, placeholder: 'value' });
  const result = h('div', { id: 'secret-result' });
  const form = h('form', { class: 'secret' },
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
  list, h('h2', null, 'New secret'), form);

  async function refresh() {
    try {
      const secrets = await api.secrets(ctx.ns);
      if (!secrets.length) { clear(list, h('p', { class: 'empty' }, `No secrets in ${ctx.ns}.`)); return; }
      secrets.sort((a, b) => a.name.localeCompare(b.name));
      clear(list, h('table', { class: 'list' },
        h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, ''))),
        h('tbody', null, secrets.map(s => row(s.name)))));
    } catch (e) { clear(list, errorBox(e)); }
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
    return h('tr', { 'data-secret': secret }, h('td', { class: 'mono' }, secret),
      h('td', { class: 'actions' }, input, update, confirmButton('Remove', 'Really remove?', async () => {
        try {
          await api.removeSecret(secret, ctx.ns);
          toast(`Removed secret ${secret}`);
          await refresh();
        } catch (e) { toast(e.message, 'error'); }
      }, { class: 'danger secret-remove' })));
  }

  refresh();
  return () => {};
}
