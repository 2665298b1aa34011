// « Historique » as a parent reads it: the API gives one entry per recorded event (GET …/history,
// ids and amounts only, never a name); this module folds them into what the parent did — one
// entry per payment (started, received, reservation validated, ticket), one per cancellation
// with its credit note — names the child, and says what each entry links to. No DOM here.

import { formatEuros } from './format.js';

const PAYMENT_TYPES = new Set(['PaymentStarted', 'PaymentConfirmed', 'PaymentTicketIssued']);
const CANCELLATION_TYPES = new Set(['ReservationCancelled']);

/**
 * @typedef {{ at: string, revision?: number, type: string, summary?: string, amountCents?: number, orderId?: string,
 *   cancellationId?: string, paymentId?: string, creditId?: string, childId?: string, ticketNumber?: string, creditNoteNumber?: string }} Entry
 * @typedef {{ kind: 'order' | 'cancellation', id: string }} Detail
 * @typedef {{ kind: 'order' | 'ticket' | 'cancellation', id: string, number?: string }} Pdf
 * @typedef {{ at: string, revision: number, summary: string, detail?: Detail, pdf?: Pdf }} Item
 */

const amount = (cents) => (Number.isInteger(cents) ? ` — ${formatEuros(cents)}` : '');
const last = (entries) => entries.reduce((a, b) => (String(b.at).localeCompare(String(a.at)) > 0 || (b.at === a.at && (b.revision ?? 0) > (a.revision ?? 0)) ? b : a));
const textAfterColon = (summary) => {
  const at = String(summary ?? '').indexOf(' : ');
  return at < 0 ? '' : String(summary).slice(at + 3);
};

/** One payment, from its entries (oldest first). */
function paymentItem(entries) {
  const started = entries.find((e) => e.type === 'PaymentStarted');
  const received = entries.find((e) => e.type === 'PaymentConfirmed');
  const confirmed = entries.find((e) => e.type === 'ReservationConfirmed');
  const ticket = entries.find((e) => e.type === 'PaymentTicketIssued');
  const any = received ?? started ?? entries[0];
  const orderId = any.orderId;
  const cents = received?.amountCents ?? started?.amountCents;
  let summary;
  if (!received) summary = `Paiement en ligne commencé${amount(cents)} (pas encore reçu)`;
  else if (confirmed) summary = `Paiement reçu${amount(cents)} : réservation validée`;
  else summary = received.summary ?? `Paiement reçu${amount(cents)}`;
  if (ticket?.ticketNumber) summary += `, ticket de paiement ${ticket.ticketNumber}`;
  const end = last(entries);
  return {
    at: end.at,
    revision: end.revision ?? 0,
    summary,
    ...(orderId ? { detail: { kind: 'order', id: orderId } } : {}),
    ...(ticket?.ticketNumber && any.paymentId ? { pdf: { kind: 'ticket', id: any.paymentId, number: ticket.ticketNumber } } : {}),
  };
}

/** One cancellation with the credit it gave and that credit's note. */
function cancellationItem(entries) {
  const cancelled = entries.find((e) => CANCELLATION_TYPES.has(e.type));
  const note = entries.find((e) => e.type === 'CreditNoteIssued');
  const end = last(entries);
  let summary = cancelled?.summary ?? entries[0].summary ?? '';
  if (cancelled && entries.some((e) => e.type === 'CreditIssued')) summary += note?.creditNoteNumber ? ` ; avoir ${note.creditNoteNumber}` : ' ; avoir émis';
  const id = cancelled?.cancellationId ?? entries.find((e) => e.cancellationId)?.cancellationId;
  return { at: end.at, revision: end.revision ?? 0, summary, ...(id ? { detail: { kind: 'cancellation', id }, pdf: { kind: 'cancellation', id } } : {}) };
}

/**
 * The parent's history, oldest first, from the API's entries (oldest first).
 * @param {Entry[]} entries
 * @param {{ childName?: (childId: string) => string | null | undefined }} [names]
 * @returns {Item[]}
 */
export function parentHistory(entries, names = {}) {
  /** @type {Map<string, Entry[]>} */
  const groups = new Map();
  /** @type {Array<{ key: string } | { entry: Entry }>} */
  const order = [];
  const creditOfCancellation = new Map();
  const keyOf = (entry) => {
    if (PAYMENT_TYPES.has(entry.type) && entry.paymentId) return `payment:${entry.paymentId}`;
    if (entry.type === 'ReservationConfirmed' && entry.paymentId) return `payment:${entry.paymentId}`;
    if (entry.type === 'ReservationCancelled' && entry.cancellationId) return `cancellation:${entry.cancellationId}`;
    if (entry.type === 'CreditIssued' && entry.cancellationId) {
      if (entry.creditId) creditOfCancellation.set(entry.creditId, entry.cancellationId);
      return `cancellation:${entry.cancellationId}`;
    }
    if (entry.type === 'CreditNoteIssued' && entry.creditId && creditOfCancellation.has(entry.creditId)) return `cancellation:${creditOfCancellation.get(entry.creditId)}`;
    if ((entry.type === 'CreditIssued' || entry.type === 'CreditNoteIssued') && entry.creditId) return `credit:${entry.creditId}`;
    return null;
  };
  for (const entry of entries) {
    const key = keyOf(entry);
    if (key === null) {
      order.push({ entry });
      continue;
    }
    if (!groups.has(key)) {
      groups.set(key, []);
      order.push({ key });
    }
    groups.get(key)?.push(entry);
  }
  return order.map((slot) => {
    if ('key' in slot) {
      const group = /** @type {Entry[]} */ (groups.get(slot.key));
      if (slot.key.startsWith('payment:')) return paymentItem(group);
      if (slot.key.startsWith('cancellation:')) return cancellationItem(group);
      // A credit not from a cancellation (goodwill, a payment turned into credit) with its note.
      const issued = group.find((e) => e.type === 'CreditIssued');
      const note = group.find((e) => e.type === 'CreditNoteIssued');
      const end = last(group);
      const summary = `${issued?.summary ?? note?.summary ?? ''}${issued && note?.creditNoteNumber ? ` ; avoir ${note.creditNoteNumber}` : ''}`;
      return { at: end.at, revision: end.revision ?? 0, summary };
    }
    return singleItem(slot.entry, names);
  });
}

/** @param {Entry} entry */
function singleItem(entry, names) {
  const base = { at: entry.at, revision: entry.revision ?? 0 };
  const child = entry.childId ? names.childName?.(entry.childId) : null;
  switch (entry.type) {
    case 'ChildEnrolled':
      return { ...base, summary: `${child ? `Inscription de ${child}` : "Inscription d'un enfant"} : ${textAfterColon(entry.summary)}` };
    case 'ChildEnrolmentChanged':
      return { ...base, summary: `${child ? `Inscriptions de ${child} modifiées` : "Inscriptions d'un enfant modifiées"} : ${textAfterColon(entry.summary)}` };
    case 'ReservationRequested':
    case 'ReservationConfirmed':
    case 'ReservationExpired':
      return entry.orderId
        ? { ...base, summary: entry.summary ?? entry.type, detail: { kind: 'order', id: entry.orderId }, pdf: { kind: 'order', id: entry.orderId } }
        : { ...base, summary: entry.summary ?? entry.type };
    default:
      return { ...base, summary: entry.summary ?? entry.type };
  }
}
