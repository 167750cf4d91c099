// Ordered funnel (GET /v1/analytics/funnel): users and conversion per stage, the step drop-off,
// and the API's bottlenecks highlighted.
import { apiGet } from '../api.js';
import { h, num, bar } from '../dom.js';
import { int, pct } from '../format.js';

export async function render(ctx) {
  const f = await apiGet('funnel', ctx.query);
  if (f.stages.length === 0 || f.stages[0].unique_users === 0) return { empty: 'No funnel events in this range.' };
  const leaks = new Map(f.bottlenecks.map((b) => [b.to, b]));
  const first = f.stages[0].unique_users;
  return [
    h('div', { class: 'bars', 'data-chart': 'funnel' }, f.stages.map((st, i) => {
      const leak = leaks.get(st.stage);
      return [
        h('span', { class: leak ? 'bottleneck' : '' }, st.stage),
        bar(st.unique_users / first, leak ? 'bar bad' : 'bar'),
        h('span', {}, num(`funnel.${i}.unique_users`, st.unique_users, int, ''), ' users · ',
          num(`funnel.${i}.conversion_rate`, st.conversion_rate, pct, '')),
      ];
    })),
    f.bottlenecks.length === 0
      ? h('p', { class: 'msg' }, 'No bottleneck: every step keeps enough users.')
      : [h('h3', {}, 'Bottlenecks'), h('ul', {}, f.bottlenecks.map((b, i) => h('li', { class: 'bottleneck' },
        `${b.from} → ${b.to}: `, num(`funnel.bottlenecks.${i}.drop_off_percent`, b.drop_off_percent, pct, ''), ' drop off')))],
  ];
}
