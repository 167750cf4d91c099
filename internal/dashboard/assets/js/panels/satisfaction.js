// Satisfaction breakdown: thumbs, ratings histogram and follow-up/share/save rates
// (GET /v1/analytics/satisfaction; the histogram from the overview's rating counts).
import { apiGet } from '../api.js';
import { h, num, bar } from '../dom.js';
import { int, pct, signed, dec } from '../format.js';

export async function render(ctx) {
  const [sat, ov] = await Promise.all([apiGet('satisfaction', ctx.query), ctx.overview()]);
  const s = Array.isArray(sat) ? sat[0] : sat;
  if (!s || s.total === 0) return { empty: 'No feedback in this range for these filters.' };
  const item = (label, key, fmt) => h('div', {}, h('span', { class: 'label' }, label), num(`satisfaction.${key}`, s[key], fmt));
  const ratings = ov.totals.ratings;
  const maxR = Math.max(...ratings);
  return [
    h('div', { class: 'kv' },
      item('Net satisfaction', 'net_satisfaction_score', signed),
      item('Thumbs up', 'thumbs_up_rate', pct),
      item('Thumbs down', 'thumbs_down_rate', pct),
      item('Average rating', 'avg_rating', (v) => dec(v, 2)),
      item('Follow-up rate', 'follow_up_rate', pct),
      item('Share rate', 'share_rate', pct),
      item('Save rate', 'save_rate', pct),
      item('Feedback events', 'total', int)),
    h('h3', {}, 'Ratings'),
    ratings.every((n) => n === 0)
      ? h('p', { class: 'msg' }, 'No ratings in this range.')
      : h('div', { class: 'bars', 'data-chart': 'ratings' }, ratings.map((n, i) => [
        h('span', {}, '★'.repeat(i + 1)), bar(n / maxR), num(`satisfaction.ratings.${i + 1}`, n, int, '')])),
  ];
}
