// One function: what it is, how it is doing (charts: the gateway's last minutes, then polling), scale, remove,
// invoke, and its log.
import { api, functionUrl, asyncFunctionUrl, invoke, followLogs } from './api.js';
import { h, clear, append, pairsTable, time, toast, confirmButton, errorBox, keyedRows } from './dom.js';
import { lineChart } from './chart.js';
import { scalingControls } from './scaling.js';

const POLL_MS = 2000;
const WINDOW_MS = 5 * 60 * 1000;
const MAX_LOG_LINES = 2000;

// Samples per function, kept while the page is open so that coming back to a function continues its charts.
const history = new Map();

export function mount(root, ctx, name) {
  const key = ctx.ns + '/' + name;
  if (!history.has(key)) history.set(key, []);
  const samples = history.get(key);
  let stopped = false;
  let timer;
  let logs = null;

  const header = h('div', { class: 'title' }, h('h1', { id: 'function-name' }, name),
    h('span', { class: 'badge' }, ctx.ns));
  const summary = h('div', { class: 'cards', id: 'summary' });
  const charts = h('div', { class: 'charts', id: 'charts' });
  const details = h('div', { class: 'details', id: 'details' });
  const recentBody = h('tbody');
  const codes = h('div', { class: 'codes', id: 'status-codes' });
  const recent = h('section', { class: 'panel', id: 'recent' }, h('h2', null, 'Recent calls'), codes,
    h('div', { class: 'scroll' }, h('table', { class: 'list', id: 'recent-calls' }, h('thead', null, h('tr', null,
      ['Time', 'Status', 'Duration', 'Call id'].map(t => h('th', null, t)))), recentBody)));
  const scaling = scalingControls(name, ctx, () => poll(false));
  const actions = h('div', { class: 'actions' },
    h('a', { class: 'button', id: 'edit', href: ctx.link('deploy', name) }, 'Edit'),
    confirmButton('Remove', `Remove ${name}? Click again`, async () => {
      try {
        await api.remove(name, ctx.ns);
        history.delete(key);
        toast(`Removed ${name}`);
        location.hash = ctx.link('functions');
      } catch (e) { toast(e.message, 'error'); }
    }, { id: 'remove' }));

  // an unknown function: the page says so, shows no controls, and keeps checking (it may be deployed meanwhile)
  const missing = h('p', { class: 'error', id: 'missing', role: 'alert', hidden: true },
    `${name} is not deployed in ${ctx.ns}. This page keeps checking.`);
  // on a wide screen the charts come before Invoke, on a phone after it (style.css orders them)
  const body = h('div', { class: 'fn-body', id: 'function-body' }, scaling.element, summary, charts,
    invokePanel(name, ctx), recent, details, logsPanel());
  clear(root, h('p', { class: 'crumbs' }, h('a', { href: ctx.link('functions') }, '← Functions')),
    append(header, actions), missing, body);
  let shownDetails = '';

  async function poll(again) {
    try {
      const [status, calls] = await Promise.all([api.function(name, ctx.ns), api.calls(name, ctx.ns)]);
      if (stopped) return;
      const now = Date.now();
      // a page opened afresh starts from the gateway's own samples of the last minutes
      if (!samples.length && calls.history) samples.push(...calls.history.filter(s => s.t < now));
      samples.push({ t: now, invocations: calls.invocations, errors: calls.errors,
        replicas: status.replicas || 0, available: status.availableReplicas || 0 });
      while (samples.length && samples[0].t < now - WINDOW_MS) samples.shift();
      missing.hidden = true;
      body.hidden = false;
      actions.hidden = false;
      scaling.update(status);
      renderSummary(status, calls);
      renderCharts(now, calls.recent || []);
      renderRecent(calls.recent || []);
      // the details are drawn again when what they show changed (a redeploy from the CLI, say)
      const shown = JSON.stringify([status.image, status.labels, status.annotations, Object.keys(status.envVars || {}),
        status.envProcess, status.secrets, status.limits, status.requests, status.warnings]);
      if (shown !== shownDetails) { shownDetails = shown; renderDetails(status); }
      // the next scheduled run moves on: asked for on every poll of a function with triggers
      if (status.annotations && status.annotations.topic) renderTriggers(await api.triggers(name, ctx.ns));
    } catch (e) {
      if (stopped) return;
      if (e.status === 404) {
        missing.hidden = false;
        body.hidden = true;
        actions.hidden = true;
        shownDetails = '';
      } else if (!e.unreachable) toast(e.message, 'error');
    }
    if (again && !stopped) timer = setTimeout(() => poll(true), POLL_MS);
  }

  function renderSummary(status, calls) {
    const available = status.availableReplicas || 0;
    const replicas = status.replicas || 0;
    const health = status.health;
    const trouble = health && health.state === 'crash-looping';
    clear(summary,
      trouble ? h('p', { class: 'error', id: 'health', role: 'alert' }, healthText(status)) : null,
      card('Replicas', `${available} / ${replicas}`, health ? `available / desired · ${health.state}`
        + (health.restarts ? ` · ${health.restarts} restarts` : '') : 'available / desired', 'replicas'),
      card('Invocations', String(calls.invocations), 'since the gateway started', 'invocations'),
      card('Errors', String(calls.errors), 'answers of 400 or more', 'errors'),
      card('Image', status.image, status.createdAt ? 'deployed ' + new Date(status.createdAt).toLocaleString() : '', 'image'));
  }

  // how many calls (or errors) the chart's samples span
  function countOver(field) {
    return samples.length < 2 ? 0 : Math.max(0, samples[samples.length - 1][field] - samples[0][field]);
  }

  // the last calls (newest first): a table of the last 20, and how many of the last 100 got each status
  function renderRecent(list) {
    keyedRows(recentBody, list.slice(0, 20).map(c => `${c.t} ${c.callId}`), key => {
      const c = list.find(x => `${x.t} ${x.callId}` === key);
      return h('tr', null, h('td', null, time(new Date(c.t))),
        h('td', { class: c.status >= 400 ? 'bad' : 'ok' }, String(c.status)),
        h('td', { class: 'num' }, `${c.ms.toFixed(1)} ms`), h('td', { class: 'mono' }, c.callId || ''));
    });
    const byCode = {};
    list.forEach(c => { byCode[c.status] = (byCode[c.status] || 0) + 1; });
    clear(codes, Object.keys(byCode).length ? Object.entries(byCode).map(([code, n]) =>
      h('span', { class: 'code ' + (code >= 400 ? 'bad' : 'ok'), title: `${n} of the last ${list.length} calls` },
        h('b', null, code), ` ${n}`, bar(Math.max(2, Math.round(60 * n / list.length)))))
      : h('p', { class: 'muted' }, 'no calls since the gateway started'));
  }

  function renderCharts(now, recentCalls) {
    const calls = [];
    const errors = [];
    for (let i = 1; i < samples.length; i++) {
      const a = samples[i - 1];
      const b = samples[i];
      // per second: the gateway's samples are further apart than this page's polls
      const seconds = Math.max(0.001, (b.t - a.t) / 1000);
      calls.push([b.t, Math.max(0, b.invocations - a.invocations) / seconds]);
      errors.push([b.t, Math.max(0, b.errors - a.errors) / seconds]);
    }
    // each chart is drawn as wide as its column (one on a phone, two on a wide screen), less the figure's padding
    const columns = getComputedStyle(charts).gridTemplateColumns.split(' ').length || 1;
    const width = (charts.clientWidth - 12 * (columns - 1)) / columns - 26;
    clear(charts,
      lineChart('Calls per second', [
        { label: 'invocations', cls: 'calls', points: calls, legend: countOver('invocations') },
        { label: 'errors', cls: 'errors', points: errors, legend: countOver('errors') }], WINDOW_MS, now, width),
      lineChart('Replicas', [
        { label: 'desired', cls: 'desired', points: samples.map(s => [s.t, s.replicas]), step: true },
        { label: 'available', cls: 'available', points: samples.map(s => [s.t, s.available]), step: true }],
      WINDOW_MS, now, width),
      latencyChart(recentCalls.filter(c => c.t > now - WINDOW_MS).reverse(), now, width));
  }

  // each of the last calls' duration, ok and failed apart; the legend has the median and the 95th percentile
  function latencyChart(list, now, width) {
    const sorted = list.map(c => c.ms).sort((a, b) => a - b);
    const pct = p => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);
    return lineChart('Latency, ms (last 100 calls)', [
      { label: 'ok calls', cls: 'calls dots', points: list.filter(c => c.status < 400).map(c => [c.t, c.ms]),
        legend: list.filter(c => c.status < 400).length },
      { label: 'failed', cls: 'errors dots', points: list.filter(c => c.status >= 400).map(c => [c.t, c.ms]),
        legend: list.filter(c => c.status >= 400).length },
      { label: 'median', cls: 'desired', points: [], legend: pct(0.5) },
      { label: 'p95', cls: 'available', points: [], legend: pct(0.95) }], WINDOW_MS, now, width);
  }

  // what invokes the function besides HTTP: its schedule (with the next run) and topics, read as the connector reads them
  function renderTriggers(t) {
    const box = details.querySelector('#triggers');
    if (!box) return;
    const rows = [];
    if (t.schedule) rows.push(['schedule', `${t.schedule} · next run ${t.nextRun ? new Date(t.nextRun).toLocaleString([], { hour12: false }) : 'never'}`]);
    if (t.topics.length) rows.push(['topics', t.topics.join(', ')]);
    if (t.schedule || t.topics.length) {
      rows.push(['invocation', t.invocation || "the connector's setting"]);
    }
    if (t.catchUp) rows.push(['catch-up', 'a missed tick runs once']);
    clear(box, rows.length ? h('table', { class: 'kv' }, h('tbody', null, rows.map(([k, v]) =>
      h('tr', null, h('th', null, k), h('td', { class: 'mono', id: 'trigger-' + k }, v))))) : null,
    t.problem ? h('p', { class: 'error', id: 'trigger-problem' }, t.problem) : null);
  }

  function renderDetails(status) {
    const resources = r => (r && (r.memory || r.cpu) ? [r.memory && `memory ${r.memory}`, r.cpu && `cpu ${r.cpu}`]
      .filter(Boolean).join(', ') : 'none');
    const envNames = Object.keys(status.envVars || {}).sort();
    clear(details,
      section('URLs', h('table', { class: 'kv' }, h('tbody', null,
        h('tr', null, h('th', null, 'sync'), h('td', { class: 'mono', id: 'sync-url' },
          functionUrl(name, ctx.ns, ctx.defaultNs))),
        h('tr', null, h('th', null, 'async'), h('td', { class: 'mono', id: 'async-url' },
          asyncFunctionUrl(name, ctx.ns, ctx.defaultNs)))))),
      gitSection(status.labels),
      status.annotations && status.annotations.topic
        ? section('Triggers', h('div', { id: 'triggers' }, h('p', { class: 'muted' }, 'reading…'))) : null,
      section('Labels', pairsTable(status.labels)),
      section('Annotations', pairsTable(status.annotations)),
      section('Environment', envNames.length
        ? h('ul', { class: 'names', id: 'env-names' }, envNames.map(n => h('li', { class: 'mono' }, n)))
        : h('p', { class: 'muted' }, 'none'),
      status.envProcess ? h('p', null, 'fprocess: ', h('code', null, status.envProcess)) : null),
      section('Secrets', (status.secrets || []).length
        ? h('ul', { class: 'names' }, status.secrets.map(s => h('li', { class: 'mono' }, s)))
        : h('p', { class: 'muted' }, 'none')),
      section('Resources', h('table', { class: 'kv' }, h('tbody', null,
        h('tr', null, h('th', null, 'limits'), h('td', { id: 'limits' }, resources(status.limits))),
        h('tr', null, h('th', null, 'requests'), h('td', null, resources(status.requests))))),
        (status.warnings || []).map(w => h('p', { class: 'warn', id: 'resource-warning' }, w))));
  }

  function logsPanel() {
    const output = h('pre', { class: 'logs', id: 'logs', 'aria-live': 'off' });
    const state = h('span', { class: 'muted', id: 'logs-state' }, 'not following');
    const button = h('button', { type: 'button', id: 'follow-logs' }, 'Follow logs');
    // a followed log is followed again when the page comes back (after a new login, say)
    const FOLLOW = 'jfaas-follow';
    button.addEventListener('click', () => {
      if (logs) { logs.abort(); logs = null; sessionStorage.removeItem(FOLLOW); return; }
      logs = new AbortController();
      sessionStorage.setItem(FOLLOW, key);
      const mine = logs;
      button.textContent = 'Stop';
      state.textContent = 'following…';
      clear(output);
      followLogs(name, ctx.ns, message => {
        const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
        output.append(h('span', { class: 'line' }, h('span', { class: 'ts' }, message.timestamp), ' ',
          h('span', { class: 'inst' }, message.instance), ' ', message.text.replace(/\r?\n$/, ''), '\n'));
        while (output.childNodes.length > MAX_LOG_LINES) output.firstChild.remove();
        if (atBottom) output.scrollTop = output.scrollHeight;
      }, mine.signal, text => { state.textContent = text; }).catch(e => {
        if (e.name !== 'AbortError') toast('logs: ' + e.message, 'error');
      }).finally(() => {
        if (logs === mine) logs = null;
        button.textContent = 'Follow logs';
        state.textContent = 'not following';
      });
    });
    if (sessionStorage.getItem(FOLLOW) === key) setTimeout(() => button.click());
    // search: lines without the text are hidden (new ones too); download: the lines shown, as text
    const filter = h('input', { type: 'search', id: 'logs-filter', placeholder: 'search the log',
      'aria-label': 'search the log' });
    const applyFilter = line => {
      const q = filter.value.trim().toLowerCase();
      line.hidden = Boolean(q) && !line.textContent.toLowerCase().includes(q);
    };
    filter.addEventListener('input', () => output.querySelectorAll('.line').forEach(applyFilter));
    new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => {
      if (n.classList && n.classList.contains('line')) applyFilter(n);
    }))).observe(output, { childList: true });
    const download = h('button', { type: 'button', id: 'logs-download', onclick: () => {
      const text = [...output.querySelectorAll('.line')].filter(l => !l.hidden).map(l => l.textContent).join('');
      const a = h('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/plain' })),
        download: `${name}.log` });
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } }, 'Download');
    return h('section', { class: 'panel' }, h('div', { class: 'title' }, h('h2', null, 'Logs'), state, filter,
      download, button), output);
  }

  poll(true);
  return () => { stopped = true; clearTimeout(timer); if (logs) logs.abort(); };
}

