import { renderPaymentTicket } from './payment-ticket.document';
import { paymentTicketInput } from './testing/document-fixtures';
import { expectCleanLayout } from './testing/layout-expectations';
import { readGeometry } from './testing/pdf-geometry';
import { readPdf } from './testing/pdf-reader';
import { rejection } from './testing/rejection';

describe('renderPaymentTicket', () => {
  it('prints the ticket number, the payment and the lines it validates', async () => {
    const bytes = await renderPaymentTicket(paymentTicketInput());
    const pdf = await readPdf(bytes);
    expect(pdf.pageCount).toBe(1);
    expect(pdf.info).toMatchObject({
      Title: 'Ticket de paiement',
      Subject: 'Ticket de paiement R-2026-000123 — commande ord-7f3a9c',
      CreationDate: 'D:20261124134127Z',
    });
    expect(pdf.text).toContain('Ticket de paiement');
    expect(pdf.text).toContain('Ticket n° R-2026-000123');
    expect(pdf.text).toContain('Payé le mardi 24 novembre 2026 à 14:41');
    expect(pdf.text).toContain('Montant payé 13,00 €');
    expect(pdf.text).toContain('Moyen de paiement Carte bancaire (Stripe)');
    expect(pdf.text).toContain('Référence du paiement pay-cs_test_a1b2c3');
    expect(pdf.text).toContain('Commande n° ord-7f3a9c');
    expect(pdf.text).toContain('Léa Dupré Restauration scolaire mardi 1 décembre 2026 3,85 €');
    expect(pdf.text).toContain('Noé Dupré Accueil périscolaire du soir jeudi 3 décembre 2026 2,15 €');
    expect(pdf.text).toContain('Total des réservations (6 jours) 18,00 €');
    expect(pdf.text).toContain('Avoir déduit -5,00 €');
    expect(pdf.text).toContain('Montant réglé 13,00 €');
    expect(pdf.text).toContain('Ticket de paiement — Ticket R-2026-000123 Page 1 / 1');
    expectCleanLayout(await readGeometry(bytes));
  });

  it('names the simulated provider, and shows an unknown one as given', async () => {
    const input = paymentTicketInput();
    const simulated = await readPdf(await renderPaymentTicket({ ...input, ticket: { ...input.ticket, provider: 'simulated' } }));
    expect(simulated.text).toContain('Moyen de paiement Paiement simulé (démonstration)');
    const other = await readPdf(await renderPaymentTicket({ ...input, ticket: { ...input.ticket, provider: 'constructor' } }));
    expect(other.text).toContain('Moyen de paiement constructor');
  });

  it('prints « données effacées » for erased names (R17)', async () => {
    const input = paymentTicketInput();
    const pdf = await readPdf(
      await renderPaymentTicket({
        ...input,
        family: { familyId: 'fam-0042', name: null },
        ticket: { ...input.ticket, lines: input.ticket.lines.map((line) => ({ ...line, childName: null })) },
      }),
    );
    expect(pdf.text).not.toContain('Dupré');
    expect(pdf.text).toContain('Famille données effacées (réf. fam-0042)');
    expect(pdf.text).toContain('Ticket n° R-2026-000123');
    expect(pdf.text).toContain('Montant réglé 13,00 €');
  });

  it('refuses an amount paid that is not total minus credit', async () => {
    const input = paymentTicketInput();
    const error = await rejection(renderPaymentTicket({ ...input, ticket: { ...input.ticket, amountPaidCents: 1800, ticketNumber: '' } }));
    expect(error.code).toBe('INVALID_DOCUMENT_INPUT');
    expect(error.issues.map((issue) => issue.path)).toEqual(['ticket.ticketNumber', 'ticket.amountPaidCents']);
  });
});
