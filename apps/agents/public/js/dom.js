// A small element builder: h('button', { class: 'x', onclick }, 'texte', child, …).
// Text is always set as text (never innerHTML): API data cannot inject markup.

/**
 * @param {string} tag
 * @param {Record<string, unknown> | null} [attrs]
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    else if (name === 'class') el.className = String(value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

/** @param {Element} parent @param {unknown[]} children */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** @param {Element} parent @param {...unknown} children */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * A table with a caption and column headers (`scope="col"`); the first cell of each row is
 * its row header (`scope="row"`) when `rowHeader` is true.
 * @param {{ caption: string, columns: Array<string | { label: string, number?: boolean }>, rows: unknown[][], rowHeader?: boolean, footer?: unknown[] }} spec
 */
export function table({ caption, columns, rows, rowHeader = true, footer }) {
  const cols = columns.map((c) => (typeof c === 'string' ? { label: c, number: false } : { number: false, ...c }));
  const cell = (value, index, tag) => h(tag, { class: cols[index]?.number ? 'number' : null, scope: tag === 'th' ? (index === 0 ? 'row' : 'col') : null }, value);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      null,
      h('caption', null, caption),
      h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col', class: c.number ? 'number' : null }, c.label)))),
      h('tbody', null, rows.map((row) => h('tr', null, row.map((value, index) => cell(value, index, index === 0 && rowHeader ? 'th' : 'td'))))),
      footer ? h('tfoot', null, h('tr', null, footer.map((value, index) => cell(value, index, index === 0 ? 'th' : 'td')))) : null,
    ),
  );
}
