// Small helpers to build the page: elements from a tag, attributes and children; text is always text, never HTML.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  return append(el, ...children);
}

export function append(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, ...children);
}

// "KEY=VALUE" lines (blank lines and #comments skipped) into an object; a line without "=" is an error naming it.
export function parsePairs(text, what) {
  const out = {};
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`${what}, line ${i + 1}: "${line}" is not KEY=VALUE`);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return out;
}

// A table of name/value rows, or a muted "none".
export function pairsTable(obj, cls) {
  const entries = Object.entries(obj || {});
  if (!entries.length) return h('p', { class: 'muted' }, 'none');
  return h('table', { class: 'kv ' + (cls || '') },
    h('tbody', null, entries.sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => h('tr', null, h('th', null, k), h('td', null, v)))));
}

// Keeps a table's rows in step with keys, in order, updating rows in place (a focused field or a typed value in a
// row survives): make(key) builds a row the first time, update(row, key) runs on every row each time.
export function keyedRows(tbody, keys, make, update = () => {}) {
  const rows = new Map([...tbody.children].map(row => [row.dataset.key, row]));
  let previous = null;
  for (const key of keys) {
    const row = rows.get(key) || make(key);
    row.dataset.key = key;
    rows.delete(key);
    update(row, key);
    const expected = previous ? previous.nextSibling : tbody.firstChild;
    if (row !== expected) tbody.insertBefore(row, expected);
    previous = row;
  }
  rows.forEach(row => row.remove());
}

export function time(date) {
  return date.toLocaleTimeString([], { hour12: false });
}

let toastTimer;
export function toast(message, kind) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = kind || 'ok';
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
}

// A button that asks "are you sure?" by changing its label; a second click within 5 s confirms.
export function confirmButton(label, confirmLabel, action, attrs) {
  let armed = false;
  let timer;
  const button = h('button', Object.assign({ type: 'button', class: 'danger' }, attrs), label);
  const disarm = () => { armed = false; clearTimeout(timer); button.textContent = label; button.classList.remove('armed'); };
  button.addEventListener('keydown', event => { if (event.key === 'Escape' && armed) disarm(); });
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = confirmLabel;
      button.classList.add('armed');
      timer = setTimeout(disarm, 5000);
      return;
    }
    clearTimeout(timer);
    button.disabled = true;
    try { await action(); } finally { button.disabled = false; armed = false; button.textContent = label; button.classList.remove('armed'); }
  });
  return button;
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message || String(error));
}
