// Latency p50/p95 per bucket with the anomalies of the range as markers.
import { h } from '../dom.js';
import { ms, time, dec } from '../format.js';
import { lines } from '../charts.js';

export async function render(ctx) {
  const ov = await ctx.overview();
  if (ov.totals.calls === 0) return { empty: 'No GenAI calls in this range for these filters.' };
  let alerts = [], note = null;
  try {
    alerts = await ctx.anomalies();
  } catch (e) {
    note = h('p', { class: 'msg' }, 'Anomaly markers unavailable: ' + e.message);
  }
  const markers = alerts.map((a) => ({
    id: a.alert_id, time: new Date(a.timestamp),
    label: `${time(a.timestamp)} ${a.type} ${a.model}: ${a.metric} expected ${dec(a.expected_value)}, actual ${dec(a.actual_value)}`,
  }));
  return [
    lines({ starts: ov.buckets.map((b) => new Date(b.start)), stepMs: ov.step_seconds * 1000, format: ms,
      label: 'latency p50 and p95 per bucket', markers,
      series: [
        { name: 'p50', values: ov.buckets.map((b) => b.latency_p50_ms) },
        { name: 'p95', values: ov.buckets.map((b) => b.latency_p95_ms), dashed: true },
      ] }),
    h('p', { class: 'legend' }, markers.length ? `${markers.length} anomaly marker(s) in range (red).` : 'No anomalies in range.'),
    note,
  ];
}
