import { inflateSync } from 'node:zlib';
import { renderRecap, RecapInput } from './recap.document';
import { fullYearRecapInput, fullYearRecapInputLayout2, MUNICIPALITY } from './testing/document-fixtures';
import { expectCleanLayout } from './testing/layout-expectations';
import { readGeometry } from './testing/pdf-geometry';
import { readPdf } from './testing/pdf-reader';
import { rejection } from './testing/rejection';

/** Rectangles filled with the holiday blue, counted in the pages' (deflated) content streams. */
function blueFills(bytes: Uint8Array): number {
  const raw = Buffer.from(bytes).toString('latin1');
  let count = 0;
  for (const [, body] of raw.matchAll(/\bstream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    try {
      count += (inflateSync(Buffer.from(body, 'latin1')).toString('latin1').match(/q 0\.84 0\.89 0\.97 rg /g) ?? []).length;
    } catch {
      // not a deflated stream
    }
  }
  return count;
}

function decemberRecap(overrides: Partial<RecapInput> = {}): RecapInput {
  return {
    municipality: MUNICIPALITY,
    family: { familyId: 'fam-0042', name: 'Famille Dupré' },
    timeZone: 'Europe/Paris',
    period: { from: '2026-12-01', to: '2026-12-18' },
    issuedAt: '2026-12-18T17:00:00Z',
    children: [
      {
        childId: 'child-lea',
        childName: 'Léa Dupré',
        activities: [
          { activityLabel: 'Restauration scolaire', dates: ['2026-12-04', '2026-12-01', '2026-12-03'], totalCents: 1155 },
          { activityLabel: 'Mercredi loisirs', dates: ['2026-12-02', '2026-12-16'], totalCents: 2400 },
        ],
      },
      {
        childId: 'child-noe',
        childName: 'Noé Dupré',
        activities: [{ activityLabel: 'Restauration scolaire', dates: ['2026-12-01'], totalCents: 385 }],
      },
    ],
    ...overrides,
  };
}

describe('renderRecap', () => {
  it('sums up each child and activity: days, count and total', async () => {
    const bytes = await renderRecap(decemberRecap());
    const pdf = await readPdf(bytes);
    expect(pdf.info).toMatchObject({ Title: 'Récapitulatif des inscriptions périscolaires', CreationDate: 'D:20261218170000Z' });
    expect(pdf.text).toContain('Récapitulatif des inscriptions périscolaires');
    expect(pdf.text).toContain('Période du mardi 1 décembre 2026 au vendredi 18 décembre 2026');
    expect(pdf.text).toContain('Document émis le vendredi 18 décembre 2026 à 18:00');
    expect(pdf.text).toContain('Enfant Activité Jours Montant');
    expect(pdf.text).toContain('Léa Dupré A — Restauration scolaire 3 11,55 €');
    expect(pdf.text).toContain('Léa Dupré B — Mercredi loisirs 2 24,00 €');
    // The same activity keeps its letter for every child.
    expect(pdf.text).toContain('Noé Dupré A — Restauration scolaire 1 3,85 €');
    expect(pdf.text).toContain('Total (6 jours) 39,40 €');
    // Per child: the days as text, by month, in order…
    expect(pdf.text).toContain('A — Restauration scolaire : 3 jours, 11,55 € décembre 2026 : 1, 3, 4');
    expect(pdf.text).toContain('B — Mercredi loisirs : 2 jours, 24,00 € décembre 2026 : 2, 16');
    expect(pdf.text).toContain('A — Restauration scolaire : 1 jour, 3,85 € décembre 2026 : 1');
    // …and as a month calendar with a legend that does not rely on colour.
    expect(pdf.text).toContain('Jour réservé : la lettre de chaque activité réservée ce jour-là');
    expect(pdf.text).toContain('lu ma me je ve sa di');
    expectCleanLayout(await readGeometry(bytes));
  });

  it('marks each reserved day of the calendar with its activity letters, and nothing else', async () => {
    const pages = await readGeometry(await renderRecap(decemberRecap()));
    const texts = pages.flatMap((page) => page.texts);
    const marks = texts.filter((item) => /^[A-Z]+$/.test(item.text) && item.size <= 7);
    // Léa: 1 A, 2 B, 3 A, 4 A, 16 B; Noé: 1 A (the legend's sample « A » is bigger).
    expect(marks.map((item) => item.text)).toEqual(['A', 'B', 'A', 'A', 'B', 'A']);
    // Each mark sits under the number of its day, in the same cell.
    const dayNumbers = texts.filter((item) => /^\d+$/.test(item.text) && item.size < 6);
    const cellOf = (mark: (typeof marks)[number]) =>
      dayNumbers.find((day) => day.page === mark.page && mark.x >= day.x - 2 && mark.x <= day.x + 22 && day.baseline - mark.baseline > 0 && day.baseline - mark.baseline < 12);
    expect(marks.map((mark) => cellOf(mark)?.text)).toEqual(['1', '2', '3', '4', '16', '1']);
  });

  it('prints « données effacées » for erased names (R17)', async () => {
    const input = decemberRecap();
    const pdf = await readPdf(
      await renderRecap({
        ...input,
        family: { familyId: 'fam-0042', name: null },
        children: input.children.map((child) => ({ ...child, childName: null })),
      }),
    );
    expect(pdf.text).not.toContain('Dupré');
    expect(pdf.text).toContain('Famille données effacées (réf. fam-0042)');
    expect(pdf.text).toContain('données effacées A — Restauration scolaire 3 11,55 €');
  });

  it('says so when nothing is reserved', async () => {
    const pdf = await readPdf(await renderRecap(decemberRecap({ children: [{ childId: 'child-lea', childName: 'Léa Dupré', activities: [] }] })));
    expect(pdf.text).toContain('Aucune réservation sur la période.');
    expect(pdf.text).toContain('Aucune activité réservée sur la période.');
  });

  it('paginates a full school year for 3 children × 4 activities cleanly', async () => {
    const input = fullYearRecapInput(['Léa Dupré', 'Noé Dupré', 'Inès Dupré']);
    const bytes = await renderRecap(input);
    const pdf = await readPdf(bytes);
    expect(pdf.pageCount).toBeGreaterThanOrEqual(4);
    expect(pdf.pageCount).toBeLessThanOrEqual(8);
    for (const [i, page] of pdf.pages.entries()) expect(page).toContain(`Page ${i + 1} / ${pdf.pageCount}`);
    // Every month of the year is drawn once per child.
    for (const month of ['septembre 2025', 'décembre 2025', 'février 2026', 'juillet 2026']) {
      expect(pdf.text.split(`${month} lu ma me je ve sa di`).length - 1).toBe(3);
    }
    // The last child is there, to its last month, and continued pages say whose they are.
    const last = pdf.pages[pdf.pageCount - 1];
    expect(pdf.text).toContain('Inès Dupré');
    expect(last).toContain('juillet 2026');
    expect(last).toMatch(/Inès Dupré|Inès Dupré \(suite\)/);
    const expectedTotal = input.children.flatMap((child) => child.activities).reduce((sum, activity) => sum + activity.totalCents, 0);
    const expectedDays = input.children.flatMap((child) => child.activities).reduce((sum, activity) => sum + activity.dates.length, 0);
    const euros = `${Math.floor(expectedTotal / 100).toLocaleString('fr-FR').replace(/\s/g, ' ')},${String(expectedTotal % 100).padStart(2, '0')} €`;
    expect(pdf.text).toContain(`Total (${expectedDays} jours) ${euros}`);
    expectCleanLayout(await readGeometry(bytes));
  });

  it('refuses days outside the period, twice the same day, a reversed or over-long period', async () => {
    const input = decemberRecap();
    const lea = input.children[0];
    const outside = await rejection(
      renderRecap({ ...input, children: [{ ...lea, activities: [{ activityLabel: 'Restauration scolaire', dates: ['2026-11-30', '2026-12-01', '2026-12-01'], totalCents: 1155 }] }] }),
    );
    expect(outside.code).toBe('INVALID_DOCUMENT_INPUT');
    expect(outside.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      'children[0].activities[0].dates[0]: 2026-11-30 is outside the period',
      'children[0].activities[0].dates[2]: 2026-12-01 listed twice',
    ]);
    const reversed = await rejection(renderRecap({ ...input, period: { from: '2026-12-18', to: '2026-12-01' } }));
    expect(reversed.issues).toEqual([{ path: 'period', message: 'from is after to' }]);
    const long = await rejection(renderRecap({ ...input, children: [], period: { from: '2025-09-01', to: '2026-09-02' } }));
    expect(long.issues).toEqual([{ path: 'period', message: 'longer than 366 days' }]);
  });

  describe('layouts', () => {
    const holidays = [
      { from: '2026-12-19', to: '2027-01-03', label: 'Vacances de Noël' },
      { from: '2026-11-11', to: '2026-11-11', label: 'Armistice du 11 novembre (jour férié)' },
      { from: '2026-10-17', to: '2026-11-01', label: 'Vacances de la Toussaint' },
    ];
    const december = (layout: 1 | 2 | undefined) => decemberRecap({ period: { from: '2026-12-01', to: '2026-12-31' }, issuedAt: '2026-12-01T10:00:00Z', holidays, ...(layout ? { layout } : {}) });

    it('layout 1 (the default) is the layout recaps were issued with: « 1 décembre », no holidays, byte for byte', async () => {
      const bytes = await renderRecap(december(undefined));
      expect(Buffer.from(await renderRecap(december(1))).equals(Buffer.from(bytes))).toBe(true);
      // Holidays given to a layout 1 recap change nothing: its bytes are those of the recap without them.
      expect(Buffer.from(await renderRecap({ ...december(1), holidays: undefined })).equals(Buffer.from(bytes))).toBe(true);
      const pdf = await readPdf(bytes);
      expect(pdf.text).toContain('Période du mardi 1 décembre 2026 au jeudi 31 décembre 2026');
      expect(pdf.text).toContain('Document émis le mardi 1 décembre 2026 à 11:00');
      expect(pdf.text).toContain('décembre 2026 : 1, 3, 4');
      expect(pdf.text).not.toContain('Vacances');
      expect(pdf.text).not.toContain('1er');
    });

    it('layout 2 writes « 1er », and shades and lists the school holidays of the period', async () => {
      const bytes = await renderRecap(december(2));
      const pdf = await readPdf(bytes);
      expect(pdf.text).toContain('Période du mardi 1er décembre 2026 au jeudi 31 décembre 2026');
      expect(pdf.text).toContain('Document émis le mardi 1er décembre 2026 à 11:00');
      expect(pdf.text).toContain('décembre 2026 : 1er, 3, 4');
      expect(pdf.text).toContain('décembre 2026 : 2, 16');
      // Only the holidays touching the period, in words (the colour only helps).
      expect(pdf.text).toContain('Service fermé sur la période (cases bleues des calendriers) : Vacances de Noël (du samedi 19 décembre 2026 au dimanche 3 janvier 2027).');
      expect(pdf.text).not.toContain('Toussaint');
      expect(pdf.text).toContain('Case bleue : vacances scolaires ou jour férié, service fermé');
      // One blue cell per holiday day of the period in each child's calendar (19–31 December,
      // 2 children), plus each child's legend swatch; none in layout 1.
      expect(blueFills(bytes)).toBe(13 * 2 + 2);
      expect(blueFills(await renderRecap(december(1)))).toBe(0);
      expectCleanLayout(await readGeometry(bytes));
    });

    it('layout 2 says « 1er » for a one-day holiday on the first, and a full year lays out cleanly', async () => {
      const pdf = await readPdf(await renderRecap({ ...december(2), holidays: [{ from: '2026-12-01', to: '2026-12-01', label: 'Journée pédagogique' }] }));
      expect(pdf.text).toContain('Journée pédagogique (mardi 1er décembre 2026)');
      const year = await renderRecap(fullYearRecapInputLayout2());
      const yearPdf = await readPdf(year);
      expect(yearPdf.text).toContain('Période du lundi 1er septembre 2025 au samedi 4 juillet 2026');
      expect(yearPdf.text).toContain('Vacances de Noël (du samedi 20 décembre 2025 au dimanche 4 janvier 2026)');
      expectCleanLayout(await readGeometry(year));
    });

    it('refuses an unknown layout and malformed holidays', async () => {
      const unknown = await rejection(renderRecap({ ...december(2), layout: 3 as unknown as 2 }));
      expect(unknown.issues).toEqual([{ path: 'layout', message: 'unknown layout 3 (expected 1 or 2)' }]);
      const reversed = await rejection(renderRecap({ ...december(2), holidays: [{ from: '2026-12-31', to: '2026-12-19', label: 'Noël' }] }));
      expect(reversed.issues).toEqual([{ path: 'holidays[0]', message: 'from is after to' }]);
    });
  });
});
