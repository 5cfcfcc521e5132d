// A function's replicas as they will be: with the autoscaler on (the status has its last decision), a count set by
// hand would be undone, so the control pins the function instead (a redeploy with com.openfaas.scale.min = max = N,
// then a scale to N) and offers the range the autoscaler keeps it in; without one it scales, and the count stays.
import { api, deploymentOf } from './api.js';
import { h, toast } from './dom.js';

export const MIN = 'com.openfaas.scale.min';
export const MAX = 'com.openfaas.scale.max';

// min and max as the autoscaler reads them (1 and 20 when not set)
export function range(labels) {
  const int = (v, d) => (/^\d+$/.test(v || '') ? Number(v) : d);
  return { min: int(labels?.[MIN], 1), max: int(labels?.[MAX], 20) };
}

const whole = v => (String(v).trim() === '' ? NaN : Number(v));
const valid = n => Number.isInteger(n) && n >= 0 && n <= 100;

export function scalingControls(name, ctx, changed) {
  let status = null;
  let touched = false;
  const field = h('input', { type: 'number', min: '0', max: '100', id: 'scale-replicas', value: '1',
    'aria-label': 'replicas', 'aria-describedby': 'scale-note' });
  field.addEventListener('input', () => { touched = true; });
  field.addEventListener('keydown', e => { if (e.key === 'Enter') set(whole(field.value)); });
  const setButton = h('button', { type: 'button', id: 'scale-set', onclick: () => set(whole(field.value)) }, 'Scale');
  const mode = h('span', { class: 'badge', id: 'autoscaler-mode' }, '…');
  const note = h('span', { class: 'muted small', id: 'scale-note' });
  const reason = h('p', { class: 'muted small reason', id: 'autoscaler-reason' });
  const minField = h('input', { type: 'number', min: '0', max: '100', id: 'scale-min', 'aria-label': 'minimum replicas' });
  const maxField = h('input', { type: 'number', min: '1', max: '100', id: 'scale-max', 'aria-label': 'maximum replicas' });
  const rangeForm = h('span', { class: 'range', id: 'scale-range' }, 'min ', minField, ' max ', maxField,
    h('button', { type: 'button', id: 'scale-range-set', onclick: () => setRange() }, 'Set range'));

  const autoscaled = () => Boolean(status && status.autoscaler);

  async function set(n) {
    if (!valid(n)) { toast('replicas must be a whole number from 0 to 100', 'error'); return; }
    touched = false;
    try {
      if (autoscaled() && n > 0) {
        await relabel({ [MIN]: String(n), [MAX]: String(n) });
        await api.scale(name, ctx.ns, n);
        toast(`Pinned ${name} at ${n} (min = max = ${n})`);
      } else {
        await api.scale(name, ctx.ns, n);
        toast(autoscaled() ? `Scaled ${name} to 0: the next call wakes it` : `Scaling ${name} to ${n}`);
      }
      changed();
    } catch (e) { toast(e.message, 'error'); }
  }

  async function setRange() {
    const min = whole(minField.value);
    const max = whole(maxField.value);
    if (!valid(min) || !valid(max) || max < 1 || max < min) {
      toast('min and max must be whole numbers from 0 to 100, max at least 1 and not below min', 'error');
      return;
    }
    try {
      await relabel({ [MIN]: String(min), [MAX]: String(max) });
      toast(`${name} now scales between ${min} and ${max}`);
      changed();
    } catch (e) { toast(e.message, 'error'); }
  }

  // a redeploy of what runs now with these labels changed (its replicas are replaced, one revision for another)
  async function relabel(labels) {
    const current = await api.function(name, ctx.ns);
    const deployment = deploymentOf(current);
    deployment.labels = { ...deployment.labels, ...labels };
    await api.update(deployment);
  }

  const element = h('div', { class: 'scaling panel', id: 'scaling' },
    h('div', { class: 'row' }, h('strong', null, 'Scaling'), mode,
      h('span', { class: 'actions' },
        h('button', { type: 'button', id: 'scale-down', title: 'one replica fewer', 'aria-label': 'one replica fewer',
          onclick: () => set(Math.max(0, whole(field.value) - 1)) }, '−'),
        field,
        h('button', { type: 'button', id: 'scale-up', title: 'one replica more', 'aria-label': 'one replica more',
          onclick: () => set(Math.min(100, whole(field.value) + 1)) }, '+'),
        setButton)),
    h('div', { class: 'row' }, rangeForm, note), reason);

  function update(next) {
    status = next;
    const a = next.autoscaler;
    const { min, max } = range(next.labels);
    if (!touched && document.activeElement !== field) field.value = String(next.replicas || 0);
    if (document.activeElement !== minField && document.activeElement !== maxField) {
      minField.value = String(min);
      maxField.value = String(max);
    }
    rangeForm.hidden = !a;
    if (a) {
      const m = (a.mode || '').toLowerCase();
      mode.textContent = m === 'fixed' ? `pinned at ${min}` : `autoscaled ${min}–${max} · ${m}`;
      reason.textContent = `Autoscaler: ${a.reason} (decided ${new Date(a.decidedAt).toLocaleTimeString([],
        { hour12: false })})`;
      setButton.textContent = 'Pin';
      note.textContent = 'The autoscaler owns the count: Pin sets min = max (a redeploy); 0 parks it until a call.';
    } else {
      mode.textContent = 'manual';
      reason.textContent = '';
      setButton.textContent = 'Scale';
      note.textContent = 'No autoscaler: the count stays where it is set.';
    }
  }

  return { element, update };
}
