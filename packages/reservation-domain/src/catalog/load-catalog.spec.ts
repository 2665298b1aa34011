import * as E from 'fp-ts/Either';
import type { Catalog, CatalogError } from './catalog.types';
import { demoCatalog, demoMunicipality } from './demo-municipality';
import { getActivity, loadCatalog } from './load-catalog';
import { testMunicipalityFile } from './municipality-file.fixture';
import { MunicipalityFileSchema } from './municipality-file.schema';
import demoMunicipalityJson from './demo-municipality.json';

type Issue = { path: PropertyKey[]; message: string };

function refusal(input: unknown): CatalogError {
  const result = loadCatalog(input);
  if (E.isRight(result)) throw new Error('expected the file to be refused');
  return result.left;
}

function refusedAt(input: unknown, path: PropertyKey[], message?: RegExp): void {
  const error = refusal(input);
  expect(error.code).toBe('INVALID_CATALOG');
  const issues = error.issues as Issue[];
  const matching = issues.filter((i) => JSON.stringify(i.path) === JSON.stringify(path));
  expect(matching.map((i) => i.message)).toEqual(message ? expect.arrayContaining([expect.stringMatching(message)]) : expect.arrayContaining([expect.any(String)]));
}

/** Refused with at least one issue at `prefix` or below it (zod reports unions at the closest option). */
function refusedUnder(input: unknown, prefix: PropertyKey[]): void {
  const issues = refusal(input).issues as Issue[];
  expect(issues.some((i) => JSON.stringify(i.path.slice(0, prefix.length)) === JSON.stringify(prefix))).toBe(true);
}

const base = testMunicipalityFile();
const activity = base.activities[0];
const withActivity = (changes: Record<string, unknown>) => testMunicipalityFile({ activities: [{ ...activity, ...changes } as never] });
const withGrids = (...tariffs: unknown[]) => withActivity({ tariffs });
const flat = (effectiveFrom: string, priceCents = 300) => ({ effectiveFrom, kind: 'brackets', brackets: [{ maxQf: null, priceCents }] });

