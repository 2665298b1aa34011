import * as E from 'fp-ts/Either';
import type { Catalog, Payer, TariffGrid } from './catalog.types';
import { demoCatalog } from './demo-municipality';
import { catalogFrom, testMunicipalityFile } from './municipality-file.fixture';
import { priceSlot } from './pricing';

const resident = (quotientFamilial: number | null, childRank = 1): Payer => ({ quotientFamilial, resident: true, childRank });
const nonResident = (quotientFamilial: number | null, childRank = 1): Payer => ({ quotientFamilial, resident: false, childRank });

function price(catalog: Catalog, activityId: string, date: string, payer: Payer) {
  const result = priceSlot(catalog, activityId, date, payer);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return { cents: result.right.unitPriceCents, bracket: result.right.tariff.bracket, effectiveFrom: result.right.tariff.effectiveFrom };
}

function catalogWithGrids(...tariffs: TariffGrid[]): Catalog {
  return catalogFrom(
    testMunicipalityFile({
      activities: [{ id: 'garderie', label: 'Garderie', weekdays: [1, 2, 3, 4, 5], deadline: { daysBefore: 1, time: '18:00', workingDays: false }, tariffs }],
    }),
  );
}

describe('QF brackets — restauration, grid of 2026-09-01', () => {
  it.each([
    [0, 100, 'qf<=450'],
    [450, 100, 'qf<=450'],
    [450.01, 210, 'qf<=700'],
    [451, 210, 'qf<=700'],
    [700, 210, 'qf<=700'],
    [701, 320, 'qf<=1000'],
    [1000, 320, 'qf<=1000'],
    [1001, 410, 'qf<=1400'],
    [1400, 410, 'qf<=1400'],
    [1400.5, 490, 'qf>1400'],
    [1401, 490, 'qf>1400'],
    [25_000, 490, 'qf>1400'],
  ])('QF %p pays %i cents (%s)', (qf, cents, bracket) => {
    expect(price(demoCatalog, 'restauration', '2026-12-07', resident(qf))).toEqual({ cents, bracket, effectiveFrom: '2026-09-01' });
  });

  it('charges the highest price when no QF is known', () => {
    expect(price(demoCatalog, 'restauration', '2026-12-07', resident(null))).toEqual({ cents: 490, bracket: 'no-qf', effectiveFrom: '2026-09-01' });
    expect(price(demoCatalog, 'mercredi', '2026-12-09', resident(null)).cents).toBe(1700);
  });

  it('charges non-residents their price whatever their QF', () => {
    expect(price(demoCatalog, 'restauration', '2026-12-07', nonResident(300))).toEqual({ cents: 650, bracket: 'non-resident', effectiveFrom: '2026-09-01' });
    expect(price(demoCatalog, 'restauration', '2026-12-07', nonResident(null)).cents).toBe(650);
  });

  it('halves the price from the 3rd child on', () => {
    expect(price(demoCatalog, 'restauration', '2026-12-07', resident(800, 1)).cents).toBe(320);
    expect(price(demoCatalog, 'restauration', '2026-12-07', resident(800, 2)).cents).toBe(320);
    expect(price(demoCatalog, 'restauration', '2026-12-07', resident(800, 3))).toEqual({ cents: 160, bracket: 'qf<=1000+rank3-50%', effectiveFrom: '2026-09-01' });
    expect(price(demoCatalog, 'restauration', '2026-12-07', resident(800, 4)).cents).toBe(160);
    expect(price(demoCatalog, 'restauration', '2026-12-07', resident(null, 3))).toEqual({ cents: 245, bracket: 'no-qf+rank3-50%', effectiveFrom: '2026-09-01' });
  });
});

describe('grid history', () => {
  it('prices each date with the grid in force on that date', () => {
    expect(price(demoCatalog, 'restauration', '2026-12-31', resident(800))).toEqual({ cents: 320, bracket: 'qf<=1000', effectiveFrom: '2026-09-01' });
    expect(price(demoCatalog, 'restauration', '2027-01-01', resident(800))).toEqual({ cents: 326, bracket: 'qf<=1000', effectiveFrom: '2027-01-01' });
    expect(price(demoCatalog, 'restauration', '2027-06-28', resident(600)).cents).toBe(214);
    expect(price(demoCatalog, 'restauration', '2027-01-04', resident(300)).cents).toBe(100); // « cantine à 1 € » unchanged
  });

  it('rounds the sibling reduction half-up to the cent', () => {
    expect(price(demoCatalog, 'restauration', '2027-01-04', resident(800, 3)).cents).toBe(163); // 326 / 2
    expect(price(demoCatalog, 'restauration', '2027-01-04', nonResident(800, 3))).toEqual({ cents: 332, bracket: 'non-resident+rank3-50%', effectiveFrom: '2027-01-01' }); // 331.5
  });

  it('refuses NO_TARIFF before the first grid and for an unknown activity', () => {
    expect(priceSlot(demoCatalog, 'restauration', '2026-08-31', resident(800))).toEqual(E.left(expect.objectContaining({ code: 'NO_TARIFF' })));
    expect(priceSlot(demoCatalog, 'piscine', '2026-12-07', resident(800))).toEqual(E.left(expect.objectContaining({ code: 'NO_TARIFF' })));
    const late = catalogWithGrids({ effectiveFrom: '2027-01-01', kind: 'brackets', brackets: [{ maxQf: null, priceCents: 300 }] });
    expect(priceSlot(late, 'garderie', '2026-12-31', resident(800))).toEqual(E.left(expect.objectContaining({ code: 'NO_TARIFF' })));
    expect(price(late, 'garderie', '2027-01-01', resident(800))).toEqual({ cents: 300, bracket: 'qf-any', effectiveFrom: '2027-01-01' });
  });
});

