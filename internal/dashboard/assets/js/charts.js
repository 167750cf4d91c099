// Hand-drawn SVG charts: a sparkline, stacked bars over time and lines with markers. Gaps
// (null values: no data in a bucket) are left as gaps, not drawn as zero.
import { h, s } from './dom.js';
import { tick } from './format.js';

const W = 600, H = 180, PAD = { l: 56, r: 8, t: 8, b: 22 };

export function sparkline(values, label) {
  const svg = s('svg', { class: 'spark', viewBox: '0 0 100 32', preserveAspectRatio: 'none', role: 'img', 'aria-label': label });
  const pts = values.map((v, i) => [v, i]).filter(([v]) => v !== null && v !== undefined);
  if (pts.length === 0) return svg;
  const max = Math.max(...pts.map(([v]) => v)), min = Math.min(0, ...pts.map(([v]) => v));
  const x = (i) => values.length === 1 ? 50 : (i / (values.length - 1)) * 100;
  const y = (v) => max === min ? 16 : 30 - ((v - min) / (max - min)) * 28;
  const segs = segments(values).map((seg) => seg.map((i) => `${x(i).toFixed(2)},${y(values[i]).toFixed(2)}`));
  for (const seg of segs) {
    if (seg.length === 1) seg.push(seg[0].replace(/^[^,]+/, (v) => (Number(v) + 0.8).toFixed(2)));
    svg.append(s('path', { d: 'M' + seg.join('L'), 'vector-effect': 'non-scaling-stroke' }));
  }
  return svg;
}

// segments splits indexes of non-null values into runs.
function segments(values) {
  const out = [];
  let cur = [];
  values.forEach((v, i) => {
    if (v === null || v === undefined) { if (cur.length) out.push(cur); cur = []; } else cur.push(i);
  });
  if (cur.length) out.push(cur);
  return out;
}

// frame draws the y grid with labels and the time axis; returns scales.
function frame(svg, starts, stepMs, maxY, fmt) {
  const t0 = starts[0].getTime(), t1 = starts[starts.length - 1].getTime() + stepMs;
  const x = (t) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v) => H - PAD.b - (maxY === 0 ? 0 : (v / maxY) * (H - PAD.t - PAD.b));
  for (let k = 0; k <= 4; k++) {
    const v = (maxY * k) / 4;
    svg.append(s('line', { class: 'grid-line', x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v) }),
      s('text', { x: PAD.l - 4, y: y(v) + 3, 'text-anchor': 'end' }, fmt(v)));
  }
  const ticks = Math.min(6, starts.length);
  for (let k = 0; k < ticks; k++) {
    const t = t0 + ((t1 - t0) * k) / ticks;
    svg.append(s('text', { x: x(t), y: H - 6, 'text-anchor': 'start' }, tick(new Date(t), t1 - t0)));
  }
  return { x, y };
}

// stackedBars: series [{name, values[]}] aligned with starts; returns a figure with legend.
export function stackedBars({ starts, stepMs, series, format, axisFormat = format, label }) {
  const totals = starts.map((_, i) => series.reduce((a, se) => a + (se.values[i] || 0), 0));
  const maxY = niceMax(Math.max(0, ...totals));
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label });
  const { x, y } = frame(svg, starts, stepMs, maxY, axisFormat);
  const bw = Math.max(1, x(starts[0].getTime() + stepMs) - x(starts[0].getTime()) - 1);
  starts.forEach((st, i) => {
    let acc = 0;
    series.forEach((se, k) => {
      const v = se.values[i] || 0;
      if (v <= 0) return;
      svg.append(s('rect', { class: colour(k), x: x(st.getTime()), width: bw, y: y(acc + v), height: y(acc) - y(acc + v),
        'data-series': k, 'data-bucket': i, 'data-value': v },
        s('title', {}, `${se.name}: ${format(v)}`)));
      acc += v;
    });
  });
  return h('figure', { class: 'fig' }, legend(series), svg);
}

// lines: series [{name, values[], dashed}]; markers [{time: Date, label}] drawn as red dots on
// the top edge with a dashed drop line.
export function lines({ starts, stepMs, series, markers = [], format, label }) {
  const all = series.flatMap((se) => se.values).filter((v) => v !== null && v !== undefined);
  const maxY = niceMax(Math.max(0, ...all));
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label });
  const { x, y } = frame(svg, starts, stepMs, maxY, format);
  const mid = (i) => x(starts[i].getTime() + stepMs / 2);
  series.forEach((se, k) => {
    for (const seg of segments(se.values)) {
      const d = seg.length === 1
        ? `M${mid(seg[0]) - 2},${y(se.values[seg[0]])}h4`
        : 'M' + seg.map((i) => `${mid(i).toFixed(1)},${y(se.values[i]).toFixed(1)}`).join('L');
      svg.append(s('path', { class: `line ${colour(k)}${se.dashed ? ' dashed' : ''}`, d }));
    }
  });
  for (const m of markers) {
    const mx = x(m.time.getTime());
    if (mx < PAD.l || mx > W - PAD.r) continue;
    svg.append(s('line', { class: 'marker-line', x1: mx, x2: mx, y1: PAD.t, y2: H - PAD.b }),
      s('circle', { class: 'marker', cx: mx, cy: PAD.t + 2, r: 4, 'data-anomaly': m.id }, s('title', {}, m.label)));
  }
  return h('figure', { class: 'fig' }, legend(series), svg);
}

export function colour(k) { return 'c' + (k % 8); }

function legend(series) {
  return h('div', { class: 'legend' }, series.map((se, k) => h('span', {}, h('i', { class: colour(k) }), se.name)));
}

// niceMax rounds an axis maximum up so that its four grid steps are round numbers.
function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 4, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
