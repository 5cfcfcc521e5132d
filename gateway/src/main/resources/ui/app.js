// The UI's shell: the namespace picker, the gateway's version, and the views behind #/functions, #/function/NAME,
// #/deploy and #/secrets (each with ?ns=NAMESPACE).
import { api, logout, onReachability } from './api.js';
import { h, clear, errorBox } from './dom.js';
import * as functions from './functions.js';
import * as fn from './function.js';
import * as deploy from './deploy.js';
import * as secrets from './secrets.js';
import * as namespacesView from './namespaces.js';

const views = { functions, function: fn, deploy, secrets, namespaces: namespacesView };
const select = document.getElementById('namespace');
const root = document.getElementById('view');
let namespaces = [];
let unmount = () => {};
let navigated = false;
const TITLES = { functions: 'Functions', function: 'Function', deploy: 'Deploy', secrets: 'Secrets',
  namespaces: 'Namespaces' };
const notice = document.getElementById('ns-notice');

function parseHash() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const [view, ...rest] = path.split('/');
  const params = new URLSearchParams(query || '');
  return { view: views[view] ? view : 'functions', arg: rest.map(decodeURIComponent).join('/'), ns: params.get('ns') };
}

function context(ns) {
  return {
    ns,
    defaultNs: namespaces[0],
    link: (view, arg, namespace) =>
      `#/${view}${arg ? '/' + encodeURIComponent(arg) : ''}?ns=${encodeURIComponent(namespace || ns)}`,
  };
}

function route() {
  unmount();
  const { view, arg, ns } = parseHash();
  const namespace = ns || select.value || namespaces[0];
  current = namespace;
  showNamespaces();
  for (const a of document.querySelectorAll('nav a')) {
    const active = a.dataset.view === view || (view === 'function' && a.dataset.view === 'functions');
    a.classList.toggle('active', active);
    if (active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  for (const a of document.querySelectorAll('nav a, a.brand')) {
    a.href = `#/${a.dataset.view || 'functions'}?ns=${encodeURIComponent(namespace)}`;
  }
  unmount = views[view].mount(root, context(namespace), arg) || (() => {});
  // a screen reader and the keyboard start at the new view's heading; the tab says where the user is
  const heading = root.querySelector('h1');
  document.title = `${heading ? heading.textContent : TITLES[view]} · jfaas`;
  if (heading && navigated) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
  navigated = true;
}

// The picker lists the gateway's namespaces, plus the one shown if it is not (yet) one of them, for as long as it is
// shown; a notice says it is unknown. The list is asked for again every 5 s.
let current = null;
function showNamespaces() {
  const known = namespaces.includes(current);
  const names = known || !current ? namespaces : [...namespaces, current];
  if ([...select.options].map(o => o.value).join('\n') !== names.join('\n')) {
    clear(select, names.map(n => h('option', { value: n }, known || n !== current ? n : `${n} (unknown)`)));
  }
  select.value = current;
  notice.hidden = known;
  document.body.classList.toggle('unknown-ns', !known);
  notice.textContent = known ? '' : `There is no namespace ${current}: nothing is deployed in it and it was not `
    + 'created. This page keeps checking.';
}

async function refreshNamespaces() {
  try {
    const list = await api.namespaces();
    if (list.length) namespaces = list;
    showNamespaces();
  } catch { /* the banner or the view says why */ }
  setTimeout(refreshNamespaces, 5000);
}

document.getElementById('logout').addEventListener('click', () => logout());
onReachability(yes => { document.getElementById('banner').hidden = yes; });

async function start() {
  try {
    const [list, info] = await Promise.all([api.namespaces(), api.info()]);
    namespaces = list.length ? list : ['openfaas-fn'];
    clear(select, namespaces.map(n => h('option', null, n)));
    document.getElementById('version').textContent =
      `${info.provider?.provider || ''} · gateway ${info.version?.release || ''}`;
  } catch (e) {
    clear(root, errorBox(e));
    if (e.unreachable) setTimeout(start, 2000);
    return;
  }
  select.addEventListener('change', () => {
    const { view, arg } = parseHash();
    location.hash = context(select.value).link(view === 'function' ? 'functions' : view, view === 'function' ? '' : arg);
  });
  window.addEventListener('hashchange', route);
  route();
  setTimeout(refreshNamespaces, 5000);
}

start();
