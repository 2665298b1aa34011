import { z } from 'zod';
import { formatEuros, type ServiceContact } from '@periscol/reservation-domain';
import { AUTOMATIC_NOTICE, emailCentsSchema, emailContactSchema, escapeHtml, htmlEmail, textFooter } from '../platform/mail/mail-layout';
import { InvalidMailError } from '../platform/mail/mail.errors';
import type { MailMessage } from '../platform/mail/mail-message';

export interface TaxCertificateEmailInput {
  readonly familyId: string;
  readonly year: number;
  /** `F-2026-000012`. */
  readonly certificateNumber: string;
  readonly to: string;
  readonly municipality: string;
  /** Whom parents ask (municipality file): the footer says it, since nobody reads replies. */
  readonly contact?: ServiceContact;
  /** First name and amount of each child the certificate lists. */
  readonly children: readonly { readonly firstName: string; readonly amountCents: number }[];
  /** The *Attestation fiscale de frais de garde* PDF. */
  readonly pdf: Buffer;
  /** Where the certificate can be downloaded again (the portal). */
  readonly portalUrl: string;
  readonly messageIdDomain?: string;
}

const inputSchema = z.object({
  familyId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/),
  year: z.number().int().min(2000).max(2100),
  certificateNumber: z.string().regex(/^F-\d{4}-\d{6,}$/),
  to: z.email(),
  municipality: z.string().trim().min(1),
  contact: emailContactSchema,
  children: z.array(z.object({ firstName: z.string().trim().min(1), amountCents: emailCentsSchema })).min(1),
  pdf: z.instanceof(Buffer).refine((b) => b.length > 0, 'the certificate PDF is empty'),
  portalUrl: z.url(),
  messageIdDomain: z.string().regex(/^[A-Za-z0-9.-]+$/).optional(),
});

/**
 * `<attestation-fiscale-fam-1-2026@periscol.local>`: one e-mail per family and year, whatever the
 * number of checks, processes or hosts (the outbox's key), and derivable without the store (R17).
 */
export function taxCertificateMessageId(familyId: string, year: number, domain = 'periscol.local'): string {
  return `<attestation-fiscale-${familyId}-${year}@${domain}>`;
}

/**
 * The January e-mail carrying a family's attestation fiscale de frais de garde of the year
 * before. Pure: the same input gives the same message.
 * @throws InvalidMailError
 */
export function taxCertificateEmail(input: TaxCertificateEmailInput): MailMessage {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidMailError('invalid tax certificate e-mail', parsed.error.issues);
  const subject = `Votre attestation fiscale de frais de garde ${input.year}`;
  const lines = input.children.map((child) => `${child.firstName} : ${formatEuros(child.amountCents)}`);
  const intro = `Voici l’attestation fiscale de frais de garde ${input.year} (n° ${input.certificateNumber}) : ce que vous avez payé en ${input.year} pour l’accueil périscolaire de vos enfants de moins de six ans au 1er janvier ${input.year}, repas exclus.`;
  const howTo = 'Ces montants se déclarent dans les cases 7GA à 7GC de la déclaration des revenus (crédit d’impôt pour frais de garde). L’attestation est jointe au format PDF ; conservez-la.';
  const again = `Elle reste téléchargeable dans « Inscriptions périscolaires » sur le portail : ${input.portalUrl}`;

  const text = ['Bonjour,', '', intro, '', ...lines.map((line) => `  - ${line}`), '', howTo, again, '', ...textFooter([AUTOMATIC_NOTICE], input.municipality, input.contact)].join('\n');
  const html = htmlEmail(
    subject,
    `<p>${escapeHtml(intro)}</p>
<ul>
${lines.map((line) => `  <li>${escapeHtml(line)}</li>`).join('\n')}
</ul>
<p>${escapeHtml(howTo)}</p>
<p>Elle reste téléchargeable dans « Inscriptions périscolaires » sur le <a href="${escapeHtml(input.portalUrl)}">portail</a>.</p>`,
    [AUTOMATIC_NOTICE],
    input.municipality,
    input.contact,
  );
  return {
    messageId: taxCertificateMessageId(input.familyId, input.year, input.messageIdDomain),
    to: input.to,
    subject,
    text,
    html,
    attachments: [{ filename: `attestation-fiscale-${input.year}-${input.certificateNumber}.pdf`, content: input.pdf, contentType: 'application/pdf' }],
  };
}
