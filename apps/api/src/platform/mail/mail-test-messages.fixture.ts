import type { MailMessage } from './mail-message';

/** A small valid PDF-looking attachment and ticket-like messages for the mail tests. */
export const PDF_BYTES = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

export function ticketMessage(n: number, overrides: Partial<MailMessage> = {}): MailMessage {
  const ticket = `R-2026-${String(n).padStart(6, '0')}`;
  return {
    messageId: `<${ticket}@periscol.local>`,
    to: 'famille.martin@example.org',
    subject: `Votre ticket de paiement ${ticket}`,
    text: `Votre ticket de paiement ${ticket} : 7,00 €.`,
    attachments: [{ filename: `ticket-de-paiement-${ticket}.pdf`, content: PDF_BYTES, contentType: 'application/pdf' }],
    ...overrides,
  };
}
