import { z } from 'zod';
import { formatEuros } from '@periscol/reservation-domain';
import { InvalidMailError } from './mail.errors';
import type { MailMessage } from './mail-message';
import type { ServiceContact } from '@periscol/reservation-domain';
import { AUTOMATIC_NOTICE, emailCentsSchema, emailContactSchema, emailLineSchema, escapeHtml, htmlEmail, reservedDaysHtml, reservedDaysText, textFooter, type EmailLine } from './mail-layout';

export type PaymentTicketLine = EmailLine;

export interface PaymentTicketEmailInput {
  /** `R-2026-000001`. */
  readonly ticketNumber: string;
  readonly to: string;
  readonly municipality: string;
  /** Whom parents ask (municipality file): the footer says it, since nobody reads replies. */
  readonly contact?: ServiceContact;
  readonly amountPaidCents: number;
  readonly totalCents: number;
  readonly creditAppliedCents: number;
  readonly paidAt: Date;
  readonly lines: readonly PaymentTicketLine[];
  /** The *Ticket de paiement* PDF. */
  readonly pdf: Buffer;
  /** Municipality's time zone, for the payment time. */
  readonly timeZone?: string;
  /** Right-hand side of the Message-ID. */
  readonly messageIdDomain?: string;
}

const cents = emailCentsSchema;
const inputSchema = z.object({
  ticketNumber: z.string().regex(/^[A-Z]+-\d{4}-\d{6,}$/),
  to: z.email(),
  municipality: z.string().trim().min(1),
  contact: emailContactSchema,
  amountPaidCents: cents,
  totalCents: cents,
  creditAppliedCents: cents,
  paidAt: z.date(),
  lines: z.array(emailLineSchema).min(1),
  pdf: z.instanceof(Buffer).refine((b) => b.length > 0, 'the ticket PDF is empty'),
  timeZone: z.string().optional(),
  messageIdDomain: z.string().regex(/^[A-Za-z0-9.-]+$/).optional(),
});

/** `<R-2026-000001@periscol.local>`: stable, so the outbox sends one e-mail per ticket. */
export function ticketMessageId(ticketNumber: string, domain = 'periscol.local'): string {
  return `<${ticketNumber}@${domain}>`;
}

/**
 * The e-mail that carries a payment ticket (R8): French text and HTML, the ticket PDF attached.
 * Pure: the same input gives the same message.
 * @throws InvalidMailError
 */
export function paymentTicketEmail(input: PaymentTicketEmailInput): MailMessage {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidMailError('invalid payment ticket e-mail', parsed.error.issues);

  const timeZone = input.timeZone ?? 'Europe/Paris';
  const paidDay = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(input.paidAt);
  const paidTime = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone }).format(input.paidAt);
  const amount = formatEuros(input.amountPaidCents);
  const subject = `Votre ticket de paiement ${input.ticketNumber}`;

  const text = [
    'Bonjour,',
    '',
    `Nous avons bien reçu votre paiement de ${amount} le ${paidDay} à ${paidTime}.`,
    `Votre ticket de paiement ${input.ticketNumber} valide les réservations suivantes :`,
    '',
    ...reservedDaysText(input.lines),
    `Total des réservations : ${formatEuros(input.totalCents)}`,
    ...(input.creditAppliedCents > 0 ? [`Avoir déduit : ${formatEuros(input.creditAppliedCents)}`] : []),
    `Montant payé : ${amount}`,
    '',
    `Le ticket de paiement ${input.ticketNumber} est joint à ce message au format PDF. Conservez-le : il fait foi de votre paiement.`,
    '',
    ...textFooter([AUTOMATIC_NOTICE], input.municipality, input.contact),
  ].join('\n');

  const html = htmlEmail(
    subject,
    `<p>Nous avons bien reçu votre paiement de <strong>${escapeHtml(amount)}</strong> le ${escapeHtml(paidDay)} à ${escapeHtml(paidTime)}.<br>
Votre ticket de paiement <strong>${escapeHtml(input.ticketNumber)}</strong> valide les réservations suivantes :</p>
${reservedDaysHtml(input.lines)}
<table role="presentation">
  <tr><td>Total des réservations</td><td style="text-align: right; white-space: nowrap;">${escapeHtml(formatEuros(input.totalCents))}</td></tr>
${input.creditAppliedCents > 0 ? `  <tr><td>Avoir déduit</td><td style="text-align: right; white-space: nowrap;">${escapeHtml(formatEuros(input.creditAppliedCents))}</td></tr>\n` : ''}  <tr><td><strong>Montant payé</strong></td><td style="text-align: right; white-space: nowrap;"><strong>${escapeHtml(amount)}</strong></td></tr>
</table>
<p>Le ticket de paiement ${escapeHtml(input.ticketNumber)} est joint à ce message au format PDF. Conservez-le : il fait foi de votre paiement.</p>`,
    [AUTOMATIC_NOTICE],
    input.municipality,
    input.contact,
  );

  return {
    messageId: ticketMessageId(input.ticketNumber, input.messageIdDomain),
    to: input.to,
    subject,
    text,
    html,
    attachments: [{ filename: `ticket-de-paiement-${input.ticketNumber}.pdf`, content: input.pdf, contentType: 'application/pdf' }],
  };
}
