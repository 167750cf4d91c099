// Query clusters (GET /v1/analytics/query-clusters): size as a bar, label, similarity, samples.
import { apiGet } from '../api.js';
import { h, num, bar } from '../dom.js';
import { int, dec } from '../format.js';

const METHODS = { embedding: 'by query embeddings', lexical_tfidf: 'lexical (TF-IDF over query text)' };

export async function render(ctx) {
  const cs = await apiGet('query-clusters', ctx.query);
  if (cs.length === 0) return { empty: 'No queries to cluster in this range.' };
  const max = Math.max(...cs.map((c) => c.size));
  const method = cs[0].method;
  return [
    h('p', { class: 'legend' }, `${cs.length} clusters, ${METHODS[method] || method}.`),
    h('div', { class: 'table-wrap' }, cs.map((c, i) => h('div', { class: 'cluster', 'data-row': i },
      h('div', { class: 'bars' },
        h('strong', {}, c.label),
        h('div', {}, bar(c.size / max)),
        h('span', {}, num(`clusters.${i}.size`, c.size, int, ''), ' calls · similarity ',
          num(`clusters.${i}.semantic_similarity`, c.semantic_similarity, (v) => dec(v, 2), ''))),
      h('ul', { class: 'samples' }, c.queries.map((q) => h('li', {}, q)))))),
  ];
}
