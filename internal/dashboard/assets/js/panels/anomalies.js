// Anomaly alerts of the range with expected vs actual (GET /v1/analytics/anomalies).
import { h, num } from '../dom.js';
import { time, dec } from '../format.js';

export async function render(ctx) {
  const alerts = await ctx.anomalies();
  if (alerts.length === 0) return { empty: 'No anomalies in this range.' };
  return h('div', { class: 'table-wrap' }, h('table', { 'data-table': 'anomalies' },
    h('thead', {}, h('tr', {}, ['Time', 'Severity', 'Type', 'Model', 'Metric', 'Expected', 'Actual', 'Description', 'Status']
      .map((t, i) => h('th', { class: i === 5 || i === 6 ? 'n' : '' }, t)))),
    h('tbody', {}, alerts.map((a, i) => h('tr', { 'data-row': i },
      h('td', {}, time(a.timestamp)),
      h('td', { class: `sev-${a.severity}` }, a.severity),
      h('td', {}, a.type), h('td', {}, a.model || '—'), h('td', {}, a.metric),
      h('td', { class: 'n' }, num(`anomalies.${i}.expected_value`, a.expected_value, (v) => dec(v, 2), '')),
      h('td', { class: 'n' }, num(`anomalies.${i}.actual_value`, a.actual_value, (v) => dec(v, 2), '')),
      h('td', {}, a.description),
      h('td', {}, a.resolved_at ? 'resolved ' + time(a.resolved_at) : 'open'))))));
}
