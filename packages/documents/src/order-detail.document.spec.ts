import { renderOrderDetail, OrderDetailInput } from './order-detail.document';
import { orderDetailInput, orderLines } from './testing/document-fixtures';
import { expectCleanLayout } from './testing/layout-expectations';
import { readGeometry } from './testing/pdf-geometry';
import { readPdf } from './testing/pdf-reader';
import { rejection } from './testing/rejection';

describe('renderOrderDetail', () => {
  it('prints the title, references, status, French dates and amounts', async () => {
    const input = orderDetailInput(8);
    const pdf = await readPdf(await renderOrderDetail(input));

    expect(pdf.pageCount).toBe(1);
    expect(pdf.info).toMatchObject({
      Title: 'Détail des réservations',
      Subject: 'Commande ord-7f3a9c',
      Author: 'Ville de Villebelle-sur-Loire',
      Creator: 'Periscol',
      Language: 'fr-FR',
      // The document's date is the event's instant, not the clock.
      CreationDate: 'D:20261124133005Z',
      ModDate: 'D:20261124133005Z',
    });
    expect(pdf.text).toContain('Ville de Villebelle-sur-Loire');
    expect(pdf.text).toContain('45000 Villebelle-sur-Loire');
    expect(pdf.text).toContain('Détail des réservations');
    expect(pdf.text).toContain('Commande n° ord-7f3a9c');
    expect(pdf.text).toContain('Famille Dupré (réf. fam-0042)');
    expect(pdf.text).toContain('Statut En attente de paiement');
    // 13:30:05Z is 14:30 in Paris in November.
    expect(pdf.text).toContain('Demandée le mardi 24 novembre 2026 à 14:30');
    expect(pdf.text).toContain('Réservée jusqu’au mardi 24 novembre 2026 à 15:30');
    expect(pdf.text).toContain('Léa Dupré Restauration scolaire mardi 1 décembre 2026 3,85 €');
    expect(pdf.text).toContain('Noé Dupré Accueil périscolaire du soir mardi 1 décembre 2026 2,15 €');
    expect(pdf.text).toContain('Noé Dupré Accueil périscolaire du soir vendredi 4 décembre 2026 2,15 €');
    expect(pdf.text).toContain('Total des réservations (8 jours) 24,00 €');
    expect(pdf.text).toContain('Avoir déduit -5,00 €');
    expect(pdf.text).toContain('Montant à payer 19,00 €');
    expect(pdf.text).toContain('« Payer »');
    expect(pdf.text).toContain('Page 1 / 1');
  });

  it('lists the lines in date order', async () => {
    const lines = orderLines(6).reverse();
    const pdf = await readPdf(await renderOrderDetail(orderDetailInput(0, { lines })));
    const first = pdf.text.indexOf('mardi 1 décembre 2026');
    const last = pdf.text.indexOf('jeudi 3 décembre 2026');
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(first);
  });

  it('says what to do next for each status', async () => {
    const credit = orderDetailInput(2);
    const covered = { ...credit.order, creditAppliedCents: credit.order.totalCents, amountDueCents: 0 };
    const ok = await readPdf(await renderOrderDetail({ ...credit, order: { ...covered, status: 'awaiting_confirmation' } }));
    expect(ok.text).toContain('Statut En attente de validation');
    expect(ok.text).toContain('« OK »');
    expect(ok.text).not.toContain('« Payer »');
    expect(ok.text).toContain('Montant à payer 0,00 €');

    const confirmed = await readPdf(await renderOrderDetail({ ...credit, order: { ...credit.order, status: 'confirmed' } }));
    expect(confirmed.text).toContain('Statut Validée');
    expect(confirmed.text).toContain('Montant réglé 1,00 €');
    expect(confirmed.text).not.toContain('Réservée jusqu’au');

    const expired = await readPdf(await renderOrderDetail({ ...credit, order: { ...credit.order, status: 'expired' } }));
    expect(expired.text).toContain('Statut Expirée');
    expect(expired.text).toContain('expiré');
  });

  it('prints « données effacées » in place of erased names (R17)', async () => {
    const input = orderDetailInput(4);
    const erased: OrderDetailInput = {
      ...input,
      family: { familyId: 'fam-0042', name: null },
      order: { ...input.order, lines: input.order.lines.map((line) => ({ ...line, childName: null })) },
    };
    const pdf = await readPdf(await renderOrderDetail(erased));
    expect(pdf.text).toContain('Famille données effacées (réf. fam-0042)');
    expect(pdf.text).toContain('données effacées Restauration scolaire mardi 1 décembre 2026 3,85 €');
    expect(pdf.text).not.toContain('Dupré');
    // Amounts and numbers still verify.
    expect(pdf.text).toContain('Total des réservations (4 jours) 12,00 €');
  });

  it('renders names WinAnsi cannot encode instead of throwing', async () => {
    const input = orderDetailInput(2);
    const odd: OrderDetailInput = {
      ...input,
      municipality: { name: 'Commune\u202fde Łódź 🏫' },
      family: { familyId: 'fam-0042', name: 'Nguyễn\tZoë 李' },
      order: { ...input.order, lines: input.order.lines.map((line) => ({ ...line, childName: 'Ewa Kowalska 👧', activityLabel: 'Cantine\u00adscolaire' })) },
    };
    const pdf = await readPdf(await renderOrderDetail(odd));
    expect(pdf.text).toContain('Commune de ?ódz ?');
    expect(pdf.text).toContain('Nguyên Zoë ?');
    expect(pdf.text).toContain('Ewa Kowalska ? Cantinescolaire');
  });

  it('flows a long order over pages, repeating the column headers', async () => {
    const bytes = await renderOrderDetail(orderDetailInput(150));
    const pdf = await readPdf(bytes);
    expect(pdf.pageCount).toBeGreaterThanOrEqual(3);
    for (const page of pdf.pages) expect(page).toContain('Enfant Activité Date Prix unitaire');
    for (const [i, page] of pdf.pages.entries()) expect(page).toContain(`Page ${i + 1} / ${pdf.pageCount}`);
    expect(pdf.pages.slice(1).every((page) => page.includes('Détail des réservations — Commande ord-7f3a9c (suite)'))).toBe(true);
    const last = pdf.pages[pdf.pageCount - 1];
    expect(last).toContain('Montant à payer');
    // Every line is printed exactly once.
    expect(pdf.text.match(/Restauration scolaire \S+ \d+ \S+ 2027 3,85 €|Restauration scolaire \S+ \d+ \S+ 2026 3,85 €/g)).toHaveLength(75);
    expectCleanLayout(await readGeometry(bytes));
  });

  it('lays out a page without overlaps, even with very long names', async () => {
    const input = orderDetailInput(6);
    const long = 'Marie-Ségolène-Bérénice de La Tour d’Auvergne-Lauraguais';
    const bytes = await renderOrderDetail({
      ...input,
      municipality: { name: `Communauté de communes ${long} ${long}`, address: `${long}\n${long} ${long}` },
      family: { familyId: 'fam-0042', name: `${long} ${long}` },
      order: { ...input.order, lines: input.order.lines.map((line) => ({ ...line, childName: long, activityLabel: long })) },
    });
    const pdf = await readPdf(bytes);
    // Names wrap in the header, and are cut with '…' in table cells.
    expect(pdf.text).toContain(`Famille ${long} ${long}`);
    expect(pdf.text).toContain(`Communauté de communes ${long} ${long}`);
    expect(pdf.text).toContain('Marie-Ségolène-Bérénice… Marie-Ségolène-Bérénice de La… mardi 1 décembre 2026 3,85 €');
    expectCleanLayout(await readGeometry(bytes));
  });

  describe('refuses bad input with a coded error, listing every problem', () => {
    it('non-integer or negative cents, totals that do not add up', async () => {
      const input = orderDetailInput(2);
      const error = await rejection(
        renderOrderDetail({
          ...input,
          order: { ...input.order, lines: [{ ...input.order.lines[0], unitPriceCents: 3.85 }, { ...input.order.lines[1], unitPriceCents: -215 }], totalCents: 600 },
        }),
      );
      expect(error.code).toBe('INVALID_DOCUMENT_INPUT');
      expect(error.issues.map((issue) => issue.path)).toEqual(['order.lines[0].unitPriceCents', 'order.lines[1].unitPriceCents', 'order.totalCents']);
    });

    it('amount due that is not total minus credit', async () => {
      const input = orderDetailInput(2);
      const error = await rejection(renderOrderDetail({ ...input, order: { ...input.order, amountDueCents: input.order.amountDueCents + 1 } }));
      expect(error.issues).toEqual([expect.objectContaining({ path: 'order.amountDueCents' })]);
    });

    it('impossible dates, instants without offset, unknown time zone and status, no lines', async () => {
      const input = orderDetailInput(2);
      const error = await rejection(
        renderOrderDetail({
          ...input,
          timeZone: 'Europe/Atlantis',
          issuedAt: '2026-11-24 13:30',
          order: { ...input.order, status: 'paid' as never, requestedAt: '2026-11-24T13:30:05', lines: [], totalCents: 0, creditAppliedCents: 0, amountDueCents: 0 },
        }),
      );
      expect(error.issues.map((issue) => issue.path)).toEqual(['timeZone', 'issuedAt', 'order.status', 'order.requestedAt', 'order.lines']);
      const dated = await rejection(renderOrderDetail({ ...input, order: { ...input.order, lines: [{ ...input.order.lines[0], date: '2026-02-30' }, input.order.lines[1]] } }));
      expect(dated.issues).toEqual([expect.objectContaining({ path: 'order.lines[0].date' })]);
    });

    it('missing objects are reported, not crashed on', async () => {
      const error = await rejection(renderOrderDetail({ issuedAt: '2026-11-24T13:30:05Z' } as unknown as OrderDetailInput));
      expect(error.issues.map((issue) => issue.path)).toEqual(['municipality', 'family', 'order']);
      expect(error.message).toContain('renderOrderDetail');
    });
  });
});