// a bar this many pixels wide (set through the CSSOM: the page's CSP refuses style attributes)
function bar(px) {
  const i = h('i');
  i.style.width = `${px}px`;
  return i;
}

// what a function's replicas are doing, in one line: state, restarts, last error
export function healthText(status) {
  const health = status.health;
  if (!health) return `${status.availableReplicas || 0} of ${status.replicas || 0} replicas ready`;
  let text = `${health.state}: ${status.availableReplicas || 0} of ${status.replicas || 0} replicas ready`;
  if (health.restarts) text += `, ${health.restarts} restarts`;
  if (health.lastError) text += `; last error${health.lastErrorAt ? ' at ' + time(new Date(health.lastErrorAt)) : ''}: ${health.lastError}`;
  return text;
}

function card(title, value, note, id) {
  return h('div', { class: 'card', id: 'card-' + id }, h('div', { class: 'muted' }, title),
    h('div', { class: 'value' }, value), h('div', { class: 'muted small' }, note));
}

// where the code came from, as faas-cli's --tag=sha/branch and CI systems label it (com.openfaas.git-*)
const GIT = 'com.openfaas.git-';
function gitSection(labels) {
  const git = Object.entries(labels || {}).filter(([k]) => k.startsWith(GIT));
  if (!git.length) return null;
  return section('Source', h('table', { class: 'kv', id: 'git' }, h('tbody', null, git.sort().map(([k, v]) =>
    h('tr', null, h('th', null, k.slice(GIT.length)), h('td', { class: 'mono' }, /^https?:\/\//.test(v)
      ? h('a', { href: v, target: '_blank', rel: 'noopener noreferrer' }, v) : v))))));
}

