// Calls to the analytics API of the same origin. Every request carries the tenant, the time
// range and the active filters; errors keep the API's own message so panels can show it.

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export const FILTER_KEYS = ['model', 'service', 'feature_version', 'user_segment', 'geography'];

// query is {tenant, from, to, filters, apiKey}; extra are endpoint-specific parameters.
export function apiURL(path, query, extra = {}) {
  const p = new URLSearchParams({ tenant: query.tenant, from: query.from, to: query.to });
  for (const k of FILTER_KEYS) if (query.filters[k]) p.set(k, query.filters[k]);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') p.set(k, v);
  return `v1/analytics/${path}?${p}`;
}

export async function apiGet(path, query, extra) {
  return request(apiURL(path, query, extra), { headers: headers(query) });
}

export async function apiPost(path, query, body) {
  const p = new URLSearchParams({ tenant: query.tenant });
  return request(`v1/analytics/${path}?${p}`, {
    method: 'POST',
    headers: { ...headers(query), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function headers(query) {
  return query.apiKey ? { Authorization: `Bearer ${query.apiKey}` } : {};
}

async function request(url, init) {
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new ApiError(0, `API unreachable: ${e.message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, `${res.status}: ${errorMessage(text) || res.statusText}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(res.status, 'the API answered something that is not JSON');
  }
}

// errorMessage reads {"error": "..."} (or {"message": ...}) bodies, else the plain text.
function errorMessage(text) {
  try {
    const j = JSON.parse(text);
    return j.error?.message || j.error || j.message || text.trim();
  } catch {
    return text.trim().slice(0, 300);
  }
}
