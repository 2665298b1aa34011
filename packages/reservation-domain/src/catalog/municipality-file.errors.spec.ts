import * as E from 'fp-ts/Either';
import { loadCatalog } from './load-catalog';
import { formatIssuePath } from './municipality-file.errors';
import { testMunicipalityFile } from './municipality-file.fixture';

const activity = testMunicipalityFile().activities[0];
const withActivity = (changes: Record<string, unknown>) => testMunicipalityFile({ activities: [{ ...activity, ...changes } as never] });

function messageOf(file: unknown): string {
  const result = loadCatalog(file);
  if (E.isRight(result)) throw new Error('expected the file to be refused');
  return result.left.message;
}

describe('a wrong municipality file is refused with the path and the fix', () => {
  it.each([
    ['a misspelt key', withActivity({ deadlin: activity.deadline }), 'activities[0]: Unrecognized key: "deadlin" — fix: "deadlin" → "deadline"'],
    ['a misspelt key inside a deadline', withActivity({ deadline: { daysBefore: 1, time: '18:00', workingDay: true } }), 'activities[0].deadline: Unrecognized key: "workingDay" — fix: "workingDay" → "workingDays"'],
    ['a price in euros', withActivity({ tariffs: [{ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: [{ maxQf: null, priceCents: 3.5 }] }] }), 'activities[0].tariffs[0].brackets[0].priceCents: Invalid input: expected int, received number — fix: prices are whole cents: 3,5 € is 350'],
    ['a price in quotes', withActivity({ tariffs: [{ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: [{ maxQf: null, priceCents: '350' }] }] }), 'fix: write a number of cents without quotes, e.g. 350 for 3,50 €'],
    ['a French date', testMunicipalityFile({ schoolYear: { start: '01/09/2026', end: '2027-07-03' } }), 'schoolYear.start: Expected a calendar date YYYY-MM-DD (years 1000-9999) — fix: dates are written YYYY-MM-DD: "2026-09-01"'],
    ['a French time', withActivity({ deadline: { daysBefore: 1, time: '18h' } }), 'activities[0].deadline.time: Expected a time HH:MM (00:00-23:59) — fix: times are written HH:MM: "18:00"'],
    ['a missing key', testMunicipalityFile({ municipality: { id: 'test-ville' } as never }), 'municipality.name: Invalid input: expected string, received undefined — fix: add "name", it is required'],
    ['a weekday by name', withActivity({ weekdays: ['lundi'] }), 'activities[0].weekdays[0]: Invalid input: expected number, received string — fix: weekdays are numbers, 1 = Monday … 7 = Sunday'],
    ['a same-day deadline without the start of the service', withActivity({ deadline: { daysBefore: 0, time: '08:30' } }), `activities[0].deadline.daysBefore: activity "garderie": a same-day deadline (daysBefore 0) needs the activity's "startTime", e.g. "11:30"`],
    ['a same-day deadline after the service starts', withActivity({ startTime: '08:00', deadline: { daysBefore: 0, time: '08:30' } }), 'activities[0].deadline.time: activity "garderie": a same-day deadline must be before the service starts (08:30 is not before startTime 08:00)'],
    ['a served weekday without its deadline', withActivity({ deadline: { byWeekday: { '1': { daysBefore: 2, time: '10:00' } } } }), 'activities[0].deadline.byWeekday: activity "garderie": weekday 2 is served but has no deadline; add "2": { … }'],
    ['a deadline for a weekday not served', withActivity({ weekdays: [1], deadline: { byWeekday: { '1': { daysBefore: 2, time: '10:00' }, '6': { daysBefore: 1, time: '10:00' } } } }), 'activities[0].deadline.byWeekday.6: activity "garderie": weekday 6 is not served; remove it or add 6 to weekdays'],
    ['skipped weekdays without working days', withActivity({ deadline: { daysBefore: 1, time: '12:00', skipWeekdays: [3] } }), 'activities[0].deadline.skipWeekdays: activity "garderie": skipWeekdays only applies with "workingDays": true'],
    ['skipped weekdays that leave no working day', withActivity({ deadline: { daysBefore: 1, time: '12:00', workingDays: true, skipWeekdays: [1, 2, 3, 4, 5] } }), 'activities[0].deadline.skipWeekdays: activity "garderie": skipWeekdays leaves no working day'],
    ['something that is no deadline', withActivity({ deadline: 'la veille' }), 'activities[0].deadline: Expected a deadline rule: { "daysBefore": 1, "time": "18:00", "workingDays": false }'],
  ])('%s', (_mistake, file, expected) => {
    expect(messageOf(file)).toContain(expected);
  });

  it('starts with what it is and counts the problems it does not show', () => {
    const file = testMunicipalityFile({ activities: [1, 2, 3, 4, 5, 6, 7].map(() => ({ ...activity, weekdays: ['lundi'] }) as never) });
    expect(messageOf(file)).toMatch(/^Invalid municipality file — activities\[0\]\.weekdays\[0\]: .*\(and \d+ more\)$/);
  });

  it('writes paths the way a reader finds them in the file', () => {
    expect(formatIssuePath([])).toBe('(root)');
    expect(formatIssuePath(['activities', 2, 'tariffs', 0, 'brackets', 1, 'maxQf'])).toBe('activities[2].tariffs[0].brackets[1].maxQf');
  });
});
