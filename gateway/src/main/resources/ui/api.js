// The gateway's API as the UI uses it: OpenFaaS's /system routes, the /function proxy, /ui/api/calls, /ui/api/triggers and /ui/api/images. Calls go
// to this page's origin with the session cookie of the login page and the X-Requested-With header the gateway asks
// of the UI's calls; a 401 (the session ended) goes back to the login page.

const origin = location.origin;

export class ApiError extends Error {
  constructor(status, text) {
    super(`${status}: ${text}`);
    this.status = status;
  }
}

const UI_HEADERS = { 'X-Requested-With': 'jfaas-ui' };

// A 401: the session ended (a logout, its age, a gateway restart); the login page brings the user back here.
function loggedOut(response) {
  if (response.status !== 401) return;
  sessionStorage.setItem('jfaas-return', location.hash);
  location.replace(origin + '/ui/login');
}

// Whether the gateway answered the last call: a banner says so while it does not, and views keep retrying.
const listeners = new Set();
let reachable = true;
export function onReachability(listener) { listeners.add(listener); }
function reached(yes) {
  if (yes === reachable) return;
  reachable = yes;
  listeners.forEach(l => l(yes));
}

export class Unreachable extends Error {
  constructor() {
    super('gateway unreachable');
    this.unreachable = true;
  }
}

// fetch, with a network failure (no answer at all) turned into Unreachable; an abort stays an abort
async function send(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    reached(false);
    throw new Unreachable();
  }
  reached(true);
  return response;
}

export async function logout() {
  await fetch(origin + '/ui/logout', { method: 'POST', headers: UI_HEADERS, credentials: 'same-origin' });
  location.replace(origin + '/ui/login');
}

