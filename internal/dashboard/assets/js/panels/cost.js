// Cost per segment (GET /v1/analytics/cost-segments?segment_by=…), sortable.
import { apiGet } from '../api.js';
import { h } from '../dom.js';
import { int, usd } from '../format.js';
import { sortableTable } from '../table.js';

const BY = { user_segment: 'Segment', feature_version: 'Feature version', geography: 'Geography', user: 'User' };
let segmentBy = 'user_segment';

export async function render(ctx, rerender) {
  const select = h('select', { name: 'segment_by', 'aria-label': 'segment by', onchange: (e) => { segmentBy = e.target.value; rerender(); } },
    Object.entries(BY).map(([v, l]) => h('option', { value: v, selected: v === segmentBy }, l)));
  const picker = h('label', {}, 'Segment by ', select);
  const rows = await apiGet('cost-segments', ctx.query, { segment_by: segmentBy });
  if (rows.length === 0) return [picker, h('p', { class: 'msg' }, 'No GenAI calls in this range for these filters.')];
  const table = sortableTable({ metric: 'cost', rows: rows.map((r) => ({ ...r,
    drivers: r.top_cost_drivers.map((d) => `${d.type} ${usd(d.cost)}`).join(', ') })), columns: [
    { key: 'segment', label: BY[segmentBy], fmt: (v) => v || '(none)' },
    { key: 'total_cost_usd', label: 'Cost', fmt: usd, numeric: true },
    { key: 'user_count', label: 'Users', fmt: int, numeric: true },
    { key: 'cost_per_user', label: 'Per user', fmt: usd, numeric: true },
    { key: 'cost_per_query', label: 'Per query', fmt: usd, numeric: true },
    { key: 'drivers', label: 'Top models', fmt: (v) => v || '—' },
  ] });
  return [picker, table];
}
