// Calls and cost per bucket, stacked by model (GET /v1/analytics/overview, by_model). Beyond
// MAX_SERIES models the cheapest ones are summed into "other models", so colours stay distinct.
import { h } from '../dom.js';
import { int, usd, axis } from '../format.js';
import { stackedBars } from '../charts.js';

const MAX_SERIES = 8;

export async function render(ctx) {
  const ov = await ctx.overview();
  if (ov.totals.calls === 0) return { empty: 'No GenAI calls in this range for these filters.' };
  const starts = ov.buckets.map((b) => new Date(b.start));
  const stepMs = ov.step_seconds * 1000;
  const models = series(ov.by_model); // by_model comes most expensive first
  return [
    h('h3', {}, 'Calls'),
    stackedBars({ starts, stepMs, format: int, axisFormat: axis, label: 'calls per bucket by model',
      series: models.map((m) => ({ name: m.name, values: m.calls })) }),
    h('h3', {}, 'Cost (USD)'),
    stackedBars({ starts, stepMs, format: usd, label: 'cost per bucket by model',
      series: models.map((m) => ({ name: m.name, values: m.cost_usd })) }),
  ];
}

export function series(byModel) {
  const named = (m) => ({ name: m.model || '(unknown)', calls: m.calls, cost_usd: m.cost_usd });
  if (byModel.length <= MAX_SERIES) return byModel.map(named);
  const rest = byModel.slice(MAX_SERIES - 1);
  const sum = (key) => rest[0][key].map((_, i) => rest.reduce((a, m) => a + m[key][i], 0));
  return [...byModel.slice(0, MAX_SERIES - 1).map(named),
    { name: `${rest.length} other models`, calls: sum('calls'), cost_usd: sum('cost_usd') }];
}