function section(title, ...content) {
  return h('section', { class: 'detail' }, h('h3', null, title), content);
}

const METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];

function invokePanel(name, ctx) {
  const method = h('select', { id: 'invoke-method', 'aria-label': 'method' }, METHODS.map(m => h('option', null, m)));
  const path = h('input', { id: 'invoke-path', placeholder: '/path', 'aria-label': 'path' });
  const query = h('input', { id: 'invoke-query', placeholder: 'query, e.g. name=world', 'aria-label': 'query' });
  const headers = h('textarea', { id: 'invoke-headers', rows: '3', placeholder: 'Content-Type: text/plain',
    'aria-label': 'headers' });
  const body = h('textarea', { id: 'invoke-body', rows: '4', placeholder: 'request body', 'aria-label': 'body' });
  const result = h('div', { id: 'invoke-result' });
  const send = h('button', { type: 'submit', id: 'invoke-send', class: 'primary' }, 'Invoke');
  const async = h('input', { type: 'checkbox', id: 'invoke-async' });
  const form = h('form', { class: 'invoke' },
    h('div', { class: 'row' }, method, h('span', { class: 'mono muted' }, functionUrlPath(name, ctx)), path, query),
    h('label', null, 'Headers, one "Name: value" a line', headers),
    h('label', null, 'Body', body),
    h('div', { class: 'row' }, send, h('label', { class: 'check' }, async,
      'async (queued; an X-Callback-Url header gets the answer)')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    send.disabled = true;
    const calling = new AbortController();
    const cancel = h('button', { type: 'button', id: 'invoke-cancel', onclick: () => calling.abort() }, 'Cancel');
    clear(result, h('p', { class: 'muted' }, 'calling… ', cancel));
    // a call waits for a ready replica: meanwhile the page says what the replicas are doing
    const watch = setInterval(async () => {
      const status = async.checked ? null : await api.function(name, ctx.ns).catch(() => null);
      if (calling.signal.aborted || !status || status.availableReplicas > 0) return;
      clear(result, h('p', { class: 'warn', id: 'invoke-waiting' }, 'calling… waiting for a ready replica: ',
        healthText(status), ' ', cancel));
    }, 1000);
    try {
      const answer = await invoke(name, ctx.ns, ctx.defaultNs, { method: method.value, path: path.value.trim(),
        query: query.value.trim(), headers: parseHeaders(headers.value), body: body.value, async: async.checked },
      calling.signal);
      answer.async = async.checked;
      clear(result, showAnswer(answer, name));
    } catch (e) {
      clear(result, errorBox(e.name === 'AbortError' ? new Error('cancelled') : e));
    } finally {
      clearInterval(watch);
      calling.abort();
      send.disabled = false;
    }
  });
  return h('section', { class: 'panel invoke-panel' }, h('h2', { id: 'invoke-heading' }, 'Invoke'), form, result,
    deadLetters(name, ctx));
}

