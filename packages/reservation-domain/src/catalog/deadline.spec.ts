import { isWithinDeadline } from '../shared/instant';
import { cancellationDeadline, reservationDeadline } from './deadline';
import { demoCatalog } from './demo-municipality';
import { catalogFrom, testMunicipalityFile } from './municipality-file.fixture';

// Europe/Paris: CEST (UTC+2) until Sunday 2026-10-25 03:00, CET (UTC+1) until Sunday 2027-03-28
// 02:00, CEST after. Every expected value is an exact UTC instant.

describe('reservation deadline — canteen, weekly « mardi 23:59 pour la semaine suivante »', () => {
  it.each([
    ['2026-12-07', '2026-12-01T22:59:59.999Z'], // Monday of W50 → Tuesday of W49
    ['2026-12-08', '2026-12-01T22:59:59.999Z'],
    ['2026-12-10', '2026-12-01T22:59:59.999Z'],
    ['2026-12-11', '2026-12-01T22:59:59.999Z'],
    ['2026-10-26', '2026-10-20T21:59:59.999Z'], // W44, its deadline is before the October change (CEST)
    ['2026-11-02', '2026-10-27T22:59:59.999Z'], // W45, deadline after the change (CET)
    ['2027-04-01', '2027-03-23T22:59:59.999Z'], // W13, deadline before the March change (CET)
    ['2027-04-05', '2027-03-30T21:59:59.999Z'], // W14, deadline after it (CEST)
    ['2027-01-01', '2026-12-22T22:59:59.999Z'], // in 2026-W53 → Tuesday of W52
    ['2027-01-04', '2026-12-29T22:59:59.999Z'], // 2027-W01 → Tuesday of 2026-W53
  ])('%s closes at %s', (date, deadline) => {
    expect(reservationDeadline(demoCatalog, 'restauration', date)).toBe(deadline);
  });

  it('accepts 23:59:30 on Tuesday and refuses midnight', () => {
    const deadline = reservationDeadline(demoCatalog, 'restauration', '2026-12-07');
    expect(isWithinDeadline('2026-12-01T22:59:30.000Z', deadline)).toBe(true);
    expect(isWithinDeadline('2026-12-01T23:00:00.000Z', deadline)).toBe(false);
  });
});

describe('reservation deadline — after-school care, « 18:00 la veille »', () => {
  it.each([
    ['2026-12-08', '2026-12-07T17:00:59.999Z'],
    ['2026-12-07', '2026-12-06T17:00:59.999Z'], // calendar days: Monday closes on Sunday
    ['2026-10-25', '2026-10-24T16:00:59.999Z'], // day before the change, CEST
    ['2026-10-26', '2026-10-25T17:00:59.999Z'], // on the day of the change, after it: CET
    ['2027-03-28', '2027-03-27T17:00:59.999Z'], // CET
    ['2027-03-29', '2027-03-28T16:00:59.999Z'], // on the day of the change, after it: CEST
  ])('accueil-soir %s closes at %s', (date, deadline) => {
    expect(reservationDeadline(demoCatalog, 'accueil-soir', date)).toBe(deadline);
    expect(reservationDeadline(demoCatalog, 'accueil-matin', date)).toBe(deadline);
  });

  it('uses the reservation rule for cancelling when the activity has no cancellation rule', () => {
    for (const date of ['2026-12-08', '2026-10-26', '2027-03-29']) {
      expect(cancellationDeadline(demoCatalog, 'accueil-soir', date)).toBe(reservationDeadline(demoCatalog, 'accueil-soir', date));
    }
  });
});

describe('reservation deadline — Wednesdays, « jeudi 12:00 de la semaine précédente »', () => {
  it.each([
    ['2026-12-09', '2026-12-03T11:00:59.999Z'],
    ['2026-10-28', '2026-10-22T10:00:59.999Z'], // CEST
    ['2026-11-04', '2026-10-29T11:00:59.999Z'], // CET
    ['2027-03-31', '2027-03-25T11:00:59.999Z'], // CET
    ['2027-04-07', '2027-04-01T10:00:59.999Z'], // CEST
  ])('mercredi %s closes at %s', (date, deadline) => {
    expect(reservationDeadline(demoCatalog, 'mercredi', date)).toBe(deadline);
  });
});

