// Number formatting. Missing values (null/undefined/NaN) are shown as "—", never as 0.

export const NONE = '—';

const missing = (v) => v === null || v === undefined || Number.isNaN(v);

export function int(v) {
  return missing(v) ? NONE : Math.round(v).toLocaleString('en-US');
}

export function usd(v) {
  if (missing(v)) return NONE;
  const digits = Math.abs(v) >= 100 ? 2 : Math.abs(v) >= 1 ? 3 : 4;
  return '$' + v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function pct(v) {
  return missing(v) ? NONE : v.toFixed(1) + '%';
}

// signed: net satisfaction score, a difference of percentages (−100…100).
export function signed(v) {
  return missing(v) ? NONE : (v > 0 ? '+' : '') + v.toFixed(1);
}

export function ms(v) {
  return missing(v) ? NONE : Math.round(v).toLocaleString('en-US') + ' ms';
}

// axis: a grid label, short (1.5k) and with only the decimals it needs.
export function axis(v) {
  if (Math.abs(v) >= 1000) return +(v / 1000).toFixed(1) + 'k';
  return String(+v.toFixed(2));
}

export function dec(v, digits = 2) {
  return missing(v) ? NONE : v.toFixed(digits);
}

export function time(iso) {
  const d = new Date(iso);
  return d.toLocaleString('en-GB', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

// axis label for a tick: time of day for short spans, day and time otherwise.
export function tick(date, spanMs) {
  const hm = date.toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });
  if (spanMs <= 36 * 3600e3) return hm;
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short' }) + ' ' + hm;
}
