import * as E from 'fp-ts/Either';
import type { Catalog, Payer, SlotUsage, TariffGrid } from './catalog.types';
import { demoCatalog } from './demo-municipality';
import { loadCatalog } from './load-catalog';
import { catalogFrom, testMunicipalityFile } from './municipality-file.fixture';
import { priceSlot } from './pricing';
import { schoolLevelOfGrade } from './school-level';
import { tariffNote, tariffReasons } from './tariff-reasons';

// Tuesday 2026-09-15, in the test file's school year.
const DAY = '2026-09-15';
const payer = (overrides: Partial<Payer> = {}): Payer => ({ quotientFamilial: 800, resident: true, childRank: 1, ...overrides });
const used = (usage: Partial<SlotUsage>): Pick<Payer, 'usage'> => ({ usage: () => ({ daysInWeek: 1, paidCentsInMonth: 0, ...usage }) });

function fileWithGrids(...tariffs: unknown[]) {
  return testMunicipalityFile({
    activities: [{ id: 'garderie', label: 'Garderie', weekdays: [1, 2, 3, 4, 5], deadline: { daysBefore: 1, time: '18:00', workingDays: false }, tariffs: tariffs as TariffGrid[] }],
  });
}
const catalogWith = (...tariffs: unknown[]): Catalog => catalogFrom(fileWithGrids(...tariffs));

function price(catalog: Catalog, p: Payer, date = DAY) {
  const result = priceSlot(catalog, 'garderie', date, p);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return { cents: result.right.unitPriceCents, bracket: result.right.tariff.bracket };
}

const BRACKETS = [
  { maxQf: 599, priceCents: 100 },
  { maxQf: 999, priceCents: 305 },
  { maxQf: null, priceCents: 315 },
];
const grid = (extra: object = {}) => ({ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: BRACKETS, ...extra });

