// Overview tiles: totals of the range with a sparkline per bucket (GET /v1/analytics/overview).
import { h, num } from '../dom.js';
import { int, usd, pct, signed, ms } from '../format.js';
import { sparkline } from '../charts.js';

const TILES = [
  { key: 'calls', label: 'Calls', fmt: int },
  { key: 'cost_usd', label: 'Cost', fmt: usd },
  { key: 'error_rate', label: 'Error rate', fmt: pct },
  { key: 'zero_result_rate', label: 'Zero-result rate', fmt: pct },
  { key: 'net_satisfaction_score', label: 'Net satisfaction', fmt: signed },
  { key: 'latency_p95_ms', label: 'p95 latency', fmt: ms },
];

export async function render(ctx) {
  const ov = await ctx.overview();
  if (ov.totals.calls === 0 && ov.totals.feedback_total === 0) {
    return { empty: 'No GenAI calls or feedback in this range for these filters.' };
  }
  return h('div', { class: 'tiles' }, TILES.map((t) => {
    const v = ov.totals[t.key];
    return h('div', { class: 'tile', 'data-tile': t.key },
      h('span', { class: 'label' }, t.label),
      num(`overview.${t.key}`, v, t.fmt, v === null ? 'num none' : 'num'),
      sparkline(ov.buckets.map((b) => b[t.key]), `${t.label} per ${ov.step_seconds / 60} min`));
  }));
}
