// Cost recommendations with their estimated savings (GET /v1/analytics/cost-recommendations).
import { apiGet } from '../api.js';
import { h, num } from '../dom.js';
import { usd } from '../format.js';

export async function render(ctx) {
  const recs = await apiGet('cost-recommendations', ctx.query);
  if (recs.length === 0) return { empty: 'No recommendation: nothing cheaper found for this traffic.' };
  // No grand total: two recommendations for the same model (cheaper model, prompt caching)
  // overlap, so their savings do not add up.
  return [
    h('p', { class: 'legend' }, 'Estimated savings over the selected range, from the pricing table:'),
    h('ol', { class: 'table-wrap' }, recs.map((r, i) => h('li', { 'data-row': i },
      r.recommendation, ' — ', h('span', { class: 'savings' }, num(`recommendations.${i}.potential_savings_usd`, r.potential_savings_usd, usd, '')),
      evidence(r.evidence)))),
  ];
}

// evidence lists the figures behind a recommendation (a flat object from the API).
function evidence(ev) {
  if (!ev || typeof ev !== 'object') return null;
  const parts = Object.entries(ev).filter(([, v]) => typeof v !== 'object')
    .map(([k, v]) => `${k.replaceAll('_', ' ')}: ${typeof v === 'number' ? +v.toFixed(6) : v}`);
  return parts.length ? h('div', { class: 'legend' }, parts.join(' · ')) : null;
}
