import { formatEuros, type ServiceContact } from '@periscol/reservation-domain';
import { z } from 'zod';
import { InvalidMailError } from './mail.errors';
import type { MailMessage } from './mail-message';
import { AUTOMATIC_NOTICE, emailCentsSchema, emailContactSchema, escapeHtml, htmlEmail, longDate, textFooter } from './mail-layout';

export interface PlaceOfferedEmailInput {
  /** The pending order made for the family, holding the place. */
  readonly orderId: string;
  readonly to: string;
  readonly municipality: string;
  /** Whom parents ask (municipality file): the footer says it, since nobody reads replies. */
  readonly contact?: ServiceContact;
  readonly childName: string;
  readonly activityLabel: string;
  /** The day offered, YYYY-MM-DD. */
  readonly date: string;
  /** What is left to pay once the family's credit is applied (0: « OK » confirms it). */
  readonly amountDueCents: number;
  /** The end of the offer: unconfirmed then, the place goes to the next family in line. */
  readonly expiresAt: Date;
  readonly timeZone?: string;
  readonly messageIdDomain?: string;
}

const inputSchema = z.object({
  orderId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  to: z.email(),
  municipality: z.string().trim().min(1),
  contact: emailContactSchema,
  childName: z.string().trim().min(1),
  activityLabel: z.string().trim().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  amountDueCents: emailCentsSchema,
  expiresAt: z.date(),
  timeZone: z.string().optional(),
  messageIdDomain: z.string().regex(/^[A-Za-z0-9.-]+$/).optional(),
});

/** `<offre-…@periscol.local>`: one e-mail per place offered (per order made for it). */
export function placeOfferedMessageId(orderId: string, domain = 'periscol.local'): string {
  return `<offre-${orderId}@${domain}>`;
}

/**
 * R23: the e-mail to the first family of a waiting list when a place is given back: the day is
 * held for its child until the offer's end, to pay (or confirm with its credit) on the portal;
 * after that, the place goes to the next family in line. Pure: the same input gives the same message.
 * @throws InvalidMailError
 */
export function placeOfferedEmail(input: PlaceOfferedEmailInput): MailMessage {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidMailError('invalid place offered e-mail', parsed.error.issues);

  const timeZone = input.timeZone ?? 'Europe/Paris';
  const day = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(input.expiresAt);
  const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone }).format(input.expiresAt);
  const deadline = `${day} à ${time}`;
  const subject = `Une place s’est libérée : ${input.activityLabel} du ${longDate(input.date)}`;
  const action =
    input.amountDueCents === 0
      ? 'Votre avoir couvre cette réservation : confirmez-la avec « OK » sur le portail.'
      : `Payez-la sur le portail (${formatEuros(input.amountDueCents)}).`;

  const text = [
    'Bonjour,',
    '',
    `Une place s’est libérée à l’activité « ${input.activityLabel} » le ${longDate(input.date)} pour ${input.childName}, qui était sur la liste d’attente.`,
    '',
    `Elle lui est réservée jusqu’au ${deadline}. ${action}`,
    '',
    'Sans confirmation à cette heure-là, la place sera proposée à la famille suivante de la liste d’attente.',
    '',
    ...textFooter([AUTOMATIC_NOTICE], input.municipality, input.contact),
  ].join('\n');

  const html = htmlEmail(
    subject,
    `<p>Une place s’est libérée à l’activité « ${escapeHtml(input.activityLabel)} » le <strong>${escapeHtml(longDate(input.date))}</strong> pour ${escapeHtml(input.childName)}, qui était sur la liste d’attente.</p>
<p>Elle lui est réservée jusqu’au <strong>${escapeHtml(deadline)}</strong>. ${escapeHtml(action)}</p>
<p>Sans confirmation à cette heure-là, la place sera proposée à la famille suivante de la liste d’attente.</p>`,
    [AUTOMATIC_NOTICE],
    input.municipality,
    input.contact,
  );

  return { messageId: placeOfferedMessageId(input.orderId, input.messageIdDomain), to: input.to, subject, text, html, attachments: [] };
}
