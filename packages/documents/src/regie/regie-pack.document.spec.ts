import { readPdf } from '../testing/pdf-reader';
import { renderRegiePack, type RegiePackInput } from './regie-pack.document';

const input: RegiePackInput = {
  municipality: { name: 'Saint-Aubin-sur-Loire' },
  month: '2026-09',
  asOf: '2026-09-30T16:00:00.000Z',
  firstReceipt: 'R-2026-000001',
  lastReceipt: 'R-2026-000002',
  methods: [
    { key: 'card', label: 'Carte bancaire (PayFiP)' },
    { key: 'simulated', label: 'Paiement simulé' },
  ],
  revenue: [{ label: 'Restauration scolaire', byMethod: { card: 1250, simulated: 350 }, totalCents: 1600 }],
  byMethod: { card: 1250, simulated: 350 },
  totalCents: 1600,
  payers: [
    { receiptNumber: 'R-2026-000001', date: '2026-09-07', late: false, payer: 'Famille Martin', methodLabel: 'Carte bancaire (PayFiP)', amountCents: 1250 },
    { receiptNumber: 'R-2026-000002', date: '2026-09-07', late: true, payer: 'données effacées', methodLabel: 'Paiement simulé', amountCents: 350 },
  ],
  bordereau: [
    { label: 'Carte bancaire (PayFiP)', receiptCount: 1, amountCents: 1250 },
    { label: 'Paiement simulé', receiptCount: 1, amountCents: 350 },
  ],
  receiptCount: 2,
  openDaysWithReceipts: [],
};

describe('the régie monthly pack PDF', () => {
  it('reads back with its three parts and totals', async () => {
    const pdf = await readPdf(await renderRegiePack(input));
    expect(pdf.text).toContain('Clôture mensuelle de la régie — septembre 2026');
    expect(pdf.text).toContain('État récapitulatif des recettes encaissées');
    expect(pdf.text).toContain('Liste nominative des parties versantes');
    expect(pdf.text).toContain('Bordereau de versement');
    expect(pdf.text).toContain('R-2026-000002 07/09/2026 * données effacées');
    expect(pdf.text).toMatch(/Total à verser au comptable 2 16,00\s?€/);
    expect(pdf.info.Title).toBe('Clôture mensuelle de la régie — septembre 2026');
  });

  it('names the arrêté and the régisseur who signs, when the town states them', async () => {
    const pdf = await readPdf(await renderRegiePack({ ...input, regie: { arrete: 'Arrêté n° 2026-041 du 01/07/2026', regisseur: 'Claire Martin' } }));
    expect(pdf.text).toContain('Régie instituée par Arrêté n° 2026-041 du 01/07/2026');
    expect(pdf.text).toMatch(/Le régisseur, Le comptable public, Claire Martin/);
  });

  it('is byte-identical when regenerated', async () => {
    const first = Buffer.from(await renderRegiePack(input));
    const second = Buffer.from(await renderRegiePack(JSON.parse(JSON.stringify(input)) as RegiePackInput));
    expect(second.equals(first)).toBe(true);
  });

  it('spans pages for a long list of payers', async () => {
    const payers = Array.from({ length: 150 }, (_, i) => ({ ...input.payers[0], receiptNumber: `R-2026-${String(i + 1).padStart(6, '0')}` }));
    const pdf = await readPdf(await renderRegiePack({ ...input, payers }));
    expect(pdf.pageCount).toBeGreaterThan(2);
    expect(pdf.text).toContain('R-2026-000150');
  });
});