describe('price shapes a town can state (R3)', () => {
  it('a grid that states none of them prices as before: bracket, no QF, sibling reduction', () => {
    const catalog = catalogWith(grid({ siblingReduction: { fromRank: 3, percent: 50 } }));
    expect(price(catalog, payer({ quotientFamilial: 500 }))).toEqual({ cents: 100, bracket: 'qf<=599' });
    expect(price(catalog, payer({ quotientFamilial: null }))).toEqual({ cents: 315, bracket: 'no-qf' });
    expect(price(catalog, payer({ childRank: 3 }))).toEqual({ cents: 153, bracket: 'qf<=999+rank3-50%' });
    // The fields a grid does not use change nothing: a level, a PAI, a week of days.
    expect(price(catalog, payer({ schoolLevel: 'maternelle', medicalProtocol: true, ...used({ daysInWeek: 5 }) }))).toEqual({ cents: 305, bracket: 'qf<=999' });
  });

  it('a child under a medical protocol (PAI) pays the packed-lunch price, whatever else applies', () => {
    const catalog = catalogWith(grid({ medicalProtocol: { priceCents: 64 }, nonResident: { priceCents: 400 }, occasional: { priceCents: 370, regularFromDaysPerWeek: 4 } }));
    expect(price(catalog, payer({ medicalProtocol: true }))).toEqual({ cents: 64, bracket: 'fixe+pai' });
    expect(price(catalog, payer({ medicalProtocol: true, resident: false }))).toEqual({ cents: 64, bracket: 'fixe+pai' });
    expect(price(catalog, payer({ medicalProtocol: false, ...used({ daysInWeek: 4 }) }))).toEqual({ cents: 305, bracket: 'qf<=999' });
  });

  it('an occasional slot (fewer days that week than regularFromDaysPerWeek) pays the occasional price', () => {
    const catalog = catalogWith(grid({ occasional: { priceCents: 370, regularFromDaysPerWeek: 4 } }));
    expect(price(catalog, payer(used({ daysInWeek: 3 })))).toEqual({ cents: 370, bracket: 'fixe+occasionnel' });
    expect(price(catalog, payer(used({ daysInWeek: 4 })))).toEqual({ cents: 305, bracket: 'qf<=999' });
    // Without usage the slot is the only one of its week: occasional.
    expect(price(catalog, payer()).cents).toBe(370);
  });

  it('non-residents: their own brackets, or a surcharge on the resident price (half-up)', () => {
    const own = catalogWith(grid({ nonResident: { brackets: [{ maxQf: 799, priceCents: 300 }, { maxQf: null, priceCents: 320 }] } }));
    expect(price(own, payer({ resident: false, quotientFamilial: 799 }))).toEqual({ cents: 300, bracket: 'qf<=799+hors-commune' });
    expect(price(own, payer({ resident: false, quotientFamilial: null }))).toEqual({ cents: 320, bracket: 'no-qf+hors-commune' });
    expect(price(own, payer({ resident: true, quotientFamilial: 799 })).cents).toBe(305);

    const surcharge = catalogWith({ effectiveFrom: '2026-09-01', kind: 'effort', rate: 1.85, minCents: 0, maxCents: 2749, nonResident: { surchargePercent: 10 } });
    // QF 1 050 × 1,85 % = 1 942,5 → 1 943; +10 % = 2 137,3 → 2 137.
    expect(price(surcharge, payer({ quotientFamilial: 1050 }))).toEqual({ cents: 1943, bracket: 'taux-effort' });
    expect(price(surcharge, payer({ quotientFamilial: 1050, resident: false }))).toEqual({ cents: 2137, bracket: 'taux-effort+hors-commune-plus10%' });
  });

  it('the legacy nonResidentCents keeps its meaning beside the new shapes', () => {
    const catalog = catalogWith(grid({ nonResidentCents: 650, schoolLevels: { maternelle: { priceCents: 200 } } }));
    expect(price(catalog, payer({ resident: false, schoolLevel: 'maternelle' }))).toEqual({ cents: 650, bracket: 'non-resident' });
    expect(price(catalog, payer({ schoolLevel: 'maternelle' }))).toEqual({ cents: 200, bracket: 'fixe+maternelle' });
  });

  it('prices by school level, a level without a table paying the grid price', () => {
    const catalog = catalogWith(grid({ schoolLevels: { maternelle: { brackets: [{ maxQf: 999, priceCents: 250 }, { maxQf: null, priceCents: 280 }] } } }));
    expect(price(catalog, payer({ schoolLevel: 'maternelle' }))).toEqual({ cents: 250, bracket: 'qf<=999+maternelle' });
    expect(price(catalog, payer({ schoolLevel: 'elementaire' }))).toEqual({ cents: 305, bracket: 'qf<=999' });
    expect(price(catalog, payer())).toEqual({ cents: 305, bracket: 'qf<=999' });
  });

  it('reduces by days reserved in the week: the highest step reached', () => {
    const catalog = catalogWith(grid({ daysPerWeekReductions: [{ fromDays: 4, percent: 10 }, { fromDays: 5, percent: 20 }] }));
    expect(price(catalog, payer(used({ daysInWeek: 3 }))).cents).toBe(305);
    // 305 × 0,9 = 274,5 → 275 (half-up); 305 × 0,8 = 244.
    expect(price(catalog, payer(used({ daysInWeek: 4 })))).toEqual({ cents: 275, bracket: 'qf<=999+4j-10%' });
    expect(price(catalog, payer(used({ daysInWeek: 5 })))).toEqual({ cents: 244, bracket: 'qf<=999+5j-20%' });
  });

  it('skips the sibling reduction in the excepted bracket; a sibling price only ever lowers', () => {
    const bubry = catalogWith(grid({ siblingReduction: { fromRank: 3, percent: 50, exceptQfUpTo: 599 } }));
    expect(price(bubry, payer({ quotientFamilial: 599, childRank: 3 }))).toEqual({ cents: 100, bracket: 'qf<=599' });
    expect(price(bubry, payer({ quotientFamilial: 600, childRank: 3 }))).toEqual({ cents: 153, bracket: 'qf<=999+rank3-50%' });
    expect(price(bubry, payer({ quotientFamilial: null, childRank: 3 })).cents).toBe(158);

    const fixed = catalogWith(grid({ siblingReduction: { fromRank: 3, priceCents: 200 } }));
    expect(price(fixed, payer({ childRank: 3 }))).toEqual({ cents: 200, bracket: 'qf<=999+rank3-prix' });
    expect(price(fixed, payer({ childRank: 3, quotientFamilial: 100 }))).toEqual({ cents: 100, bracket: 'qf<=599' });
  });

  it('caps what a child pays per calendar month: a slot costs what is left under the cap', () => {
    const catalog = catalogWith({ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: [{ maxQf: null, priceCents: 150 }], monthlyCapCents: 3200 });
    expect(price(catalog, payer(used({ paidCentsInMonth: 3000 }))).cents).toBe(150);
    expect(price(catalog, payer(used({ paidCentsInMonth: 3150 })))).toEqual({ cents: 50, bracket: 'qf-any+plafond-mensuel' });
    expect(price(catalog, payer(used({ paidCentsInMonth: 3200 }))).cents).toBe(0);
    expect(price(catalog, payer(used({ paidCentsInMonth: 9999 }))).cents).toBe(0);
  });

  it('applies the steps in the stated order, rounding half-up at each: surcharge, then week, then sibling', () => {
    const catalog = catalogWith({
      effectiveFrom: '2026-09-01',
      kind: 'brackets',
      brackets: [{ maxQf: null, priceCents: 361 }],
      nonResident: { surchargePercent: 10 },
      daysPerWeekReductions: [{ fromDays: 4, percent: 10 }],
      siblingReduction: { fromRank: 2, percent: 50 },
    });
    // 361 → +10 % 397,1 → 397 → −10 % 357,3 → 357 → −50 % 178,5 → 179.
    expect(price(catalog, payer({ resident: false, childRank: 2, ...used({ daysInWeek: 4 }) }))).toEqual({
      cents: 179,
      bracket: 'qf-any+hors-commune-plus10%+4j-10%+rank2-50%',
    });
  });

  it('asks for the usage only when the grid needs it', () => {
    const usage = jest.fn(() => ({ daysInWeek: 5, paidCentsInMonth: 0 }));
    price(catalogWith(grid()), payer({ usage }));
    expect(usage).not.toHaveBeenCalled();
    price(catalogWith(grid({ daysPerWeekReductions: [{ fromDays: 4, percent: 10 }] })), payer({ usage }));
    expect(usage).toHaveBeenCalledTimes(1);
  });

  it('prices each day with the grid in force that day, and names its délibération', () => {
    const catalog = catalogWith(
      grid({ deliberation: 'Délibération n° 2026-031 du 30 juin 2026' }),
      { effectiveFrom: '2027-01-01', deliberation: 'Délibération n° 2026-088 du 8 décembre 2026', kind: 'brackets', brackets: [{ maxQf: null, priceCents: 330 }] },
    );
    const before = priceSlot(catalog, 'garderie', '2026-12-31', payer());
    const after = priceSlot(catalog, 'garderie', '2027-01-04', payer());
    expect(E.isRight(before) && before.right).toEqual({ unitPriceCents: 305, tariff: { effectiveFrom: '2026-09-01', bracket: 'qf<=999' } });
    expect(E.isRight(after) && after.right).toEqual({ unitPriceCents: 330, tariff: { effectiveFrom: '2027-01-01', bracket: 'qf-any' } });
    expect(tariffNote(catalog, 'garderie', { effectiveFrom: '2026-09-01', bracket: 'qf<=999' })).toBe('QF jusqu’à 999 € · Délibération n° 2026-031 du 30 juin 2026');
    expect(tariffNote(catalog, 'garderie', { effectiveFrom: '2027-01-01', bracket: 'qf-any' })).toBe('Délibération n° 2026-088 du 8 décembre 2026');
    // A grid no longer in the file: the reasons alone; a label an earlier grid could give: nothing (documents keep their bytes).
    expect(tariffNote(catalog, 'garderie', { effectiveFrom: '2025-09-01', bracket: 'no-qf+pai' })).toBe('sans quotient familial connu (tarif maximal) · PAI (panier repas)');
    expect(tariffNote(catalog, 'garderie', { effectiveFrom: '2025-09-01', bracket: 'qf<=700+rank3-50%' })).toBe('');
    expect(tariffNote(demoCatalog, 'restauration', { effectiveFrom: '2026-09-01', bracket: 'unknown' })).toBe('');
  });

  it('says why in French, one reason per rule, nothing for an unknown or plain label', () => {
    expect(tariffReasons('fixe+pai')).toEqual(['PAI (panier repas)']);
    expect(tariffReasons('qf>1400+hors-commune-plus10%+5j-20%+rank3-50%+plafond-mensuel')).toEqual([
      'QF au-delà de 1400 €',
      'hors commune (+10 %)',
      '5 jours dans la semaine (-20 %)',
      'réduction fratrie à partir du 3e enfant (-50 %)',
      'plafond mensuel atteint',
    ]);
    expect(tariffReasons('fixe+occasionnel')).toEqual(['tarif occasionnel']);
    expect(tariffReasons('qf<=700+maternelle')).toEqual(['QF jusqu’à 700 €', 'maternelle']);
    expect(tariffReasons('non-resident')).toEqual(['hors commune']);
    expect(tariffReasons('unknown')).toEqual([]);
    expect(tariffReasons('qf-any')).toEqual([]);
  });

  it('reads the school level from French grades', () => {
    for (const grade of ['TPS', 'PS', 'MS', 'GS', 'gs', 'Moyenne section', 'petite section', 'Maternelle']) expect(schoolLevelOfGrade(grade)).toBe('maternelle');
    for (const grade of ['CP', 'CE1', 'CE2', 'CM1', 'cm2', 'Cours préparatoire', 'élémentaire']) expect(schoolLevelOfGrade(grade)).toBe('elementaire');
    for (const grade of ['6e', 'ULIS', '', 'CPX', undefined, null]) expect(schoolLevelOfGrade(grade)).toBeUndefined();
  });

  it('leaves the demo file priced exactly as before', () => {
    const demo = priceSlot(demoCatalog, 'restauration', '2026-12-07', payer({ quotientFamilial: 800, childRank: 3, schoolLevel: 'maternelle', medicalProtocol: true, ...used({ daysInWeek: 5 }) }));
    expect(E.isRight(demo) && demo.right).toEqual({ unitPriceCents: 160, tariff: { effectiveFrom: '2026-09-01', bracket: 'qf<=1000+rank3-50%' } });
  });
});