describe('cancellation deadline — « J-2 12:00, jours ouvrés »', () => {
  it.each([
    ['2026-12-07', '2026-12-03T11:00:59.999Z'], // Monday → Thursday (weekend not counted)
    ['2026-12-11', '2026-12-09T11:00:59.999Z'], // Friday → Wednesday
    ['2026-12-08', '2026-12-04T11:00:59.999Z'], // Tuesday → Friday
    ['2026-11-12', '2026-11-09T11:00:59.999Z'], // Thursday, 11 November not counted → Monday
    ['2026-11-02', '2026-10-15T10:00:59.999Z'], // after Toussaint: the holidays are closed dates → Thursday before them, CEST
    ['2027-03-30', '2027-03-25T11:00:59.999Z'], // Tuesday, Easter Monday and the weekend not counted → Thursday, CET
    ['2027-04-01', '2027-03-30T10:00:59.999Z'], // Thursday → Tuesday, CEST
  ])('restauration %s can be cancelled until %s', (date, deadline) => {
    expect(cancellationDeadline(demoCatalog, 'restauration', date)).toBe(deadline);
  });

  it('mercredi J-2 working days: Wednesday → Monday', () => {
    expect(cancellationDeadline(demoCatalog, 'mercredi', '2026-12-09')).toBe('2026-12-07T11:00:59.999Z');
    expect(cancellationDeadline(demoCatalog, 'mercredi', '2026-11-18')).toBe('2026-11-16T11:00:59.999Z');
  });

  it('cancelling closes later than booking for the canteen', () => {
    expect(cancellationDeadline(demoCatalog, 'restauration', '2026-12-07') > reservationDeadline(demoCatalog, 'restauration', '2026-12-07')).toBe(true);
  });

  it('counts working days across the October change without closed dates', () => {
    const catalog = catalogFrom(
      testMunicipalityFile({
        activities: [
          {
            id: 'garderie',
            label: 'Garderie',
            weekdays: [1, 2, 3, 4, 5],
            deadline: { daysBefore: 2, time: '12:00', workingDays: true },
            tariffs: [{ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: [{ maxQf: null, priceCents: 300 }] }],
          },
        ],
      }),
    );
    expect(reservationDeadline(catalog, 'garderie', '2026-10-27')).toBe('2026-10-23T10:00:59.999Z'); // Tue → Fri, CEST
    expect(reservationDeadline(catalog, 'garderie', '2026-10-28')).toBe('2026-10-26T11:00:59.999Z'); // Wed → Mon, CET
    expect(reservationDeadline(catalog, 'garderie', '2026-10-26')).toBe('2026-10-22T10:00:59.999Z'); // Mon → Thu
  });

  it('calendar days count weekends and closed dates', () => {
    const catalog = catalogFrom(
      testMunicipalityFile({
        closedDates: [{ from: '2026-11-11', to: '2026-11-11', label: 'Armistice' }],
        activities: [
          {
            id: 'garderie',
            label: 'Garderie',
            weekdays: [1, 2, 3, 4, 5],
            deadline: { daysBefore: 2, time: '12:00', workingDays: false },
            tariffs: [{ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: [{ maxQf: null, priceCents: 300 }] }],
          },
        ],
      }),
    );
    expect(reservationDeadline(catalog, 'garderie', '2026-11-12')).toBe('2026-11-10T11:00:59.999Z');
    expect(reservationDeadline(catalog, 'garderie', '2026-12-07')).toBe('2026-12-05T11:00:59.999Z');
  });
});

describe('deadline times inside a DST change', () => {
  const weeklySunday = (time: string) =>
    catalogFrom(
      testMunicipalityFile({
        activities: [
          {
            id: 'garderie',
            label: 'Garderie',
            weekdays: [1, 2, 3, 4, 5],
            deadline: { weekly: { weekday: 7, time } },
            tariffs: [{ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: [{ maxQf: null, priceCents: 300 }] }],
          },
        ],
      }),
    );

  it('a time that happens twice (autumn) is its later occurrence', () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET) on 2026-10-25.
    expect(reservationDeadline(weeklySunday('02:30'), 'garderie', '2026-10-26')).toBe('2026-10-25T01:30:59.999Z');
  });

  it('a time that does not exist (spring) moves forward by the gap', () => {
    expect(reservationDeadline(weeklySunday('02:30'), 'garderie', '2027-03-29')).toBe('2027-03-28T01:30:59.999Z');
    expect(reservationDeadline(weeklySunday('23:59'), 'garderie', '2027-03-29')).toBe('2027-03-28T21:59:59.999Z');
  });

  it('reads the rule in the catalog time zone', () => {
    const tokyo = catalogFrom(testMunicipalityFile({ timezone: 'Asia/Tokyo' }));
    expect(reservationDeadline(tokyo, 'garderie', '2026-12-08')).toBe('2026-12-07T09:00:59.999Z');
    const utc = catalogFrom(testMunicipalityFile({ timezone: 'UTC' }));
    expect(reservationDeadline(utc, 'garderie', '2026-12-08')).toBe('2026-12-07T18:00:59.999Z');
  });
});

describe('deadline inputs', () => {
  it('refuses an unknown activity and a malformed date with a code', () => {
    expect(() => reservationDeadline(demoCatalog, 'piscine', '2026-12-07')).toThrow(expect.objectContaining({ code: 'UNKNOWN_ACTIVITY' }));
    expect(() => cancellationDeadline(demoCatalog, 'piscine', '2026-12-07')).toThrow(expect.objectContaining({ code: 'UNKNOWN_ACTIVITY' }));
    expect(() => reservationDeadline(demoCatalog, 'restauration', '2026-02-30')).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    expect(() => cancellationDeadline(demoCatalog, 'restauration', '07/12/2026')).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });

  it('gives the same answer when asked again (memoized)', () => {
    const first = reservationDeadline(demoCatalog, 'mercredi', '2027-01-13');
    expect(reservationDeadline(demoCatalog, 'mercredi', '2027-01-13')).toBe(first);
    expect(first).toBe('2027-01-07T11:00:59.999Z');
  });
});
