import { z } from 'zod';
import { formatEuros } from '@periscol/reservation-domain';
import { InvalidMailError } from './mail.errors';
import type { MailMessage } from './mail-message';

export interface PaymentTicketLine {
  /** As documents show it: the child's name, or « données effacées » after erasure (R17). */
  readonly childName: string;
  readonly activityLabel: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly unitPriceCents: number;
}

export interface PaymentTicketEmailInput {
  /** `R-2026-000001`. */
  readonly ticketNumber: string;
  readonly to: string;
  readonly municipality: string;
  readonly orderId: string;
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

const cents = z.number().int().safe().nonnegative();
const inputSchema = z.object({
  ticketNumber: z.string().regex(/^[A-Z]+-\d{4}-\d{6,}$/),
  to: z.email(),
  municipality: z.string().trim().min(1),
  orderId: z.string().min(1),
  amountPaidCents: cents,
  totalCents: cents,
  creditAppliedCents: cents,
  paidAt: z.date(),
  lines: z
    .array(
      z.object({
        childName: z.string().trim().min(1),
        activityLabel: z.string().trim().min(1),
        date: z.iso.date(),
        unitPriceCents: cents,
      }),
    )
    .min(1),
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
  const children = byChild(input.lines);
  const amount = formatEuros(input.amountPaidCents);
  const subject = `Votre ticket de paiement ${input.ticketNumber}`;

  const text = [
    'Bonjour,',
    '',
    `Nous avons bien reçu votre paiement de ${amount} le ${paidDay} à ${paidTime} pour la commande ${input.orderId}.`,
    `Votre ticket de paiement ${input.ticketNumber} valide les réservations suivantes :`,
    '',
    ...children.flatMap(({ childName, lines }) => [
      childName,
      ...lines.map((l) => `  - ${longDate(l.date)} : ${l.activityLabel}, ${formatEuros(l.unitPriceCents)}`),
      '',
    ]),
    `Total des réservations : ${formatEuros(input.totalCents)}`,
    ...(input.creditAppliedCents > 0 ? [`Avoir déduit : ${formatEuros(input.creditAppliedCents)}`] : []),
    `Montant payé : ${amount}`,
    '',
    `Le ticket de paiement ${input.ticketNumber} est joint à ce message au format PDF. Conservez-le : il fait foi de votre paiement.`,
    '',
    'Ce message est envoyé automatiquement, merci de ne pas y répondre.',
    input.municipality,
    '',
  ].join('\n');

  const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, sans-serif; color: #1b1b1b;">
<p>Bonjour,</p>
<p>Nous avons bien reçu votre paiement de <strong>${escapeHtml(amount)}</strong> le ${escapeHtml(paidDay)} à ${escapeHtml(paidTime)} pour la commande ${escapeHtml(input.orderId)}.<br>
Votre ticket de paiement <strong>${escapeHtml(input.ticketNumber)}</strong> valide les réservations suivantes :</p>
${children
  .map(
    ({ childName, lines }) => `<h2 style="font-size: 1.1em;">${escapeHtml(childName)}</h2>
<ul>
${lines.map((l) => `  <li>${escapeHtml(longDate(l.date))} : ${escapeHtml(l.activityLabel)}, ${escapeHtml(formatEuros(l.unitPriceCents))}</li>`).join('\n')}
</ul>`,
  )
  .join('\n')}
<table role="presentation">
  <tr><td>Total des réservations</td><td style="text-align: right; white-space: nowrap;">${escapeHtml(formatEuros(input.totalCents))}</td></tr>
${input.creditAppliedCents > 0 ? `  <tr><td>Avoir déduit</td><td style="text-align: right; white-space: nowrap;">${escapeHtml(formatEuros(input.creditAppliedCents))}</td></tr>\n` : ''}  <tr><td><strong>Montant payé</strong></td><td style="text-align: right; white-space: nowrap;"><strong>${escapeHtml(amount)}</strong></td></tr>
</table>
<p>Le ticket de paiement ${escapeHtml(input.ticketNumber)} est joint à ce message au format PDF. Conservez-le : il fait foi de votre paiement.</p>
<p style="color: #555;">Ce message est envoyé automatiquement, merci de ne pas y répondre.<br>${escapeHtml(input.municipality)}</p>
</body>
</html>
`;

  return {
    messageId: ticketMessageId(input.ticketNumber, input.messageIdDomain),
    to: input.to,
    subject,
    text,
    html,
    attachments: [{ filename: `ticket-de-paiement-${input.ticketNumber}.pdf`, content: input.pdf, contentType: 'application/pdf' }],
  };
}

/** The lines grouped by child, each child's in date order (ticket and validation e-mails). */
export function byChild(lines: readonly PaymentTicketLine[]): { childName: string; lines: PaymentTicketLine[] }[] {
  const groups = new Map<string, PaymentTicketLine[]>();
  for (const line of lines) groups.set(line.childName, [...(groups.get(line.childName) ?? []), line]);
  return [...groups].map(([childName, childLines]) => ({
    childName,
    lines: [...childLines].sort((a, b) => a.date.localeCompare(b.date) || a.activityLabel.localeCompare(b.activityLabel, 'fr')),
  }));
}

/** `2026-03-16` → `lundi 16 mars 2026` (a calendar date: no time zone shift). */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** Text for an HTML e-mail body. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