describe('the tariff part of the file refuses what cannot be meant, naming the path', () => {
  // Each issue as "path: message", the path dot-joined (activities.0.tariffs.0.…).
  const refusal = (...tariffs: unknown[]) => {
    const result = loadCatalog(fileWithGrids(...tariffs));
    if (E.isRight(result)) throw new Error('expected a refusal');
    return (result.left.issues as { path: PropertyKey[]; message: string }[]).map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('\n');
  };

  it.each([
    [{ siblingReduction: { fromRank: 3, percent: 50, priceCents: 330 } }, /tariffs\.0\.siblingReduction.*either "percent".*or "priceCents"/],
    [{ siblingReduction: { fromRank: 3 } }, /tariffs\.0\.siblingReduction/],
    [{ nonResidentCents: 400, nonResident: { priceCents: 400 } }, /tariffs\.0\.nonResident.*state non-residents once/],
    [{ nonResident: { surchargePercent: 0 } }, /tariffs\.0\.nonResident/],
    [{ medicalProtocol: { priceCents: 64, brackets: [] } }, /tariffs\.0\.medicalProtocol/],
    [{ occasional: { priceCents: 370 } }, /tariffs\.0\.occasional/],
    [{ schoolLevels: { college: { priceCents: 300 } } }, /tariffs\.0\.schoolLevels/],
    [{ daysPerWeekReductions: [{ fromDays: 5, percent: 20 }, { fromDays: 4, percent: 10 }] }, /tariffs\.0\.daysPerWeekReductions\.1.*increasing fromDays/],
    [{ monthlyCapCents: -1 }, /tariffs\.0\.monthlyCapCents/],
    [{ schoolLevels: { maternelle: { brackets: [{ maxQf: 500, priceCents: 300 }, { maxQf: null, priceCents: 200 }] } } }, /schoolLevels\.maternelle\.brackets\.1\.priceCents.*cannot pay less/],
    [{ deliberation: '' }, /tariffs\.0\.deliberation/],
  ])('refuses %j', (extra, message) => {
    expect(refusal(grid(extra))).toMatch(message);
  });
});