describe("taux d'effort", () => {
  it.each([
    [1000, 360], // 0,36 % of 1 000 = 3,60 €
    [0, 80], // clamped to the minimum
    [222, 80], // 79.92 → 80 (minimum)
    [224, 81], // 80.64 → 81
    [1012.49, 364], // 364.4964
    [1012.5, 365], // exactly 364.5: half-up
    [1013.88, 365], // 364.9968
    [1388, 500], // 499.68
    [1389, 500], // 500.04 → clamped to the maximum
    [9999, 500],
  ])('accueil-soir, QF %p pays %i cents', (qf, cents) => {
    expect(price(demoCatalog, 'accueil-soir', '2026-12-08', resident(qf))).toEqual({ cents, bracket: 'taux-effort', effectiveFrom: '2026-09-01' });
  });

  it.each([
    [1000, 120],
    [362.49, 43], // 43.4988
    [362.5, 44], // exactly 43.5: half-up
    [0, 40],
    [2000, 200],
  ])('accueil-matin, QF %p pays %i cents', (qf, cents) => {
    expect(price(demoCatalog, 'accueil-matin', '2026-12-08', resident(qf)).cents).toBe(cents);
  });

  it('uses the maximum without QF and the non-resident price when set', () => {
    expect(price(demoCatalog, 'accueil-soir', '2026-12-08', resident(null))).toEqual({ cents: 500, bracket: 'no-qf', effectiveFrom: '2026-09-01' });
    expect(price(demoCatalog, 'accueil-soir', '2026-12-08', nonResident(1000)).cents).toBe(600);
    expect(price(demoCatalog, 'accueil-matin', '2026-12-08', nonResident(null)).cents).toBe(250);
  });

  it('does not drift where floating point would (0,35 % of QF 90 is exactly 31.5 cents)', () => {
    expect(90 * 0.35).toBeLessThan(31.5); // why integer arithmetic is needed: 31.499999999999996
    const catalog = catalogWithGrids({ effectiveFrom: '2026-09-01', kind: 'effort', rate: 0.35, minCents: 0, maxCents: 10_000 });
    expect(price(catalog, 'garderie', '2026-12-08', resident(90)).cents).toBe(32);
    expect(price(catalog, 'garderie', '2026-12-08', resident(1430)).cents).toBe(501); // 500.5
    expect(price(catalog, 'garderie', '2026-12-08', resident(1429.99)).cents).toBe(500); // 500.4965
  });

  it('applies a sibling reduction and a resident-only grid on effort too', () => {
    const catalog = catalogWithGrids({ effectiveFrom: '2026-09-01', kind: 'effort', rate: 0.36, minCents: 80, maxCents: 500, siblingReduction: { fromRank: 2, percent: 25 } });
    expect(price(catalog, 'garderie', '2026-12-08', resident(1000, 2))).toEqual({ cents: 270, bracket: 'taux-effort+rank2-25%', effectiveFrom: '2026-09-01' });
    expect(price(catalog, 'garderie', '2026-12-08', resident(1012.5, 2)).cents).toBe(274); // 365 × 0.75 = 273.75
    // No nonResidentCents on this grid: a non-resident pays by QF like everyone.
    expect(price(catalog, 'garderie', '2026-12-08', nonResident(1000, 1))).toEqual({ cents: 360, bracket: 'taux-effort', effectiveFrom: '2026-09-01' });
  });
});

describe('payer input', () => {
  it.each([
    [{ quotientFamilial: -1, resident: true, childRank: 1 }],
    [{ quotientFamilial: NaN, resident: true, childRank: 1 }],
    [{ quotientFamilial: 800, resident: true, childRank: 0 }],
    [{ quotientFamilial: 800, resident: true, childRank: 1.5 }],
    [{ quotientFamilial: 800, resident: 'yes', childRank: 1 }],
  ])('refuses %p with INVALID_PAYER', (payer) => {
    expect(() => priceSlot(demoCatalog, 'restauration', '2026-12-07', payer as Payer)).toThrow(expect.objectContaining({ code: 'INVALID_PAYER' }));
  });

  it('refuses a malformed date with INVALID_DATE', () => {
    expect(() => priceSlot(demoCatalog, 'restauration', '2026-12-7', resident(800))).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });
});
