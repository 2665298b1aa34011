import { DEFAULT_TIME_ZONE, DocumentParties, nameOrErased, ReservedLine } from './document-inputs';
import { formatInstant, parseInstant } from './format/date-format';
import { formatEuros } from './format/money-format';
import { InputChecks } from './input-checks';
import { reservedLinesTable } from './order-detail.document';
import { DocumentBuilder, MUTED } from './pdf/document-builder';
import { drawDocumentHeader } from './pdf/document-header';

export interface PaymentTicketInput extends DocumentParties {
  readonly ticket: {
    /** 'R-2026-000123': unique, continuous per calendar year. */
    readonly ticketNumber: string;
    readonly paymentId: string;
    readonly orderId: string;
    readonly paidAt: string;
    /** The payment received from the provider. */
    readonly amountCents: number;
    /** 'stripe', 'simulated' or another provider's name. */
    readonly provider: string;
    readonly lines: readonly ReservedLine[];
    readonly totalCents: number;
    readonly creditAppliedCents: number;
    /** total − credit applied: what this payment settled. */
    readonly amountPaidCents: number;
  };
  /** The instant the document speaks for; defaults to `paidAt`. */
  readonly issuedAt?: string;
}

export const PAYMENT_TICKET_TITLE = 'Ticket de paiement';

const PROVIDER_LABELS = new Map<string, string>([
  ['stripe', 'Carte bancaire (Stripe)'],
  ['simulated', 'Paiement simulé (démonstration)'],
]);

function check(input: PaymentTicketInput): void {
  const checks = new InputChecks('renderPaymentTicket');
  checks.parties(input);
  checks.instant('issuedAt', input.issuedAt, true);
  const ticket = input.ticket;
  if (checks.object('ticket', ticket)) {
    checks.text('ticket.ticketNumber', ticket.ticketNumber);
    checks.text('ticket.paymentId', ticket.paymentId);
    checks.text('ticket.orderId', ticket.orderId);
    checks.text('ticket.provider', ticket.provider);
    checks.instant('ticket.paidAt', ticket.paidAt);
    checks.cents('ticket.amountCents', ticket.amountCents);
    checks.settledLines('ticket', ticket, 'amountPaidCents', 'amount paid');
  }
  checks.done();
}

/** *Ticket de paiement*: the receipt that validates the order's reservations (R8). */
export async function renderPaymentTicket(input: PaymentTicketInput): Promise<Uint8Array> {
  check(input);
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const { ticket } = input;
  const issuedAt = input.issuedAt ?? ticket.paidAt;
  const builder = await DocumentBuilder.start({
    kind: 'payment-ticket',
    reference: `Ticket ${ticket.ticketNumber}`,
    title: PAYMENT_TICKET_TITLE,
    subject: `Ticket de paiement ${ticket.ticketNumber} — commande ${ticket.orderId}`,
    author: input.municipality.name,
    issuedAtMs: parseInstant(issuedAt) as number,
  });
  drawDocumentHeader(builder, {
    municipality: input.municipality,
    title: PAYMENT_TICKET_TITLE,
    fields: [
      ['Ticket n°', ticket.ticketNumber],
      ['Famille', `${nameOrErased(input.family.name)} (réf. ${input.family.familyId})`],
      ['Payé le', formatInstant(ticket.paidAt, timeZone)],
      ['Montant payé', formatEuros(ticket.amountCents)],
      ['Moyen de paiement', PROVIDER_LABELS.get(ticket.provider) ?? ticket.provider],
      ['Référence du paiement', ticket.paymentId],
      ['Commande n°', ticket.orderId],
    ],
  });
  reservedLinesTable(builder, ticket.lines, 'Prix unitaire');
  builder.gap(6);
  const count = ticket.lines.length;
  builder.totals([
    { label: `Total des réservations (${count} jour${count > 1 ? 's' : ''})`, value: formatEuros(ticket.totalCents) },
    { label: 'Avoir déduit', value: formatEuros(-ticket.creditAppliedCents) },
    { label: 'Montant réglé', value: formatEuros(ticket.amountPaidCents), strong: true },
  ]);
  builder.gap(10);
  builder.paragraph('Ce ticket vaut justificatif de paiement : il valide les réservations ci-dessus.', { size: 9.5, color: MUTED });
  return builder.finish();
}
