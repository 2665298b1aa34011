import { formatEuros, type ServiceContact } from '@periscol/reservation-domain';
import { z } from 'zod';
import { InvalidMailError } from './mail.errors';
import type { MailMessage } from './mail-message';
import { AUTOMATIC_NOTICE, emailCentsSchema, emailContactSchema, emailLineSchema, escapeHtml, htmlEmail, reservedDaysHtml, reservedDaysText, textFooter, type EmailLine } from './mail-layout';

export interface CreditSettledOrderEmailInput {
  readonly orderId: string;
  readonly to: string;
  readonly municipality: string;
  /** Whom parents ask (municipality file): the footer says it, since nobody reads replies. */
  readonly contact?: ServiceContact;
  readonly totalCents: number;
  /** Equal to the total: the family's credit (avoir) settled the whole order. */
  readonly creditAppliedCents: number;
  readonly confirmedAt: Date;
  readonly lines: readonly EmailLine[];
  /** The *Détail des réservations* PDF of the validated order. */
  readonly pdf: Buffer;
  readonly timeZone?: string;
  readonly messageIdDomain?: string;
}

const cents = emailCentsSchema;
const inputSchema = z.object({
  orderId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  to: z.email(),
  municipality: z.string().trim().min(1),
  contact: emailContactSchema,
  totalCents: cents,
  creditAppliedCents: cents,
  confirmedAt: z.date(),
  lines: z.array(emailLineSchema).min(1),
  pdf: z.instanceof(Buffer).refine((b) => b.length > 0, 'the order PDF is empty'),
  timeZone: z.string().optional(),
  messageIdDomain: z.string().regex(/^[A-Za-z0-9.-]+$/).optional(),
});

/** `<validation-order-…@periscol.local>`: one e-mail per validated order. */
export function creditSettledOrderMessageId(orderId: string, domain = 'periscol.local'): string {
  return `<validation-${orderId}@${domain}>`;
}

/**
 * The e-mail sent when a family validates an order with « OK », its credit covering it all: no
 * payment, hence no payment ticket, but the parent is told, as after a payment, which days are
 * booked and what settled them; the *Détail des réservations* PDF (« Validée », the credit
 * deducted, 0,00 € paid) is attached. Pure: the same input gives the same message.
 * @throws InvalidMailError
 */
export function creditSettledOrderEmail(input: CreditSettledOrderEmailInput): MailMessage {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidMailError('invalid order validation e-mail', parsed.error.issues);

  const timeZone = input.timeZone ?? 'Europe/Paris';
  const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(input.confirmedAt);
  const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone }).format(input.confirmedAt);
  const credit = formatEuros(input.creditAppliedCents);
  const subject = 'Vos réservations sont validées (réglées par votre avoir)';
  const fileName = `reservations-${input.orderId}.pdf`;

  const text = [
    'Bonjour,',
    '',
    `Vous avez validé le ${day} à ${time} les réservations suivantes, réglées par votre avoir (${credit}) :`,
    '',
    ...reservedDaysText(input.lines),
    `Total des réservations : ${formatEuros(input.totalCents)}`,
    `Réglé par votre avoir : ${credit}`,
    `Montant payé : ${formatEuros(0)}`,
    '',
    'Aucun paiement n’a été demandé, donc aucun ticket de paiement n’est émis : le détail des réservations joint au format PDF confirme la validation.',
    '',
    ...textFooter([AUTOMATIC_NOTICE], input.municipality, input.contact),
  ].join('\n');

  const row = (label: string, value: string, strong = false) =>
    `  <tr><td>${strong ? `<strong>${escapeHtml(label)}</strong>` : escapeHtml(label)}</td><td style="text-align: right; white-space: nowrap;">${strong ? `<strong>${escapeHtml(value)}</strong>` : escapeHtml(value)}</td></tr>`;
  const html = htmlEmail(
    subject,
    `<p>Vous avez validé le ${escapeHtml(day)} à ${escapeHtml(time)} les réservations suivantes, réglées par votre avoir (<strong>${escapeHtml(credit)}</strong>) :</p>
${reservedDaysHtml(input.lines)}
<table role="presentation">
${row('Total des réservations', formatEuros(input.totalCents))}
${row('Réglé par votre avoir', credit)}
${row('Montant payé', formatEuros(0), true)}
</table>
<p>Aucun paiement n’a été demandé, donc aucun ticket de paiement n’est émis : le détail des réservations joint au format PDF confirme la validation.</p>`,
    [AUTOMATIC_NOTICE],
    input.municipality,
    input.contact,
  );

  return {
    messageId: creditSettledOrderMessageId(input.orderId, input.messageIdDomain),
    to: input.to,
    subject,
    text,
    html,
    attachments: [{ filename: fileName, content: input.pdf, contentType: 'application/pdf' }],
  };
}