async function call(method, path, body) {
  const init = { method, headers: { ...UI_HEADERS }, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await send(origin + path, init);
  loggedOut(response);
  const text = await response.text();
  if (!response.ok) throw new ApiError(response.status, text.trim() || response.statusText);
  const result = (response.headers.get('Content-Type') || '').includes('json') && text ? JSON.parse(text) : text;
  // Warning: 299 - "text": accepted with a caveat (e.g. a limit not enforced); kept beside an object's fields
  const warnings = (response.headers.get('Warning') || '').match(/\d{3} \S+ "(?:[^"\\]|\\.)*"/g) || [];
  if (result && typeof result === 'object') {
    Object.defineProperty(result, 'warnings', {
      value: warnings.map(w => w.replace(/^\d{3} \S+ "/, '').slice(0, -1).replace(/\\(.)/g, '$1')),
    });
  }
  return result;
}

const enc = encodeURIComponent;
const nsQuery = ns => (ns ? `?namespace=${enc(ns)}` : '');

export const api = {
  info: () => call('GET', '/system/info'),
  namespaces: () => call('GET', '/system/namespaces'),
  functions: ns => call('GET', '/system/functions' + nsQuery(ns)),
  function: (name, ns) => call('GET', `/system/function/${enc(name)}${nsQuery(ns)}`),
  calls: (name, ns) => call('GET', `/ui/api/calls/${enc(name)}${nsQuery(ns)}`),
  triggers: (name, ns) => call('GET', `/ui/api/triggers/${enc(name)}${nsQuery(ns)}`),
  images: () => call('GET', '/ui/api/images'),
  deploy: deployment => call('POST', '/system/functions', deployment),
  update: deployment => call('PUT', '/system/functions', deployment),
  remove: (name, ns) => call('DELETE', '/system/functions', { functionName: name, namespace: ns }),
  scale: (name, ns, replicas) =>
    call('POST', `/system/scale-function/${enc(name)}${nsQuery(ns)}`, { serviceName: name, namespace: ns, replicas }),
  createNamespace: name => call('POST', '/system/namespace/', { name }),
  removeNamespace: name => call('DELETE', `/system/namespace/${enc(name)}`),
  secrets: ns => call('GET', '/system/secrets' + nsQuery(ns)),
  createSecret: (name, ns, value) => call('POST', '/system/secrets', { name, namespace: ns, value }),
  updateSecret: (name, ns, value) => call('PUT', '/system/secrets', { name, namespace: ns, value }),
  deadLetters: () => call('GET', '/system/async/dead-letters'),
  redrive: callId => call('POST', `/system/async/dead-letters/${enc(callId)}/redrive`),
  removeSecret: (name, ns) => call('DELETE', '/system/secrets', { name, namespace: ns }),
};

// What a function's status says was deployed, as a deployment to send again (the provider's own label left out).
export function deploymentOf(status) {
  const labels = { ...(status.labels || {}) };
  delete labels.faas_function;
  return { service: status.name, image: status.image, namespace: status.namespace, envProcess: status.envProcess,
    envVars: status.envVars, constraints: status.constraints, secrets: status.secrets, labels,
    annotations: status.annotations, limits: status.limits, requests: status.requests,
    readOnlyRootFilesystem: status.readOnlyRootFilesystem };
}

// Where a function is called: /function/NAME in the default namespace, /function/NAME.NS in any other.
export function functionPath(name, ns, defaultNs, route = 'function') {
  return `/${route}/${name}${ns && ns !== defaultNs ? '.' + ns : ''}`;
}

export function functionUrl(name, ns, defaultNs) {
  return origin + functionPath(name, ns, defaultNs);
}

export function asyncFunctionUrl(name, ns, defaultNs) {
  return origin + functionPath(name, ns, defaultNs, 'async-function');
}

// Calls a function: the answer's status, headers, body bytes and the time until its last byte.
// async: through /async-function (the gateway queues it and answers 202 with its X-Call-Id).
export async function invoke(name, ns, defaultNs, { method, path, query, headers, body, async }, signal) {
  let url = async ? asyncFunctionUrl(name, ns, defaultNs) : functionUrl(name, ns, defaultNs);
  if (path) url += path.startsWith('/') ? path : '/' + path;
  if (query) url += '?' + query.replace(/^\?/, '');
  const init = { method, headers, credentials: 'omit', cache: 'no-store', signal };
  if (body && method !== 'GET' && method !== 'HEAD') init.body = body;
  const started = performance.now();
  const response = await fetch(url, init);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, statusText: response.statusText, headers: [...response.headers],
    bytes, millis: performance.now() - started };
}

// Follows a function's log: calls onLine with each {name, namespace, instance, timestamp, text} as it is written,
// until signal aborts. The gateway ends a followed stream after its write_timeout; it is then asked again from the
// last line's time, without repeating lines already shown.
// While the gateway is unreachable (or the stream breaks) it is asked again every 2 s; onState hears of it.
export async function followLogs(name, ns, onLine, signal, onState = () => {}) {
  let since = null;
  let seenAtSince = new Set();
  while (!signal.aborted) {
    const params = new URLSearchParams({ name, namespace: ns, follow: 'true' });
    if (since) params.set('since', since); else params.set('tail', '200');
    let response;
    try {
      response = await send(`${origin}/system/logs?${params}`,
        { signal, headers: UI_HEADERS, credentials: 'same-origin', cache: 'no-store' });
    } catch (e) {
      if (!e.unreachable) throw e;
      onState('gateway unreachable, retrying…');
      await pause(2000, signal);
      continue;
    }
    loggedOut(response);
    if (!response.ok) throw new ApiError(response.status, (await response.text()).trim());
    onState('following…');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (e.name === 'AbortError' || signal.aborted) throw e;
        chunk = { done: true }; // the connection broke: asked again from the last line's time
      }
      const { value, done } = chunk;
      if (done) break;
      buffered += value;
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line) continue;
        const message = JSON.parse(line);
        const key = message.instance + ' ' + message.text;
        if (message.timestamp === since && seenAtSince.has(key)) continue;
        if (message.timestamp !== since) { since = message.timestamp; seenAtSince = new Set(); }
        seenAtSince.add(key);
        onLine(message);
      }
    }
  }
}

function pause(ms, signal) {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}
