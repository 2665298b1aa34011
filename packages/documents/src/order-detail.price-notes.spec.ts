import { renderOrderDetail } from './order-detail.document';
import { orderDetailInput, orderLines } from './testing/document-fixtures';
import { expectCleanLayout } from './testing/layout-expectations';
import { readGeometry } from './testing/pdf-geometry';
import { readPdf } from './testing/pdf-reader';
import { rejection } from './testing/rejection';

describe('renderOrderDetail — why each price is what it is', () => {
  const PAI = 'PAI (panier repas) · Délibération n° 2024/47 du 23 octobre 2024';
  const OUTSIDE = 'QF jusqu’à 799 € · hors commune (+10 %) · 4 jours dans la semaine (-10 %)';

  function notedLines() {
    return orderLines(6).map((line) => (line.childId === 'child-lea' ? { ...line, priceNote: PAI } : { ...line, priceNote: OUTSIDE }));
  }

  it('prints « Tarifs appliqués », one paragraph per activity and note, with the dates it covers', async () => {
    const bytes = await renderOrderDetail(orderDetailInput(0, { lines: notedLines() }));
    const pdf = await readPdf(bytes);
    expect(pdf.text).toContain('Tarifs appliqués');
    expect(pdf.text).toContain(`Restauration scolaire : ${PAI} (mardi 1 décembre 2026, mercredi 2 décembre 2026, jeudi 3 décembre 2026)`);
    expect(pdf.text).toContain(`Accueil périscolaire du soir : ${OUTSIDE} (mardi 1 décembre 2026, mercredi 2 décembre 2026, jeudi 3 décembre 2026)`);
    expectCleanLayout(await readGeometry(bytes));
  });

  it('prints no section when no line has a note, as before', async () => {
    const pdf = await readPdf(await renderOrderDetail(orderDetailInput(6)));
    expect(pdf.text).not.toContain('Tarifs appliqués');
  });

  it('refuses a note that is not a string', async () => {
    const lines = orderLines(2).map((line) => ({ ...line, priceNote: 42 as unknown as string }));
    expect((await rejection(renderOrderDetail(orderDetailInput(0, { lines })))).message).toMatch(/order\.lines\[0\]\.priceNote: expected a string/);
  });
});
