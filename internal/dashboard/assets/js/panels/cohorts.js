// Cohort comparison (GET /v1/analytics/cohorts/compare?ids=…): pick two or more cohort ids,
// or define one by criteria (POST /v1/analytics/cohorts) right here.
import { apiGet, apiPost } from '../api.js';
import { h, num } from '../dom.js';
import { int, ms, pct, usd, dec } from '../format.js';

const ROWS = [
  { key: 'total_queries', label: 'Queries', fmt: int },
  { key: 'unique_users', label: 'Users', fmt: int },
  { key: 'avg_satisfaction', label: 'Avg satisfaction', fmt: (v) => dec(v, 2) },
  { key: 'conversion_rate', label: 'Conversion', fmt: pct },
  { key: 'avg_latency_ms', label: 'Avg latency', fmt: ms },
  { key: 'cost_per_user', label: 'Cost per user', fmt: usd },
];

export async function render(ctx, rerender) {
  const picker = h('form', { class: 'inline-form', 'data-form': 'cohort-ids', onsubmit: (e) => {
    e.preventDefault();
    ctx.state.cohorts = e.target.ids.value.split(',').map((v) => v.trim()).filter(Boolean);
    ctx.saveState();
    rerender();
  } }, h('label', {}, 'Cohort ids', h('input', { name: 'ids', value: ctx.state.cohorts.join(','), placeholder: 'a,b' })),
  h('button', { type: 'submit' }, 'Compare'));
  const define = defineForm(ctx, rerender);
  const ids = ctx.state.cohorts;
  if (ids.length < 2) {
    return [picker, h('p', { class: 'msg', 'data-empty': 'cohorts' }, 'Pick two or more cohorts to compare.'), define];
  }
  let rows;
  try {
    rows = await apiGet('cohorts/compare', ctx.query, { ids: ids.join(',') });
  } catch (error) {
    return { error, content: [picker, define] }; // e.g. an unknown id: keep the forms to fix it
  }
  const head = h('thead', {}, h('tr', {}, h('th', {}, 'Metric'), rows.map((c) => h('th', { class: 'n' }, c.cohort_id))));
  const body = h('tbody', {}, ROWS.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label),
    rows.map((c, i) => h('td', { class: 'n' }, num(`cohorts.${i}.${r.key}`, c[r.key], r.fmt, ''))))));
  return [picker, h('div', { class: 'table-wrap' }, h('table', { 'data-table': 'cohorts' }, head, body)), define];
}

function defineForm(ctx, rerender) {
  const msg = h('span', { class: 'legend' });
  return h('form', { class: 'inline-form', 'data-form': 'cohort-define', onsubmit: async (e) => {
    e.preventDefault();
    const f = e.target, criteria = {};
    for (const k of ['feature_version', 'user_segment', 'geography']) if (f[k].value.trim()) criteria[k] = f[k].value.trim();
    const id = f.cohort_id.value.trim();
    try {
      await apiPost('cohorts', ctx.query, { cohort_id: id, criteria });
      if (!ctx.state.cohorts.includes(id)) ctx.state.cohorts = [...ctx.state.cohorts, id];
      ctx.saveState();
      rerender();
    } catch (err) {
      msg.textContent = err.message;
    }
  } }, h('strong', {}, 'New cohort'),
  h('input', { name: 'cohort_id', placeholder: 'id', required: true, pattern: '[A-Za-z0-9_.\\-]{1,64}' }),
  h('input', { name: 'feature_version', placeholder: 'feature version' }),
  h('input', { name: 'user_segment', placeholder: 'segment' }),
  h('input', { name: 'geography', placeholder: 'geography' }),
  h('button', { type: 'submit' }, 'Define'), msg);
}
