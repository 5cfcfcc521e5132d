// A small SVG line chart: one or more series of [time, value] points over a fixed window ending now.

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

const H = 130;
const PAD = { left: 38, right: 10, top: 8, bottom: 20 };

// series: [{label, cls, points: [[ms, value], ...], step, legend}]; windowMs: how far back the x axis goes; width:
// the pixels it will be drawn in (the drawing is made that wide, so its text keeps its size on a phone). The
// legend shows each series' legend value if it has one, else its last value.
export function lineChart(title, series, windowMs, now, width) {
  const W = Math.max(240, Math.round(width || 560));
  const max = Math.max(1, ...series.flatMap(s => s.points.map(p => p[1])));
  const x = t => PAD.left + (W - PAD.left - PAD.right) * (1 - (now - t) / windowMs);
  const y = v => H - PAD.bottom - (H - PAD.top - PAD.bottom) * (v / max);
  const grid = [0, max / 2, max].map(v => [
    svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
    svg('text', { x: PAD.left - 4, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, fmt(v)),
  ]).flat();
  const lines = series.map(s => {
    if (s.cls.includes('dots')) {
      return s.points.map(([t, v]) => svg('circle', { cx: x(t).toFixed(1), cy: y(v).toFixed(1), r: 2.5,
        class: 'dot ' + s.cls }));
    }
    const pts = [];
    s.points.forEach(([t, v], i) => {
      if (s.step && i > 0) pts.push(`${x(t).toFixed(1)},${y(s.points[i - 1][1]).toFixed(1)}`);
      pts.push(`${x(t).toFixed(1)},${y(v).toFixed(1)}`);
    });
    return svg('polyline', { points: pts.join(' '), class: 'series ' + s.cls });
  });
  const minutes = Math.round(windowMs / 60000);
  const axis = [
    svg('text', { x: PAD.left, y: H - 4, class: 'axis' }, `${minutes} min ago`),
    svg('text', { x: W - PAD.right, y: H - 4, class: 'axis', 'text-anchor': 'end' }, 'now'),
  ];
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title },
    ...grid, ...lines.flat(), ...axis);
  const legend = document.createElement('div');
  legend.className = 'legend';
  for (const s of series) {
    const item = document.createElement('span');
    item.className = 'key ' + s.cls;
    const last = s.points.length ? s.points[s.points.length - 1][1] : 0;
    item.textContent = `${s.label}: ${fmt(s.legend !== undefined ? s.legend : last)}`;
    legend.append(item);
  }
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  figure.append(caption, chart, legend);
  return figure;
}

function fmt(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