// The function's dead letters (async calls whose last attempt failed), each with Redrive; asked for every 5 s while
// shown. Without a queue (no async calls) the section stays hidden.
function deadLetters(name, ctx) {
  const body = h('tbody');
  const section = h('div', { id: 'dead-letters', hidden: true }, h('h3', null, 'Dead letters'),
    h('div', { class: 'scroll' }, h('table', { class: 'list' }, h('thead', null, h('tr', null,
      ['Time', 'Status', 'Attempts', 'Call id', ''].map(t => h('th', null, t)))), body)));
  const mine = l => l.function === name || l.function === `${name}.${ctx.ns}`;
  async function refresh() {
    if (!section.isConnected && section.dataset.started) return;
    section.dataset.started = '1';
    try {
      const letters = (await api.deadLetters()).filter(mine).reverse();
      section.hidden = !letters.length;
      keyedRows(body, letters.map(l => l.callId), callId => {
        const l = letters.find(x => x.callId === callId);
        const button = h('button', { type: 'button', class: 'redrive', onclick: async () => {
          button.disabled = true;
          try {
            await api.redrive(callId);
            toast(`Queued ${callId} again`);
            refresh();
          } catch (e) { toast(e.message, 'error'); button.disabled = false; }
        } }, 'Redrive');
        return h('tr', { 'data-call': callId }, h('td', null, time(new Date(l.time))),
          h('td', { class: 'bad' }, String(l.status)), h('td', { class: 'num' }, String(l.attempts)),
          h('td', { class: 'mono' }, callId, l.truncated ? h('small', { class: 'muted' }, ` (${l.truncated})`) : ''),
          h('td', null, button));
      });
    } catch (e) {
      if (e.status === 404) return; // no queue: no async calls, no dead letters
    }
    setTimeout(refresh, 5000);
  }
  setTimeout(refresh);
  return section;
}

