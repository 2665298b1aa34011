import type { DeadlineRule } from './catalog.types';
import { cancellationDeadline, reservationDeadline, serviceStart } from './deadline';
import { catalogFrom, testMunicipalityFile } from './municipality-file.fixture';

// The deadline shapes towns publish (docs/rules.md §2), each computed by hand. Europe/Paris:
// CEST (UTC+2) until Sunday 2026-10-25 03:00, CET (UTC+1) until Sunday 2027-03-28 02:00, CEST
// after. 2027-05-06 (Thursday, Ascension) and 2027-05-07 (pont) are closed.

const CLOSED = [
  { from: '2027-05-06', to: '2027-05-06', label: 'Ascension (jour férié)' },
  { from: '2027-05-07', to: '2027-05-07', label: "Pont de l'Ascension" },
];

function catalogWith(changes: { weekdays?: number[]; startTime?: string; deadline: DeadlineRule; cancellationDeadline?: DeadlineRule }) {
  return catalogFrom(
    testMunicipalityFile({
      closedDates: CLOSED,
      activities: [
        {
          id: 'restauration',
          label: 'Restauration scolaire',
          weekdays: changes.weekdays ?? [1, 2, 4, 5],
          ...(changes.startTime ? { startTime: changes.startTime } : {}),
          deadline: changes.deadline,
          ...(changes.cancellationDeadline ? { cancellationDeadline: changes.cancellationDeadline } : {}),
          tariffs: [{ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: [{ maxQf: null, priceCents: 300 }] }],
        },
      ],
    }),
  );
}

describe('a deadline per weekday (« le jeudi 9 h pour le lundi, … », 2 working days)', () => {
  const twoWorkingDays = { daysBefore: 2, time: '09:00', workingDays: true };
  const catalog = catalogWith({ deadline: { byWeekday: { '1': twoWorkingDays, '2': twoWorkingDays, '4': { daysBefore: 2, time: '12:00', workingDays: true }, '5': { weekly: { weekday: 3, time: '18:00' } } } } });

  it.each([
    ['2026-12-07', '2026-12-03T08:00:59.999Z'], // Monday → Thursday 09:00
    ['2026-12-08', '2026-12-04T08:00:59.999Z'], // Tuesday → Friday 09:00
    ['2026-12-10', '2026-12-08T11:00:59.999Z'], // Thursday → its own time: Tuesday 12:00
    ['2026-12-11', '2026-12-02T17:00:59.999Z'], // Friday → its own shape: Wednesday of the week before, 18:00
    ['2027-05-10', '2027-05-04T07:00:59.999Z'], // Monday after Ascension and its pont → Tuesday 09:00 (CEST)
  ])('%s closes at %s', (date, deadline) => {
    expect(reservationDeadline(catalog, 'restauration', date)).toBe(deadline);
  });
});

describe('« la veille avant midi », Wednesdays not counted for this activity only (Rovon, Saint-Laurent-Blangy)', () => {
  const catalog = catalogWith({ weekdays: [1, 2, 3, 4, 5], deadline: { daysBefore: 1, time: '11:59', workingDays: true, skipWeekdays: [3] } });

  it.each([
    ['2026-12-10', '2026-12-08T10:59:59.999Z'], // Thursday → Tuesday (Wednesday skipped)
    ['2026-12-09', '2026-12-08T10:59:59.999Z'], // Wednesday → Tuesday
    ['2026-12-08', '2026-12-07T10:59:59.999Z'], // Tuesday → Monday
    ['2026-12-07', '2026-12-04T10:59:59.999Z'], // Monday → Friday
    ['2027-05-10', '2027-05-04T09:59:59.999Z'], // a week with a public holiday: Fri and Thu closed, Wed skipped → Tuesday (CEST)
    ['2026-10-26', '2026-10-23T09:59:59.999Z'], // Monday after the October change: Friday before it (CEST)
    ['2027-03-29', '2027-03-26T10:59:59.999Z'], // Monday after the March change: Friday before it (CET)
  ])('%s closes at %s', (date, deadline) => {
    expect(reservationDeadline(catalog, 'restauration', date)).toBe(deadline);
  });

  it('another activity of the same town still counts Wednesdays', () => {
    const plain = catalogWith({ weekdays: [1, 2, 3, 4, 5], deadline: { daysBefore: 1, time: '11:59', workingDays: true } });
    expect(reservationDeadline(plain, 'restauration', '2026-12-10')).toBe('2026-12-09T10:59:59.999Z');
  });
});

