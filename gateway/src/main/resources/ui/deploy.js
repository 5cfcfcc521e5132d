// Deploy a function from an image name and the stack file's fields.
import { api } from './api.js';
import { h, clear, parsePairs, toast, errorBox } from './dom.js';

// With a name (#/deploy/NAME): the form is filled from that function's status and redeploys it (PUT).
export function mount(root, ctx, editing) {
  const field = (label, input, note) => h('label', null, label, input, note ? h('small', { class: 'muted' }, note) : null);
  const service = h('input', { id: 'deploy-name', required: true, placeholder: 'hello', autocomplete: 'off',
    pattern: '[a-z0-9]([\\-a-z0-9]*[a-z0-9])?' });
  const image = h('input', { id: 'deploy-image', required: true, placeholder: 'hello:latest', autocomplete: 'off',
    list: 'deploy-images' });
  // local mode's image store, offered as the name is typed (the field still takes any image)
  const storedImages = h('datalist', { id: 'deploy-images' });
  api.images().then(answer => clear(storedImages, answer.images.map(name => h('option', { value: name }))))
    .catch(() => {}); // no suggestions: the field works without them, and a gateway that is down has its banner
  const namespace = h('input', { id: 'deploy-namespace', value: ctx.ns, required: true });
  const fprocess = h('input', { id: 'deploy-fprocess', placeholder: 'only for non-Java watchdog modes' });
  const env = h('textarea', { id: 'deploy-env', rows: '3', placeholder: 'GREETING=Hello' });
  const labels = h('textarea', { id: 'deploy-labels', rows: '3', placeholder: 'com.openfaas.scale.min=1' });
  const annotations = h('textarea', { id: 'deploy-annotations', rows: '2', placeholder: 'topic=orders' });
  const secrets = h('div', { class: 'checks', id: 'deploy-secrets' }, h('span', { class: 'muted' }, 'loading…'));
  const limitMemory = h('input', { id: 'deploy-limit-memory', placeholder: '128Mi' });
  const limitCpu = h('input', { id: 'deploy-limit-cpu', placeholder: '500m' });
  const requestMemory = h('input', { id: 'deploy-request-memory', placeholder: '64Mi' });
  const requestCpu = h('input', { id: 'deploy-request-cpu', placeholder: '100m' });
  const result = h('div', { id: 'deploy-result' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'deploy-submit' }, 'Deploy');

  const form = h('form', { class: 'deploy' },
    h('div', { class: 'grid2' },
      field('Name', service, 'lower-case letters, digits and dashes'),
      field('Image', image, 'as built by faas-cli build (the stack file\'s image:)'), storedImages,
      field('Namespace', namespace),
      field('fprocess', fprocess)),
    h('div', { class: 'grid2' },
      field('Environment, KEY=VALUE a line', env),
      field('Labels, KEY=VALUE a line', labels),
      field('Annotations, KEY=VALUE a line', annotations),
      h('fieldset', null, h('legend', null, 'Secrets'), secrets)),
    h('fieldset', { class: 'grid4' }, h('legend', null, 'Resources'),
      field('memory limit', limitMemory), field('cpu limit', limitCpu),
      field('memory request', requestMemory), field('cpu request', requestCpu)),
    h('div', null, submit), result);

  clear(root, h('h1', null, editing ? `Edit ${editing}` : 'Deploy a function'), form);
  if (editing) {
    submit.textContent = 'Redeploy';
    service.readOnly = true;
    namespace.readOnly = true;
    api.function(editing, ctx.ns).then(status => {
      const pairs = obj => Object.entries(obj || {}).map(([k, v]) => `${k}=${v}`).join('\n');
      const labelsOf = { ...(status.labels || {}) };
      delete labelsOf.faas_function;
      service.value = status.name;
      image.value = status.image;
      fprocess.value = status.envProcess || '';
      env.value = pairs(status.envVars);
      labels.value = pairs(labelsOf);
      annotations.value = pairs(status.annotations);
      limitMemory.value = status.limits?.memory || '';
      limitCpu.value = status.limits?.cpu || '';
      requestMemory.value = status.requests?.memory || '';
      requestCpu.value = status.requests?.cpu || '';
      wanted = new Set(status.secrets || []);
      shownNames = null;
      loadSecrets();
    }).catch(e => clear(result, errorBox(e.status === 404 ? new Error(`${editing} is not deployed in ${ctx.ns}`) : e)));
  }
  let wanted = new Set();

  // the secrets offered are those of the namespace the form deploys to, asked for again every 3 s (ticked ones stay
  // ticked; the boxes are only drawn again when the names changed)
  let shownFor = null;
  let shownNames = null;
  let timer;
  let stopped = false;
  const loadSecrets = () => {
    clearTimeout(timer);
    const ns = namespace.value.trim() || ctx.ns;
    shownFor = ns;
    api.secrets(ns).then(list => {
      if (ns !== shownFor || stopped) return;
      const names = list.map(s => s.name).sort();
      if (names.join('\n') === shownNames) return;
      shownNames = names.join('\n');
      const ticked = new Set([...wanted, ...[...secrets.querySelectorAll('input:checked')].map(c => c.value)]);
      wanted = new Set();
      clear(secrets, names.length ? names.map(n => h('label', { class: 'check' },
        h('input', { type: 'checkbox', value: n, name: 'secret', checked: ticked.has(n) }), n))
        : h('span', { class: 'muted' }, `no secrets in ${ns}`));
    }).catch(e => { if (!e.unreachable) { shownNames = null; clear(secrets, errorBox(e)); } })
      .finally(() => { clearTimeout(timer); if (!stopped) timer = setTimeout(loadSecrets, 3000); });
  };
  namespace.addEventListener('change', () => { shownNames = null; loadSecrets(); });
  loadSecrets();

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clear(result);
    let deployment;
    try {
      deployment = {
        service: service.value.trim(),
        image: image.value.trim(),
        namespace: namespace.value.trim(),
        envProcess: fprocess.value.trim() || undefined,
        envVars: nonEmpty(parsePairs(env.value, 'environment')),
        labels: nonEmpty(parsePairs(labels.value, 'labels')),
        annotations: nonEmpty(parsePairs(annotations.value, 'annotations')),
        secrets: [...secrets.querySelectorAll('input:checked')].map(c => c.value),
        limits: resources(limitMemory, limitCpu),
        requests: resources(requestMemory, requestCpu),
      };
    } catch (e) {
      clear(result, errorBox(e));
      return;
    }
    submit.disabled = true;
    try {
      await (editing ? api.update(deployment) : api.deploy(deployment));
      toast(`${editing ? 'Redeployed' : 'Deployed'} ${deployment.service}`);
      location.hash = ctx.link('function', deployment.service, deployment.namespace);
    } catch (e) {
      clear(result, errorBox(e));
    } finally {
      submit.disabled = false;
    }
  });
  return () => { stopped = true; clearTimeout(timer); };
}

function nonEmpty(obj) {
  return Object.keys(obj).length ? obj : undefined;
}

function resources(memory, cpu) {
  const out = {};
  if (memory.value.trim()) out.memory = memory.value.trim();
  if (cpu.value.trim()) out.cpu = cpu.value.trim();
  return Object.keys(out).length ? out : undefined;
}