function functionUrlPath(name, ctx) {
  return new URL(functionUrl(name, ctx.ns, ctx.defaultNs)).pathname;
}

function parseHeaders(text) {
  const headers = new Headers();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`header line ${i + 1}: "${line}" is not "Name: value"`);
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  });
  return headers;
}

function showAnswer(answer, name) {
  const callId = (answer.headers.find(([k]) => k === 'x-call-id') || [])[1];
  if (answer.status === 202 && answer.async) {
    return h('div', { class: 'answer' }, h('div', { class: 'row' },
      h('span', { class: 'status ok', id: 'invoke-status' }, '202 Accepted'),
      h('span', { id: 'invoke-queued' }, `queued as ${callId}: its answer goes to the X-Callback-Url, if any; `
        + 'a failed last attempt becomes a dead letter below')));
  }
  const type = (answer.headers.find(([k]) => k === 'content-type') || [])[1] || '';
  const kind = answer.status < 300 ? 'ok' : answer.status < 400 ? 'muted' : 'bad';
  const view = bodyView(answer.bytes, type, name);
  return h('div', { class: 'answer' },
    h('div', { class: 'row' },
      h('span', { class: 'status ' + kind, id: 'invoke-status' }, `${answer.status} ${answer.statusText}`),
      h('span', { id: 'invoke-duration' }, `${answer.millis.toFixed(1)} ms`),
      h('span', { class: 'muted', id: 'invoke-size' }, `${answer.bytes.length} bytes`),
      h('span', { class: 'muted' }, view.label)),
    h('details', null, h('summary', null, `Response headers (${answer.headers.length})`),
      pairsTable(Object.fromEntries(answer.headers), 'headers')),
    view.element);
}

