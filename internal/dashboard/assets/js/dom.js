// Small DOM helpers shared by the panels.

// h builds an element: h('td', {class: 'n'}, 'text', child, …). Attributes set to null or
// undefined are skipped; children may be strings, nodes, arrays or null.
export function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG_NS, tag);
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

function setAttrs(e, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(e, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// num renders one API number: the text is formatted, data-value keeps the raw value so the
// browser test can compare it with the API's answer. metric names the value ("overview.calls").
export function num(metric, value, format, cls = 'num') {
  const raw = value === null || value === undefined ? 'null' : String(value);
  return h('span', { class: cls, 'data-metric': metric, 'data-value': raw }, format(value));
}

// Panel lifecycle: data-state is loading | ready | empty | error, so a reader (or the test)
// can tell an empty answer and a failure from numbers.
export function panel(name) {
  const el = document.querySelector(`[data-panel="${name}"]`);
  const body = el.querySelector('.body');
  return {
    el,
    loading() { el.dataset.state = 'loading'; el.setAttribute('aria-busy', 'true'); },
    ready(...content) { show('ready', content); },
    empty(message) { show('empty', [h('p', { class: 'msg' }, message)]); },
    // error shows the failure; extra keeps controls (forms, pickers) usable next to it.
    error(err, extra = []) {
      // Long API messages (they may quote SQL) are cut; the full text stays in the tooltip.
      const text = String(err.message || err);
      show('error', [h('p', { class: 'msg', title: text }, 'Could not load: ' + (text.length > 240 ? text.slice(0, 240) + '…' : text)), extra]);
    },
  };
  function show(state, content) {
    body.replaceChildren(...content.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
    el.dataset.state = state;
    el.removeAttribute('aria-busy');
  }
}

// bar is a horizontal bar frac (0…1) of its cell wide. Width is set through the CSSOM: the
// page's Content-Security-Policy forbids inline style attributes.
export function bar(frac, cls = 'bar') {
  const e = h('div', { class: cls });
  e.style.width = `${Math.max(0, Math.min(1, frac || 0)) * 100}%`;
  return e;
}
