// Entry point: wires the controls, loads every panel from the API on each change and reports
// progress in the status line (and in body data attributes the browser test waits on).
import { apiGet, FILTER_KEYS } from './api.js';
import { panel } from './dom.js';
import { readState, writeState, toQuery, recentTenants } from './state.js';
import * as overview from './panels/overview.js';
import * as volume from './panels/volume.js';
import * as latency from './panels/latency.js';
import * as popular from './panels/popular.js';
import * as zero from './panels/zero.js';
import * as clusters from './panels/clusters.js';
import * as satisfaction from './panels/satisfaction.js';
import * as funnel from './panels/funnel.js';
import * as cohorts from './panels/cohorts.js';
import * as cost from './panels/cost.js';
import * as recommendations from './panels/recommendations.js';
import * as anomalies from './panels/anomalies.js';

const PANELS = { overview, volume, latency, popular, zero, clusters, satisfaction, funnel, cohorts, cost, recommendations, anomalies };
const OVERVIEW_BUCKETS = 48;

const $ = (id) => document.getElementById(id);
let state = readState();
let generation = 0;

function init() {
  $('tenant').value = state.tenant;
  $('apikey').value = state.apiKey;
  $('range').value = state.range;
  $('from').value = state.from;
  $('to').value = state.to;
  for (const k of FILTER_KEYS) document.querySelector(`#filters [name="${k}"]`).value = state.filters[k];
  showCustom();
  $('controls').addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  $('range').addEventListener('change', () => { showCustom(); if ($('range').value !== 'custom') apply(); });
  $('tenant').addEventListener('change', apply);
  for (const inp of document.querySelectorAll('#filters input')) inp.addEventListener('change', apply);
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  $('clear-filters').addEventListener('click', () => {
    for (const inp of document.querySelectorAll('#filters input')) inp.value = '';
    apply();
  });
  apply();
}

function showCustom() {
  const custom = $('range').value === 'custom';
  $('custom-range').hidden = !custom;
  if (custom && !$('from').value) {
    // Start from the last 24 h so the fields are never blank.
    const to = new Date(Math.ceil(Date.now() / 60e3) * 60e3), from = new Date(to - 24 * 3600e3);
    $('from').value = localInput(from);
    $('to').value = localInput(to);
  }
}

function localInput(d) {
  const z = new Date(d.getTime() - d.getTimezoneOffset() * 60e3);
  return z.toISOString().slice(0, 16);
}

function apply() {
  const filters = {};
  for (const k of FILTER_KEYS) filters[k] = document.querySelector(`#filters [name="${k}"]`).value.trim();
  state = { ...state, tenant: $('tenant').value.trim(), apiKey: $('apikey').value.trim(), range: $('range').value,
    from: $('from').value, to: $('to').value, filters };
  if (!state.tenant) return status('Pick a tenant.', true);
  let q;
  try {
    q = toQuery(state);
  } catch (e) {
    return status(e.message, true);
  }
  writeState(state);
  $('tenant-list').replaceChildren(...recentTenants().map((t) => Object.assign(document.createElement('option'), { value: t })));
  load(q);
}

// load refreshes every panel. Answers of an older refresh are dropped (isCurrent), so a slow
// response never overwrites a newer one.
async function load(q) {
  const gen = ++generation;
  const started = performance.now();
  document.body.dataset.ready = 'false';
  document.body.dataset.refresh = String(gen);
  document.body.dataset.from = q.from;
  document.body.dataset.to = q.to;
  status('Loading…');
  const ctx = {
    query: q,
    isCurrent: () => gen === generation,
    overview: once(() => apiGet('overview', q, { buckets: OVERVIEW_BUCKETS })),
    anomalies: once(() => apiGet('anomalies', q, { limit: 200 })),
    state,
    saveState: () => writeState(state),
  };
  await Promise.all(Object.entries(PANELS).map(([name, mod]) => render(name, mod, ctx)));
  if (!ctx.isCurrent()) return;
  loadDimensions(q); // after the panels: suggestions must not slow the numbers down
  const took = Math.round(performance.now() - started);
  const failed = document.querySelectorAll('.panel[data-state="error"]').length;
  document.body.dataset.loadMs = String(took);
  // Milliseconds since navigation start: the page-load time of the first refresh.
  document.body.dataset.readyAt = String(Math.round(performance.now()));
  document.body.dataset.ready = 'true';
  const range = `${new Date(q.from).toLocaleString()} – ${new Date(q.to).toLocaleString()}`;
  const needsKey = [...document.querySelectorAll('.panel[data-state="error"]')].some((p) => p.textContent.includes('401: '));
  status(`${range} · loaded in ${took} ms` + (failed ? ` · ${failed} panel(s) failed` : '') +
    (needsKey ? ' · the API needs a key: enter yours under "API key"' : ''), failed > 0);
}

// render runs one panel: its module returns nodes, {empty: message} when the API answered
// with no data for the range, or {error, content} for a failure shown next to its controls.
export async function render(name, mod, ctx) {
  const p = panel(name);
  p.loading();
  try {
    const out = await mod.render(ctx, () => render(name, mod, ctx));
    if (!ctx.isCurrent()) return;
    if (out && out.empty) p.empty(out.empty);
    else if (out && out.error) p.error(out.error, out.content);
    else p.ready(out);
  } catch (e) {
    if (ctx.isCurrent()) p.error(e);
  }
}

function once(fn) {
  let p;
  return () => (p ??= fn());
}

// loadDimensions fills the filter suggestions; a failure only leaves them empty.
async function loadDimensions(q) {
  try {
    const dims = await apiGet('dimensions', { ...q, filters: {} });
    for (const k of FILTER_KEYS) {
      const list = $(`dim-${k}`);
      list.replaceChildren(...(dims[k] || []).map((v) => Object.assign(document.createElement('option'), { value: v })));
    }
  } catch { /* suggestions are optional */ }
}

function status(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

init();
