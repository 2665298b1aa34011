import { renderCancellationDetail } from './cancellation-detail.document';
import { cancellationDetailInput } from './testing/document-fixtures';
import { expectCleanLayout } from './testing/layout-expectations';
import { readGeometry } from './testing/pdf-geometry';
import { readPdf } from './testing/pdf-reader';
import { rejection } from './testing/rejection';

describe('renderCancellationDetail', () => {
  it('prints the cancelled days, the credit they gave and the balance', async () => {
    const bytes = await renderCancellationDetail(cancellationDetailInput());
    const pdf = await readPdf(bytes);
    expect(pdf.pageCount).toBe(1);
    expect(pdf.info).toMatchObject({ Title: 'Détail des annulations', Subject: 'Annulation can-51b2', CreationDate: 'D:20261207071500Z' });
    expect(pdf.text).toContain('Détail des annulations');
    expect(pdf.text).toContain('Annulation n° can-51b2');
    expect(pdf.text).toContain('Avoir n° A-2026-000045');
    expect(pdf.text).toContain('Famille Dupré (réf. fam-0042)');
    expect(pdf.text).toContain('Annulée le lundi 7 décembre 2026 à 08:15');
    expect(pdf.text).toContain('Enfant Activité Date Montant crédité');
    expect(pdf.text).toContain('Léa Dupré Restauration scolaire jeudi 10 décembre 2026 3,85 €');
    expect(pdf.text).toContain('Noé Dupré Accueil périscolaire du soir jeudi 10 décembre 2026 2,15 €');
    expect(pdf.text).toContain('Léa Dupré Restauration scolaire vendredi 11 décembre 2026 3,85 €');
    expect(pdf.text).toContain('Total annulé (3 jours) : avoir émis 9,85 €');
    expect(pdf.text).toContain('Solde de votre avoir après annulation 14,85 €');
    expect(pdf.text).toContain('déduit automatiquement');
    expect(pdf.text).toContain('Détail des annulations — Avoir A-2026-000045 Page 1 / 1');
    expectCleanLayout(await readGeometry(bytes));
  });

  it('works without a credit note number, and dates the document from issuedAt when given', async () => {
    const input = cancellationDetailInput();
    const { creditNoteNumber: _omitted, ...cancellation } = input.cancellation;
    const pdf = await readPdf(await renderCancellationDetail({ ...input, cancellation, issuedAt: '2026-12-08T09:00:00Z' }));
    expect(pdf.text).not.toContain('Avoir n°');
    expect(pdf.text).toContain('Détail des annulations — Annulation can-51b2');
    expect(pdf.text).toContain('Document émis le mardi 8 décembre 2026 à 10:00');
    expect(pdf.info).toMatchObject({ CreationDate: 'D:20261208090000Z' });
  });

  it('prints « données effacées » for erased names (R17)', async () => {
    const input = cancellationDetailInput();
    const pdf = await readPdf(
      await renderCancellationDetail({
        ...input,
        family: { familyId: 'fam-0042', name: null },
        cancellation: { ...input.cancellation, lines: input.cancellation.lines.map((line) => ({ ...line, childName: null })) },
      }),
    );
    expect(pdf.text).not.toContain('Dupré');
    expect(pdf.text).toContain('Famille données effacées (réf. fam-0042)');
    expect(pdf.text).toContain('données effacées Restauration scolaire jeudi 10 décembre 2026 3,85 €');
  });

  it('refuses a total that is not the sum of the credits, and bad cents', async () => {
    const input = cancellationDetailInput();
    const error = await rejection(
      renderCancellationDetail({
        ...input,
        cancellation: { ...input.cancellation, totalCents: 1000, creditBalanceCents: -1, lines: [...input.cancellation.lines, { ...input.cancellation.lines[0], creditCents: 1.5 }] },
      }),
    );
    expect(error.code).toBe('INVALID_DOCUMENT_INPUT');
    expect(error.issues.map((issue) => issue.path)).toEqual(['cancellation.lines[3].creditCents', 'cancellation.creditBalanceCents', 'cancellation.totalCents']);
  });
});
