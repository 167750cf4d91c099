// Page state: tenant, time range and filters live in the URL (shareable links); the API key
// stays in sessionStorage only.
import { FILTER_KEYS } from './api.js';

export const RANGES = { '1h': 3600e3, '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3 };

export function readState() {
  const u = new URLSearchParams(location.search);
  const filters = {};
  for (const k of FILTER_KEYS) filters[k] = u.get(k) || '';
  return {
    tenant: u.get('tenant') || localStorage.getItem('aianalytics.tenant') || 'default',
    range: u.get('range') in RANGES || u.get('range') === 'custom' ? u.get('range') : '24h',
    from: u.get('from') || '',
    to: u.get('to') || '',
    filters,
    cohorts: (u.get('cohorts') || '').split(',').filter(Boolean),
    apiKey: sessionStorage.getItem('aianalytics.apikey') || '',
  };
}

export function writeState(st) {
  const u = new URLSearchParams({ tenant: st.tenant, range: st.range });
  if (st.range === 'custom') { u.set('from', st.from); u.set('to', st.to); }
  for (const k of FILTER_KEYS) if (st.filters[k]) u.set(k, st.filters[k]);
  if (st.cohorts.length) u.set('cohorts', st.cohorts.join(','));
  history.replaceState(null, '', '?' + u);
  localStorage.setItem('aianalytics.tenant', st.tenant);
  const recent = [st.tenant, ...recentTenants().filter((t) => t !== st.tenant)].slice(0, 10);
  localStorage.setItem('aianalytics.tenants', JSON.stringify(recent));
  if (st.apiKey) sessionStorage.setItem('aianalytics.apikey', st.apiKey);
  else sessionStorage.removeItem('aianalytics.apikey');
}

// query turns the state into API parameters. Relative ranges end at the next whole minute, so
// the panels of one refresh (and the browser test) ask for the same range.
export function toQuery(st, now = Date.now()) {
  let from, to;
  if (st.range === 'custom') {
    from = new Date(st.from);
    to = new Date(st.to);
    if (!(from < to)) throw new Error('custom range: "from" must be before "to"');
  } else {
    to = new Date(Math.ceil(now / 60e3) * 60e3);
    from = new Date(to.getTime() - RANGES[st.range]);
  }
  return { tenant: st.tenant, from: from.toISOString(), to: to.toISOString(), filters: { ...st.filters }, apiKey: st.apiKey };
}

// recentTenants are the tenants this browser looked at, newest first (the tenant suggestions:
// the API lists no tenants, a key sees only its own).
export function recentTenants() {
  try {
    const v = JSON.parse(localStorage.getItem('aianalytics.tenants') || '[]');
    return Array.isArray(v) ? v.filter((t) => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
