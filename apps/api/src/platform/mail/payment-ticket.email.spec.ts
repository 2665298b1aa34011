import { InvalidMailError } from './mail.errors';
import { parseMailMessage } from './mail-message';
import { paymentTicketEmail, type PaymentTicketEmailInput, ticketMessageId } from './payment-ticket.email';

const input: PaymentTicketEmailInput = {
  ticketNumber: 'R-2026-000001',
  to: 'famille.martin@example.org',
  municipality: 'Mairie de Exemple',
  amountPaidCents: 900,
  totalCents: 1_100,
  creditAppliedCents: 200,
  paidAt: new Date('2026-03-12T13:05:00Z'),
  lines: [
    { childName: 'Tom Martin', activityLabel: 'Accueil du soir', date: '2026-03-17', unitPriceCents: 200 },
    { childName: 'Léa Martin', activityLabel: 'Restauration scolaire', date: '2026-03-17', unitPriceCents: 350 },
    { childName: 'Léa Martin', activityLabel: 'Restauration scolaire', date: '2026-03-16', unitPriceCents: 350 },
    { childName: 'Tom Martin', activityLabel: 'Accueil du matin', date: '2026-03-17', unitPriceCents: 200 },
  ],
  pdf: Buffer.from('%PDF-1.7 ticket'),
};

describe('paymentTicketEmail', () => {
  it('is a valid outbox message keyed by the ticket number, with the PDF attached', () => {
    const mail = paymentTicketEmail(input);
    expect(() => parseMailMessage(mail)).not.toThrow();
    expect(mail.messageId).toBe('<R-2026-000001@periscol.local>');
    expect(mail.to).toBe('famille.martin@example.org');
    expect(mail.subject).toBe('Votre ticket de paiement R-2026-000001');
    expect(mail.attachments).toEqual([{ filename: 'ticket-de-paiement-R-2026-000001.pdf', content: input.pdf, contentType: 'application/pdf' }]);
  });

  it('tells in French what was paid, when, for which children and days (no technical order id)', () => {
    const { text } = paymentTicketEmail(input);
    expect(text).toContain('Nous avons bien reçu votre paiement de 9,00 € le 12 mars 2026 à 14:05.');
    expect(text).toContain(
      [
        'Tom Martin',
        '  - mardi 17 mars 2026 : Accueil du matin, 2,00 €',
        '  - mardi 17 mars 2026 : Accueil du soir, 2,00 €',
        '',
        'Léa Martin',
        '  - lundi 16 mars 2026 : Restauration scolaire, 3,50 €',
        '  - mardi 17 mars 2026 : Restauration scolaire, 3,50 €',
      ].join('\n'),
    );
    expect(text).toContain('Total des réservations : 11,00 €\nAvoir déduit : 2,00 €\nMontant payé : 9,00 €');
    expect(text).toContain('est joint à ce message au format PDF');
    expect(text).not.toMatch(/commande/);
  });

  it('says whom to ask, since nobody reads the replies', () => {
    const contact = { service: 'service enfance-jeunesse', phone: '03 85 00 12 34', email: 'periscolaire@exemple.fr' };
    const { text, html } = paymentTicketEmail({ ...input, contact });
    expect(text).toContain('merci de ne pas y répondre.\nUne question ? Service enfance-jeunesse : 03 85 00 12 34 · periscolaire@exemple.fr\nMairie de Exemple\n');
    expect(html).toContain('Une question ? Service enfance-jeunesse : <a href="tel:0385001234">03 85 00 12 34</a> · <a href="mailto:periscolaire@exemple.fr">periscolaire@exemple.fr</a>');
  });

  it('omits the credit line when no credit was applied', () => {
    const { text, html } = paymentTicketEmail({ ...input, amountPaidCents: 1_100, creditAppliedCents: 0 });
    expect(text).not.toContain('Avoir déduit');
    expect(html).not.toContain('Avoir déduit');
  });

  it('has an HTML part in French with names escaped', () => {
    const { html } = paymentTicketEmail({
      ...input,
      lines: [{ childName: 'Léa <b>Martin</b>', activityLabel: 'Restauration scolaire', date: '2026-03-16', unitPriceCents: 350 }],
    });
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Léa &#60;b&#62;Martin&#60;/b&#62;');
    expect(html).not.toContain('<b>Martin</b>');
  });

  it('is pure: same input, same message', () => {
    expect(paymentTicketEmail(input)).toEqual(paymentTicketEmail(input));
  });

  it('refuses incomplete input with INVALID_MAIL', () => {
    for (const bad of [
      { ...input, ticketNumber: 'R-26-1' },
      { ...input, to: 'nobody' },
      { ...input, lines: [] },
      { ...input, amountPaidCents: 9.5 },
      { ...input, pdf: Buffer.alloc(0) },
      { ...input, lines: [{ ...input.lines[0], date: '16/03/2026' }] },
    ]) {
      expect(() => paymentTicketEmail(bad)).toThrow(InvalidMailError);
    }
  });

  it('builds the Message-ID from the ticket number', () => {
    expect(ticketMessageId('A-2026-000045', 'mairie-exemple.fr')).toBe('<A-2026-000045@mairie-exemple.fr>');
  });
});
