// Popular queries (GET /v1/analytics/popular-queries), sortable.
import { apiGet } from '../api.js';
import { int, ms, dec } from '../format.js';
import { sortableTable } from '../table.js';

const COLUMNS = [
  { key: 'query', label: 'Query', fmt: (v) => v, cls: 'q' },
  { key: 'count', label: 'Calls', fmt: int, numeric: true },
  { key: 'unique_users', label: 'Users', fmt: int, numeric: true },
  { key: 'average_latency_ms', label: 'Avg latency', fmt: ms, numeric: true },
  { key: 'avg_satisfaction_score', label: 'Satisfaction', fmt: (v) => dec(v, 2), numeric: true },
  { key: 'resulted_in_error', label: 'Errors', fmt: int, numeric: true },
  { key: 'zero_results', label: 'Zero results', fmt: int, numeric: true },
];

export async function render(ctx) {
  const rows = await apiGet('popular-queries', ctx.query, { limit: 50 });
  if (rows.length === 0) return { empty: 'No queries in this range for these filters.' };
  return sortableTable({ columns: COLUMNS, rows, metric: 'popular' });
}

