// Maps the page's data-metric names to the API answers they come from, and checks that a
// displayed text shows a value (within the rounding of its format).

// source returns the endpoint (path without query) and the path inside its JSON answer
// for a metric name such as "popular.3.count" or "overview.cost_usd".
export function source(metric) {
  const [panel, ...rest] = metric.split('.');
  switch (panel) {
    case 'overview': return { endpoint: 'overview', path: ['totals', ...rest] };
    case 'zero': return rest.length === 1 ? { endpoint: 'zero-results', path: rest } : { endpoint: 'zero-results', path: ['affected_queries', ...rest] };
    case 'popular': return { endpoint: 'popular-queries', path: rest };
    case 'clusters': return { endpoint: 'query-clusters', path: rest };
    case 'satisfaction':
      if (rest[0] === 'ratings') return { endpoint: 'overview', path: ['totals', 'ratings', String(Number(rest[1]) - 1)] };
      return { endpoint: 'satisfaction', path: rest };
    case 'funnel': return rest[0] === 'bottlenecks' ? { endpoint: 'funnel', path: rest } : { endpoint: 'funnel', path: ['stages', ...rest] };
    case 'cohorts': return { endpoint: 'cohorts/compare', path: rest };
    case 'cost': return { endpoint: 'cost-segments', path: rest };
    case 'recommendations': return { endpoint: 'cost-recommendations', path: rest };
    case 'anomalies': return { endpoint: 'anomalies', path: rest };
    default: throw new Error(`unknown metric ${metric}`);
  }
}

export function dig(obj, path) {
  return path.reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), obj);
}

// sameValue compares a page's data-value with the API's value. Averages computed by
// ClickHouse over parallel threads may differ in the last bits between two identical queries,
// so floats agree within a relative 1e-9; everything else exactly.
export function sameValue(raw, want) {
  if (typeof want === 'number' && raw !== 'null') {
    const got = Number(raw);
    return Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));
  }
  return raw === String(want);
}

// shown parses the number out of a formatted text: "$1,234.5", "30.1%", "+9.1", "4,120 ms".
// "—" is null. Returns {value, decimals}.
export function shown(text) {
  const t = text.trim();
  if (t === '—') return { value: null, decimals: 0 };
  const m = t.match(/[-+]?[\d,]*\.?\d+/);
  if (!m) throw new Error(`no number in "${text}"`);
  const s = m[0].replaceAll(',', '');
  const dot = s.indexOf('.');
  return { value: Number(s), decimals: dot < 0 ? 0 : s.length - dot - 1 };
}

// textMatches: the text shows value rounded to the decimals it displays.
export function textMatches(text, value) {
  const { value: v, decimals } = shown(text);
  if (value === null || value === undefined) return v === null;
  if (v === null) return false;
  return Math.abs(v - value) <= 0.5 * 10 ** -decimals + 1e-9 * Math.max(1, Math.abs(value));
}
