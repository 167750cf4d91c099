// A table whose columns can be sorted by clicking their header. Columns are
// {key, label, fmt, numeric, metric}; metric names the data-metric prefix of the cells.
import { h, num } from './dom.js';

export function sortableTable({ columns, rows, metric, initial }) {
  let sortKey = initial?.key ?? null, dir = initial?.dir ?? 'descending';
  const tbody = h('tbody');
  const heads = columns.map((c) => h('th', {
    class: 'sortable' + (c.numeric ? ' n' : ''), scope: 'col', tabindex: 0, 'data-key': c.key,
    onclick: () => sortBy(c.key), onkeydown: (e) => { if (e.key === 'Enter') sortBy(c.key); },
  }, c.label));
  function sortBy(key) {
    dir = key === sortKey && dir === 'descending' ? 'ascending' : 'descending';
    sortKey = key;
    draw();
  }
  function draw() {
    const sorted = rows.map((r, i) => ({ r, i }));
    if (sortKey) {
      const sign = dir === 'ascending' ? 1 : -1;
      sorted.sort((a, b) => sign * compare(a.r[sortKey], b.r[sortKey]) || a.i - b.i);
    }
    heads.forEach((th) => th.setAttribute('aria-sort', th.dataset.key === sortKey ? dir : 'none'));
    // data-row keeps the API's index so a reader can match a row whatever the order.
    tbody.replaceChildren(...sorted.map(({ r, i }) => h('tr', { 'data-row': i },
      columns.map((c) => h('td', { class: c.numeric ? 'n' : c.cls },
        c.numeric ? num(`${metric}.${i}.${c.key}`, r[c.key], c.fmt, r[c.key] === null ? 'null' : '') : c.fmt(r[c.key]))))));
  }
  draw();
  return h('div', { class: 'table-wrap' }, h('table', { 'data-table': metric }, h('thead', {}, h('tr', {}, heads)), tbody));
}

// compare orders null (no value) below every value.
function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return typeof a === 'string' ? a.localeCompare(b) : a - b;
}