describe('loadCatalog', () => {
  it("takes the service's contact, optional and checked; a file without one loads unchanged", () => {
    expect(demoCatalog.municipality.contact).toEqual({ service: 'service enfance-jeunesse', phone: '03 85 00 12 34', email: 'periscolaire@saint-aubin-sur-loire.example.fr' });
    const without = E.getOrElseW(() => undefined)(loadCatalog(base));
    expect(without?.municipality).toEqual(base.municipality);
    expect(without?.municipality).not.toHaveProperty('contact');
    const withContact = (contact: unknown) => testMunicipalityFile({ municipality: { ...base.municipality, contact } as never });
    expect(E.isRight(loadCatalog(withContact({ phone: '+33 3 85 00 12 34' })))).toBe(true);
    refusedAt(withContact({ email: 'pas une adresse' }), ['municipality', 'contact', 'email']);
    refusedAt(withContact({ phone: 'appelez-nous' }), ['municipality', 'contact', 'phone'], /phone number/);
    refusedUnder(withContact({ fax: '03 85 00 00 00' }), ['municipality', 'contact']);
  });

  it('loads the demo municipality', () => {
    expect(demoCatalog.municipality.name).toBe('Ville de Saint-Aubin-sur-Loire (démonstration)');
    expect(demoCatalog.timezone).toBe('Europe/Paris');
    expect(demoCatalog.schoolYear).toEqual({ start: '2026-09-01', end: '2027-07-03' });
    expect(demoCatalog.activities.map((a) => [a.id, a.label])).toEqual([
      ['restauration', 'Restauration scolaire'],
      ['accueil-matin', 'Accueil du matin'],
      ['accueil-soir', 'Accueil du soir'],
      ['mercredi', 'Accueil du mercredi'],
    ]);
    expect(demoCatalog.closures).toEqual([]);
  });

  it('serializes to the file content only (the private index stays hidden)', () => {
    const json = JSON.parse(JSON.stringify(demoCatalog));
    expect(Object.keys(json)).toEqual(['municipality', 'timezone', 'schoolYear', 'closedDates', 'activities', 'closures', 'regie', 'absences']);
    expect(json.activities).toEqual(demoMunicipality.activities);
  });

  it('keeps the TypeScript demo and the JSON file the API loads identical', () => {
    const file: unknown = JSON.parse(JSON.stringify(demoMunicipalityJson)); // the file as the API reads it
    expect(MunicipalityFileSchema.parse(file)).toEqual(demoMunicipality);
    expect(file).toEqual(demoMunicipality); // the file spells out every default
  });

  it('is frozen all the way down', () => {
    expect(Object.isFrozen(demoCatalog)).toBe(true);
    expect(Object.isFrozen(demoCatalog.activities[0].tariffs[0])).toBe(true);
    expect(() => (demoCatalog.activities as unknown as unknown[]).push({})).toThrow(TypeError);
  });

  it('fills defaults: Europe/Paris, no closed dates, calendar days', () => {
    const { timezone: _tz, closedDates: _closed, ...rest } = base;
    const catalog = E.getOrElseW(() => undefined)(
      loadCatalog({ ...rest, activities: [{ ...activity, deadline: { daysBefore: 1, time: '18:00' } }] }),
    ) as Catalog;
    expect(catalog.timezone).toBe('Europe/Paris');
    expect(catalog.closedDates).toEqual([]);
    expect(catalog.activities[0].deadline).toEqual({ daysBefore: 1, time: '18:00', workingDays: false });
  });

  it('spells the time zone canonically and sorts weekdays', () => {
    const catalog = E.getOrElseW(() => undefined)(loadCatalog(testMunicipalityFile({ timezone: 'europe/paris', activities: [{ ...activity, weekdays: [5, 1, 3] }] }))) as Catalog;
    expect(catalog.timezone).toBe('Europe/Paris');
    expect(catalog.activities[0].weekdays).toEqual([1, 3, 5]);
  });

  it('finds activities by id', () => {
    expect(getActivity(demoCatalog, 'mercredi')?.label).toBe('Accueil du mercredi');
    expect(getActivity(demoCatalog, 'piscine')).toBeUndefined();
  });

  it('does not touch its input', () => {
    const input = testMunicipalityFile();
    const before = JSON.stringify(input);
    loadCatalog(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(Object.isFrozen(input)).toBe(false);
  });
});

describe('loadCatalog refusals (INVALID_CATALOG, with the path of each issue)', () => {
  it('refuses what is not a municipality file', () => {
    for (const input of [null, 42, 'x', [], {}]) expect(refusal(input).code).toBe('INVALID_CATALOG');
  });

  it('names the faulty fields in its message', () => {
    const error = refusal(withActivity({ weekdays: [1, 8] }));
    expect(error.message).toMatch(/^Invalid municipality file — activities\[0\]\.weekdays\[1\]: /);
  });

  it('refuses unknown weekdays and a weekday listed twice', () => {
    refusedAt(withActivity({ weekdays: [1, 8] }), ['activities', 0, 'weekdays', 1]);
    refusedAt(withActivity({ weekdays: [0] }), ['activities', 0, 'weekdays', 0]);
    refusedAt(withActivity({ weekdays: [] }), ['activities', 0, 'weekdays']);
    refusedAt(withActivity({ weekdays: [1, 2, 1] }), ['activities', 0, 'weekdays'], /twice/);
  });

  it('refuses grids out of order or sharing an effectiveFrom', () => {
    refusedAt(withGrids(flat('2027-01-01'), flat('2026-09-01')), ['activities', 0, 'tariffs', 1, 'effectiveFrom'], /sorted/);
    refusedAt(withGrids(flat('2026-09-01'), flat('2026-09-01', 400)), ['activities', 0, 'tariffs', 1, 'effectiveFrom'], /sorted/);
    refusedAt(withGrids(), ['activities', 0, 'tariffs']);
  });

  it('refuses brackets whose maxQf does not increase or whose prices decrease', () => {
    const grid = (brackets: unknown[]) => ({ effectiveFrom: '2026-09-01', kind: 'brackets', brackets });
    refusedAt(withGrids(grid([{ maxQf: 700, priceCents: 100 }, { maxQf: 500, priceCents: 200 }, { maxQf: null, priceCents: 300 }])), ['activities', 0, 'tariffs', 0, 'brackets', 1, 'maxQf'], /increase/);
    refusedAt(withGrids(grid([{ maxQf: 700, priceCents: 100 }, { maxQf: 700, priceCents: 200 }, { maxQf: null, priceCents: 300 }])), ['activities', 0, 'tariffs', 0, 'brackets', 1, 'maxQf'], /increase/);
    refusedAt(withGrids(grid([{ maxQf: 700, priceCents: 100 }])), ['activities', 0, 'tariffs', 0, 'brackets', 0, 'maxQf'], /last bracket/);
    refusedAt(withGrids(grid([{ maxQf: null, priceCents: 100 }, { maxQf: null, priceCents: 200 }])), ['activities', 0, 'tariffs', 0, 'brackets', 0, 'maxQf'], /only the last/);
    refusedAt(withGrids(grid([{ maxQf: 700, priceCents: 300 }, { maxQf: null, priceCents: 200 }])), ['activities', 0, 'tariffs', 0, 'brackets', 1, 'priceCents'], /cannot pay less/);
    refusedAt(withGrids(grid([])), ['activities', 0, 'tariffs', 0, 'brackets']);
    refusedAt(withGrids(grid([{ maxQf: -1, priceCents: 100 }, { maxQf: null, priceCents: 200 }])), ['activities', 0, 'tariffs', 0, 'brackets', 0, 'maxQf']);
  });

  it("refuses a taux d'effort with min above max or an imprecise rate", () => {
    const effort = (changes: object) => ({ effectiveFrom: '2026-09-01', kind: 'effort', rate: 0.36, minCents: 80, maxCents: 500, ...changes });
    refusedAt(withGrids(effort({ minCents: 600 })), ['activities', 0, 'tariffs', 0], /minCents/);
    refusedAt(withGrids(effort({ rate: 0.12345 })), ['activities', 0, 'tariffs', 0, 'rate'], /4 decimals/);
    refusedAt(withGrids(effort({ rate: 0 })), ['activities', 0, 'tariffs', 0, 'rate']);
    refusedAt(withGrids(effort({ rate: 101 })), ['activities', 0, 'tariffs', 0, 'rate']);
    refusedAt(withGrids(effort({ kind: 'forfait' })), ['activities', 0, 'tariffs', 0, 'kind']);
  });

  it('refuses amounts that are not whole non-negative cents', () => {
    refusedAt(withGrids(flat('2026-09-01', 3.5)), ['activities', 0, 'tariffs', 0, 'brackets', 0, 'priceCents']);
    refusedAt(withGrids(flat('2026-09-01', -100)), ['activities', 0, 'tariffs', 0, 'brackets', 0, 'priceCents']);
    refusedAt(withGrids({ ...flat('2026-09-01'), nonResidentCents: 6.5 }), ['activities', 0, 'tariffs', 0, 'nonResidentCents']);
  });

  it('refuses a sibling reduction that makes no sense', () => {
    refusedAt(withGrids({ ...flat('2026-09-01'), siblingReduction: { fromRank: 1, percent: 50 } }), ['activities', 0, 'tariffs', 0, 'siblingReduction', 'fromRank']);
    refusedAt(withGrids({ ...flat('2026-09-01'), siblingReduction: { fromRank: 3, percent: 120 } }), ['activities', 0, 'tariffs', 0, 'siblingReduction', 'percent']);
  });

  it('refuses a time zone unknown to Intl', () => {
    refusedAt(testMunicipalityFile({ timezone: 'Mars/Olympus_Mons' }), ['timezone'], /Unknown time zone/);
    refusedAt(testMunicipalityFile({ timezone: '+01:00' }), ['timezone'], /Unknown time zone/);
  });

  it('refuses malformed deadline rules', () => {
    refusedUnder(withActivity({ deadline: { daysBefore: 1, time: '24:00', workingDays: false } }), ['activities', 0, 'deadline']);
    refusedUnder(withActivity({ deadline: { daysBefore: 1, time: '9:00', workingDays: false } }), ['activities', 0, 'deadline']);
    refusedUnder(withActivity({ deadline: { daysBefore: 0, time: '09:00', workingDays: false } }), ['activities', 0, 'deadline']);
    refusedUnder(withActivity({ deadline: { weekly: { weekday: 8, time: '12:00' } } }), ['activities', 0, 'deadline']);
    refusedUnder(withActivity({ deadline: { daysBefore: 2, time: '12:00', workingday: true } }), ['activities', 0, 'deadline']);
    refusedUnder(withActivity({ cancellationDeadline: { weekly: { weekday: 2 } } }), ['activities', 0, 'cancellationDeadline']);
  });

  it('refuses duplicate or malformed activity ids and empty labels', () => {
    refusedAt(testMunicipalityFile({ activities: [activity, activity] }), ['activities', 1, 'id'], /duplicate/);
    refusedAt(withActivity({ id: 'Accueil Soir' }), ['activities', 0, 'id']);
    refusedAt(withActivity({ label: '  ' }), ['activities', 0, 'label']);
    refusedAt(testMunicipalityFile({ activities: [] }), ['activities']);
  });

  it('refuses an inverted school year, inverted closed dates and impossible dates', () => {
    refusedAt(testMunicipalityFile({ schoolYear: { start: '2027-07-03', end: '2026-09-01' } }), ['schoolYear'], /after/);
    refusedAt(testMunicipalityFile({ closedDates: [{ from: '2026-11-01', to: '2026-10-17', label: 'Toussaint' }] }), ['closedDates', 0], /from is after to/);
    refusedAt(testMunicipalityFile({ schoolYear: { start: '2026-02-30', end: '2027-07-03' } }), ['schoolYear', 'start']);
    refusedAt(withGrids(flat('2026-9-1')), ['activities', 0, 'tariffs', 0, 'effectiveFrom']);
  });

  it('refuses unknown keys, so a typo is never silently ignored', () => {
    refusedAt({ ...base, tarifs: [] }, []);
    refusedAt(withActivity({ libelle: 'Garderie' }), ['activities', 0]);
  });

  it('refuses a price above the maximum amount (1,000,000 €), so no reservation total can leave the safe integers', () => {
    const effort = (changes: Record<string, unknown>) => ({ effectiveFrom: '2026-09-01', kind: 'effort', rate: 0.36, minCents: 100, maxCents: 500, ...changes });
    refusedAt(withGrids(flat('2026-09-01', 9_007_199_254_740_991)), ['activities', 0, 'tariffs', 0, 'brackets', 0, 'priceCents']);
    refusedAt(withGrids(flat('2026-09-01', 100_000_001)), ['activities', 0, 'tariffs', 0, 'brackets', 0, 'priceCents']);
    refusedAt(withGrids(effort({ maxCents: 100_000_001 })), ['activities', 0, 'tariffs', 0, 'maxCents']);
    refusedAt(withGrids({ ...flat('2026-09-01'), nonResidentCents: 100_000_001 }), ['activities', 0, 'tariffs', 0, 'nonResidentCents']);
    expect(E.isRight(loadCatalog(withGrids(flat('2026-09-01', 100_000_000))))).toBe(true);
  });
});