// The body as pretty JSON, as text, or (bytes that are not text) a download link.
function bodyView(bytes, type, name) {
  const mime = type.split(';')[0].trim().toLowerCase();
  let text = null;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { text = null; }
  if (text !== null && (mime === 'application/json' || mime.endsWith('+json'))) {
    try {
      return { label: 'JSON', element: h('pre', { class: 'body json', id: 'invoke-body-view' },
        JSON.stringify(JSON.parse(text), null, 2)) };
    } catch { /* not valid JSON after all: shown as text */ }
  }
  const textual = mime.startsWith('text/') || /json|xml|javascript|x-www-form-urlencoded|yaml/.test(mime) ||
    /charset=/i.test(type) || (!mime && text !== null && !/[\u0000-\u0008\u000e-\u001f]/.test(text));
  if (text !== null && textual) {
    return { label: mime || 'text', element: bytes.length
      ? h('pre', { class: 'body', id: 'invoke-body-view' }, text)
      : h('p', { class: 'muted', id: 'invoke-body-view' }, 'empty body') };
  }
  const url = URL.createObjectURL(new Blob([bytes], { type: mime || 'application/octet-stream' }));
  // bytes that are valid UTF-8 may be shown as text all the same (many functions answer text as octet-stream)
  const asText = text !== null && bytes.length ? h('pre', { class: 'body', id: 'invoke-text-view', hidden: true }, text)
    : null;
  const toggle = asText ? h('button', { type: 'button', id: 'invoke-show-text', 'aria-expanded': 'false',
    onclick: () => {
      asText.hidden = !asText.hidden;
      toggle.textContent = asText.hidden ? 'Show as text' : 'Hide text';
      toggle.setAttribute('aria-expanded', String(!asText.hidden));
    } }, 'Show as text') : null;
  return { label: mime || 'binary', element: h('div', null, h('p', { id: 'invoke-body-view' }, 'Binary body: ',
    h('a', { href: url, download: `${name}-response.bin`, id: 'invoke-download' }, `download ${bytes.length} bytes`),
    ' ', toggle), asText) };
}
