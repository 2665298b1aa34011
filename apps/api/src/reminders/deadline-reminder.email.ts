import { z } from 'zod';
import { InvalidMailError } from '../platform/mail/mail.errors';
import type { MailMessage } from '../platform/mail/mail-message';
import type { ServiceContact } from '@periscol/reservation-domain';
import { AUTOMATIC_NOTICE, emailContactSchema, escapeHtml, htmlEmail, longDate, textFooter } from '../platform/mail/mail-layout';

export interface DeadlineReminderEmailInput {
  readonly familyId: string;
  /** `2026-W51`. */
  readonly week: string;
  /** First activity of the reminder: with the week and the family, what makes it one e-mail. */
  readonly key: string;
  readonly to: string;
  readonly municipality: string;
  /** Whom parents ask (municipality file): the footer says it, since nobody reads replies. */
  readonly contact?: ServiceContact;
  /** The deadline instant (the same for every line). */
  readonly deadline: Date;
  /** First service day of the week, `YYYY-MM-DD`. */
  readonly weekStart: string;
  /** « Léa : Restauration scolaire », one per child and activity with nothing reserved. */
  readonly lines: readonly { readonly childName: string; readonly activityLabel: string }[];
  /** Where parents reserve (the portal). */
  readonly portalUrl: string;
  readonly timeZone?: string;
  readonly messageIdDomain?: string;
}

const inputSchema = z.object({
  familyId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  key: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  to: z.email(),
  municipality: z.string().trim().min(1),
  contact: emailContactSchema,
  deadline: z.date(),
  weekStart: z.iso.date(),
  lines: z.array(z.object({ childName: z.string().trim().min(1), activityLabel: z.string().trim().min(1) })).min(1),
  portalUrl: z.url(),
  timeZone: z.string().optional(),
  messageIdDomain: z.string().regex(/^[A-Za-z0-9.-]+$/).optional(),
});

const WHY_THIS_REMINDER = 'Vous recevez ce rappel parce que vos enfants sont inscrits à ces activités. Pour ne plus le recevoir, décochez « Recevoir ces rappels par e-mail » dans « Inscriptions périscolaires » sur le portail.';

/** `<rappel-fam-1-2026-W51-restauration@periscol.local>`: one reminder per family, week and deadline. */
export function deadlineReminderMessageId(familyId: string, week: string, key: string, domain = 'periscol.local'): string {
  return `<rappel-${familyId}-${week}-${key}@${domain}>`;
}

/**
 * The e-mail the day before a weekly reservation deadline, to a family with children enrolled
 * and nothing reserved for the coming week. Pure: the same input gives the same message.
 * @throws InvalidMailError
 */
export function deadlineReminderEmail(input: DeadlineReminderEmailInput): MailMessage {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidMailError('invalid deadline reminder e-mail', parsed.error.issues);
  const timeZone = input.timeZone ?? 'Europe/Paris';
  const day = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(input.deadline);
  const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone }).format(input.deadline);
  const week = longDate(input.weekStart);
  const subject = `Rappel : réservez avant ${day} à ${time}`;
  const lines = input.lines.map((line) => `${line.childName} : ${line.activityLabel}`);

  const text = [
    'Bonjour,',
    '',
    `Rien n’est encore réservé pour la semaine du ${week} :`,
    ...lines.map((line) => `  - ${line}`),
    '',
    `Les réservations de cette semaine ferment ${day} à ${time}. Passé ce délai, ces jours ne pourront plus être réservés.`,
    `Réserver : ${input.portalUrl}`,
    '',
    ...textFooter([WHY_THIS_REMINDER, AUTOMATIC_NOTICE], input.municipality, input.contact),
  ].join('\n');

  const html = htmlEmail(
    subject,
    `<p>Rien n’est encore réservé pour la semaine du ${escapeHtml(week)} :</p>
<ul>
${lines.map((line) => `  <li>${escapeHtml(line)}</li>`).join('\n')}
</ul>
<p>Les réservations de cette semaine ferment <strong>${escapeHtml(day)} à ${escapeHtml(time)}</strong>. Passé ce délai, ces jours ne pourront plus être réservés.</p>
<p><a href="${escapeHtml(input.portalUrl)}">Réserver</a></p>`,
    [WHY_THIS_REMINDER, AUTOMATIC_NOTICE],
    input.municipality,
    input.contact,
  );
  return { messageId: deadlineReminderMessageId(input.familyId, input.week, input.key, input.messageIdDomain), to: input.to, subject, text, html, attachments: [] };
}
