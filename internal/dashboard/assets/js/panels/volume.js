// Calls and cost per bucket, stacked by model (GET /v1/analytics/overview, by_model).
import { h } from '../dom.js';
import { int, usd } from '../format.js';
import { stackedBars } from '../charts.js';

export async function render(ctx) {
  const ov = await ctx.overview();
  if (ov.totals.calls === 0) return { empty: 'No GenAI calls in this range for these filters.' };
  const starts = ov.buckets.map((b) => new Date(b.start));
  const stepMs = ov.step_seconds * 1000;
  const models = ov.by_model;
  return [
    h('h3', {}, 'Calls'),
    stackedBars({ starts, stepMs, format: int, label: 'calls per bucket by model',
      series: models.map((m) => ({ name: m.model || '(unknown)', values: m.calls })) }),
    h('h3', {}, 'Cost (USD)'),
    stackedBars({ starts, stepMs, format: usd, label: 'cost per bucket by model',
      series: models.map((m) => ({ name: m.model || '(unknown)', values: m.cost_usd })) }),
  ];
}
