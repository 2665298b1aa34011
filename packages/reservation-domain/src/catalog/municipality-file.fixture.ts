import * as E from 'fp-ts/Either';
import type { Catalog } from './catalog.types';
import { loadCatalog } from './load-catalog';
import type { MunicipalityFileInput } from './municipality-file.schema';

/**
 * A small valid municipality file for tests: one activity served Monday to Friday, a flat
 * 3,00 € grid, J-1 18:00, no closed dates, school year 2026–2027. Override any part.
 */
export function testMunicipalityFile(overrides: Partial<MunicipalityFileInput> = {}): MunicipalityFileInput {
  return {
    municipality: { id: 'test-ville', name: 'Ville de Test' },
    timezone: 'Europe/Paris',
    schoolYear: { start: '2026-09-01', end: '2027-07-03' },
    closedDates: [],
    activities: [
      {
        id: 'garderie',
        label: 'Garderie',
        weekdays: [1, 2, 3, 4, 5],
        deadline: { daysBefore: 1, time: '18:00', workingDays: false },
        tariffs: [{ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: [{ maxQf: null, priceCents: 300 }] }],
      },
    ],
    ...overrides,
  };
}

/** loadCatalog that throws on refusal, for tests whose input is valid by construction. */
export function catalogFrom(file: unknown): Catalog {
  const result = loadCatalog(file);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
}