describe('cancelling the same day until 8:30, booking the day before (Cuillé)', () => {
  const catalog = catalogWith({
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    startTime: '11:45',
    deadline: { daysBefore: 1, time: '18:00', workingDays: false },
    cancellationDeadline: { daysBefore: 0, time: '08:30', workingDays: false },
  });

  it.each([
    ['2026-12-08', '2026-12-08T07:30:59.999Z', '2026-12-07T17:00:59.999Z'],
    ['2026-10-25', '2026-10-25T07:30:59.999Z', '2026-10-24T16:00:59.999Z'], // the October change: 8:30 is CET already
    ['2027-03-28', '2027-03-28T06:30:59.999Z', '2027-03-27T17:00:59.999Z'], // the March change: 8:30 is CEST already
  ])('%s: cancel until %s, book until %s', (date, cancelBy, reserveBy) => {
    expect(cancellationDeadline(catalog, 'restauration', date)).toBe(cancelBy);
    expect(reservationDeadline(catalog, 'restauration', date)).toBe(reserveBy);
    expect(Date.parse(cancelBy)).toBeLessThan(Date.parse(serviceStart(catalog, 'restauration', date)));
  });

  it('a same-day time inside the spring-forward gap is held back to the start of the service', () => {
    const night = catalogWith({ weekdays: [7], startTime: '03:00', deadline: { daysBefore: 0, time: '02:30', workingDays: false } });
    // 02:30 does not exist on 2027-03-28 and would read 03:30 CEST, after the 03:00 start.
    expect(serviceStart(night, 'restauration', '2027-03-28')).toBe('2027-03-28T01:00:00.000Z');
    expect(reservationDeadline(night, 'restauration', '2027-03-28')).toBe('2027-03-28T00:59:59.999Z');
    expect(reservationDeadline(night, 'restauration', '2027-04-04')).toBe('2027-04-04T00:30:59.999Z');
  });
});

describe('« avant le mardi 18 h pour la semaine suivante » (Montaren-et-Saint-Médiers), « la veille » to cancel', () => {
  const catalog = catalogWith({ deadline: { weekly: { weekday: 2, time: '17:59' } }, cancellationDeadline: { daysBefore: 1, time: '17:59', workingDays: false } });

  it.each([
    ['2026-12-07', '2026-12-01T16:59:59.999Z', '2026-12-06T16:59:59.999Z'],
    ['2026-12-11', '2026-12-01T16:59:59.999Z', '2026-12-10T16:59:59.999Z'],
    ['2026-11-02', '2026-10-27T16:59:59.999Z', '2026-11-01T16:59:59.999Z'], // booked after the October change
    ['2026-10-26', '2026-10-20T15:59:59.999Z', '2026-10-25T16:59:59.999Z'], // booked before it, cancelled after
  ])('%s: book until %s, cancel until %s', (date, reserveBy, cancelBy) => {
    expect(reservationDeadline(catalog, 'restauration', date)).toBe(reserveBy);
    expect(cancellationDeadline(catalog, 'restauration', date)).toBe(cancelBy);
  });
});

describe('serviceStart', () => {
  it("is the activity's startTime, or the day's midnight, local time", () => {
    expect(serviceStart(catalogWith({ startTime: '11:45', deadline: { daysBefore: 1, time: '18:00', workingDays: false } }), 'restauration', '2026-12-08')).toBe('2026-12-08T10:45:00.000Z');
    expect(serviceStart(catalogWith({ deadline: { daysBefore: 1, time: '18:00', workingDays: false } }), 'restauration', '2026-07-01')).toBe('2026-06-30T22:00:00.000Z');
  });
});
