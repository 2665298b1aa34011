import { renderOrderDetail } from './order-detail.document';
import { orderDetailInput, orderLines } from './testing/document-fixtures';
import { expectCleanLayout } from './testing/layout-expectations';
import { readGeometry } from './testing/pdf-geometry';
import { readPdf } from './testing/pdf-reader';

describe('renderOrderDetail — a late booking', () => {
  // The note `tariffNote` gives a line whose tariff label ends in `+tardif-plus50%` (docs/rules.md R3 step 6).
  const LATE = 'QF jusqu’à 700 € · tarif majoré — réservation tardive (+50 %)';

  it('says on its line why it costs more: « tarif majoré — réservation tardive »', async () => {
    const lines = orderLines(2).map((line, i) => (i === 0 ? { ...line, unitPriceCents: 315, priceNote: LATE } : line));
    const bytes = await renderOrderDetail(orderDetailInput(0, { lines, totalCents: lines.reduce((sum, line) => sum + line.unitPriceCents, 0) }));
    const pdf = await readPdf(bytes);
    expect(pdf.text).toContain(`: ${LATE} (`);
    expect(pdf.text).toContain('3,15 €');
    expectCleanLayout(await readGeometry(bytes));
  });
});
