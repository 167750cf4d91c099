// Zero-result rate and the queries that most often found nothing (GET /v1/analytics/zero-results).
import { apiGet } from '../api.js';
import { h, num } from '../dom.js';
import { int, pct } from '../format.js';

export async function render(ctx) {
  const z = await apiGet('zero-results', ctx.query);
  if (z.total === 0) return { empty: 'No GenAI calls in this range for these filters.' };
  const kv = h('div', { class: 'kv' },
    h('div', {}, h('span', { class: 'label' }, 'Zero-result rate'), num('zero.zero_result_rate', z.zero_result_rate, pct)),
    h('div', {}, h('span', { class: 'label' }, 'Zero-result calls'), num('zero.zero_results', z.zero_results, int)),
    h('div', {}, h('span', { class: 'label' }, 'All calls'), num('zero.total', z.total, int)));
  if (z.affected_queries.length === 0) return [kv, h('p', { class: 'msg' }, 'No query went unanswered.')];
  return [kv, h('h3', {}, 'Top affected queries'), h('div', { class: 'table-wrap' }, h('table', { 'data-table': 'zero' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Query'), h('th', { class: 'n' }, 'Zero-result calls'))),
    h('tbody', {}, z.affected_queries.map((q, i) => h('tr', { 'data-row': i },
      h('td', { class: 'q' }, q.query), h('td', { class: 'n' }, num(`zero.${i}.count`, q.count, int, '')))))))];
}
