import { readPdf } from '../testing/pdf-reader';
import { renderRefundCampaign, type RefundCampaignInput } from './refund-campaign.document';

const input: RefundCampaignInput = {
  municipality: { name: 'Saint-Aubin-sur-Loire' },
  asOf: '2027-07-05',
  minAgeDays: 730,
  lines: [
    { familyId: 'fam-1', name: 'Famille Martin', reasonLabel: 'Plus aucun enfant inscrit', credits: ['A-2026-000004'], amountCents: 1250, prescriptionDate: '2031-01-01' },
    { familyId: 'fam-2', name: 'données effacées', reasonLabel: 'Avoir ancien', credits: ['g-17'], amountCents: 350, prescriptionDate: '2029-01-01' },
  ],
  totalCents: 1600,
};

describe('the refund campaign PDF', () => {
  it('reads back with its families, amounts and total', async () => {
    const pdf = await readPdf(await renderRefundCampaign(input));
    expect(pdf.text).toContain('Campagne de remboursement des avoirs au 05/07/2027');
    expect(pdf.text).toContain('Famille Martin');
    expect(pdf.text).toContain('01/01/2029');
    expect(pdf.text).toMatch(/Total à mandater 16,00\s?€/);
    expect(pdf.info.Title).toBe('Campagne de remboursement des avoirs — 05/07/2027');
  });

  it('is byte-identical when regenerated', async () => {
    const first = Buffer.from(await renderRefundCampaign(input));
    const second = Buffer.from(await renderRefundCampaign(JSON.parse(JSON.stringify(input)) as RefundCampaignInput));
    expect(second.equals(first)).toBe(true);
  });

  it('spans pages for a long list', async () => {
    const lines = Array.from({ length: 150 }, (_, i) => ({ ...input.lines[0], familyId: `fam-${i}`, name: `Famille ${i + 1}` }));
    const pdf = await readPdf(await renderRefundCampaign({ ...input, lines }));
    expect(pdf.pageCount).toBeGreaterThan(2);
    expect(pdf.text).toContain('Famille 150');
  });
});
