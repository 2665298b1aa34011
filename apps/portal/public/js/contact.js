// Whom a parent contacts: the service's phone and e-mail from the municipality file
// (GET /api/catalog → municipality.contact, each part optional).

import { h } from './dom.js';

/**
 * @param {{ municipality?: { contact?: { service?: string, phone?: string, email?: string } } } | null | undefined} catalog
 * @returns {{ service: string, phone: string | null, email: string | null } | null} null when the file gives neither phone nor e-mail
 */
export function serviceContact(catalog) {
  const contact = catalog?.municipality?.contact;
  const phone = typeof contact?.phone === 'string' && contact.phone.trim() ? contact.phone.trim() : null;
  const email = typeof contact?.email === 'string' && contact.email.trim() ? contact.email.trim() : null;
  if (!phone && !email) return null;
  const named = typeof contact?.service === 'string' && contact.service.trim() ? contact.service.trim() : 'service périscolaire';
  return { service: /^service\b/i.test(named) ? named.replace(/^Service\b/, 'service') : `service ${named}`, phone, email };
}

/** '03 85 00 12 34' → 'tel:0385001234' */
export function telHref(phone) {
  return `tel:${phone.replace(/[^+0-9]/g, '')}`;
}

function phoneLink(phone) {
  return h('a', { href: telHref(phone) }, phone);
}

function emailLink(email) {
  return h('a', { href: `mailto:${email}` }, email);
}

/**
 * « — contactez le service enfance-jeunesse au 03 85 00 12 34 » after a locked day's
 * « Délai dépassé depuis le … » (the phone when there is one, else the e-mail); null without a contact.
 */
export function lockedDayContact(catalog) {
  const contact = serviceContact(catalog);
  if (!contact) return null;
  return h(
    'span',
    { class: 'slot__contact' },
    ` — contactez le ${contact.service} `,
    contact.phone ? ['au ', phoneLink(contact.phone)] : ['à ', emailLink(/** @type {string} */ (contact.email))],
  );
}

/** The footer's line: « Une question ? Service enfance-jeunesse : 03 85 00 12 34 · periscolaire@… ». */
export function footerContact(catalog) {
  const contact = serviceContact(catalog);
  if (!contact) return [];
  const service = contact.service.charAt(0).toUpperCase() + contact.service.slice(1);
  const parts = [contact.phone ? phoneLink(contact.phone) : null, contact.email ? emailLink(contact.email) : null].filter(Boolean);
  return ['Une question ? ', `${service} : `, parts.flatMap((part, i) => (i === 0 ? [part] : [' · ', part]))];
}
