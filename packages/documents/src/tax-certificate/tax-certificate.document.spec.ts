import { expectCleanLayout } from '../testing/layout-expectations';
import { readGeometry } from '../testing/pdf-geometry';
import { readPdf } from '../testing/pdf-reader';
import { rejection } from '../testing/rejection';
import { renderTaxCertificate } from './tax-certificate.document';
import { taxCertificateInput } from './tax-certificate.fixture';

describe('renderTaxCertificate', () => {
  it('prints the number, the year, each child with its birth date, tax box and amount, and the total', async () => {
    const bytes = await renderTaxCertificate(taxCertificateInput());
    const pdf = await readPdf(bytes);
    expect(pdf.pageCount).toBe(1);
    expect(pdf.info).toMatchObject({
      Title: 'Attestation fiscale de frais de garde',
      Subject: 'Attestation fiscale de frais de garde 2026 — F-2026-000012',
      CreationDate: 'D:20270115060003Z',
    });
    expect(pdf.text).toContain('Attestation fiscale de frais de garde 2026');
    expect(pdf.text).toContain('Attestation n° F-2026-000012');
    expect(pdf.text).toContain('Famille Famille Dupré (réf. fam-0042)');
    expect(pdf.text).toContain('Année des paiements 2026');
    expect(pdf.text).toContain('Établie le vendredi 15 janvier 2027 à 07:00');
    expect(pdf.text).toContain('Noé Dupré samedi 14 mars 2020 7GA 412,50 €');
    expect(pdf.text).toContain('Léa Dupré mardi 2 novembre 2021 7GB 187,60 €');
    expect(pdf.text).toContain('Total payé pour la garde 600,10 €');
    expect(pdf.text).toContain('moins de six ans au 1er janvier 2026');
    expect(pdf.text).toContain('les repas (restauration scolaire)');
    expect(pdf.text).toContain('article 200 quater B du code général des impôts');
    expectCleanLayout(await readGeometry(bytes));
  });

  it('prints « données effacées » for erased names (R17), amounts and number unchanged', async () => {
    const input = taxCertificateInput();
    const pdf = await readPdf(
      await renderTaxCertificate({ ...input, family: { familyId: 'fam-0042', name: null }, certificate: { ...input.certificate, children: input.certificate.children.map((c) => ({ ...c, childName: null })) } }),
    );
    expect(pdf.text).not.toContain('Dupré');
    expect(pdf.text).toContain('Famille données effacées (réf. fam-0042)');
    expect(pdf.text).toContain('Total payé pour la garde 600,10 €');
  });

  it('refuses a certificate with no child, or a total that is not the sum', async () => {
    const empty = await rejection(renderTaxCertificate(taxCertificateInput({ children: [], totalCents: 0 })));
    expect(empty.code).toBe('INVALID_DOCUMENT_INPUT');
    expect(empty.issues.map((issue) => issue.path)).toEqual(['certificate.children']);
    const wrong = await rejection(renderTaxCertificate(taxCertificateInput({ totalCents: 1 })));
    expect(wrong.issues.map((issue) => issue.path)).toEqual(['certificate.totalCents']);
  });
});
