// Small shared pieces of the screens: notices, page header, form fields, busy buttons.
import { h } from './dom.js';
import { errorMessage } from './messages.js';

/** @param {'error' | 'success' | 'info' | 'warning'} kind */
export function notice(kind, ...content) {
  return h('div', { class: `notice notice--${kind}`, role: kind === 'error' ? 'alert' : null }, ...content);
}

export function errorNotice(error) {
  const fields = Array.isArray(error?.details) ? error.details.filter((d) => d && d.path !== undefined && d.location) : [];
  return notice('error', errorMessage(error), fields.length ? h('ul', null, fields.map((d) => h('li', null, `${[].concat(d.path).join('.')} : ${d.message}`))) : null);
}

/** The page's heading (focused after each navigation) with an optional breadcrumb. */
export function pageHeading(title, crumbs = []) {
  return [
    crumbs.length ? h('nav', { class: 'breadcrumb', 'aria-label': 'Fil d’Ariane' }, h('ol', null, crumbs.map(([label, href]) => h('li', null, h('a', { href }, label))), h('li', null, h('span', { 'aria-current': 'page' }, title)))) : null,
    h('h1', { tabindex: '-1' }, title),
  ];
}

let fieldCount = 0;

/**
 * A labelled input. @param {{ label: string, name: string, type?: string, value?: string, required?: boolean, hint?: string, attrs?: object }} spec
 */
export function field({ label, name, type = 'text', value, required = false, hint, attrs = {} }) {
  const id = `champ-${name}-${++fieldCount}`;
  const hintId = hint ? `${id}-aide` : null;
  const control = type === 'textarea' ? h('textarea', { id, name, required, 'aria-describedby': hintId, ...attrs }, value ?? '') : h('input', { id, name, type, value, required, 'aria-describedby': hintId, ...attrs });
  return h('div', { class: 'field' }, h('label', { for: id }, label, required ? ' (obligatoire)' : null), hint ? h('span', { class: 'hint', id: hintId }, hint) : null, control);
}

/** A labelled select. @param {{ label: string, name: string, options: Array<[string, string]>, value?: string, required?: boolean }} spec */
export function selectField({ label, name, options, value, required = false }) {
  const id = `champ-${name}-${++fieldCount}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label, required ? ' (obligatoire)' : null),
    h('select', { id, name, required }, options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text))),
  );
}

/** A group of checkboxes in a fieldset (activities). */
export function checkboxGroup({ legend, name, options, checked = [] }) {
  return h(
    'fieldset',
    null,
    h('legend', null, legend),
    options.map(([value, text]) => {
      const id = `champ-${name}-${value}-${++fieldCount}`;
      return h('div', { class: 'checkbox' }, h('input', { type: 'checkbox', id, name, value, checked: checked.includes(value) }), h('label', { for: id }, text));
    }),
  );
}

/** Runs `work` with the form's submit button disabled, and shows its error in `slot`. */
export async function submitting(form, slot, work) {
  const button = form.querySelector('button[type="submit"]');
  if (button) button.disabled = true;
  slot.replaceChildren();
  try {
    return await work();
  } catch (error) {
    slot.replaceChildren(errorNotice(error));
    slot.querySelector('[role="alert"]')?.setAttribute('tabindex', '-1');
    /** @type {HTMLElement | null} */ (slot.firstElementChild)?.focus();
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}
