import { loadFormat } from './portal-modules';

const f = loadFormat();
// French number formatting uses no-break spaces; compare them as plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('format.js — euros (R1)', () => {
  it.each([
    [350, '3,50 €'],
    [5, '0,05 €'],
    [0, '0,00 €'],
    [123456, '1 234,56 €'],
    [100000000, '1 000 000,00 €'],
    [-350, '-3,50 €'],
  ])('%i cents → « %s »', (cents, text) => {
    expect(plain(f.formatEuros(cents))).toBe(text);
  });

  it('uses a no-break space before € so an amount never wraps', () => {
    expect(f.formatEuros(350)).toBe('3,50\u00a0€');
  });

  it('refuses anything but integer cents', () => {
    expect(() => f.formatEuros(3.5)).toThrow(TypeError);
  });
});

describe('format.js — ISO weeks', () => {
  it.each([
    ['2026-11-26', '2026-W48'],
    ['2026-12-07', '2026-W50'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-12-30', '2025-W01'],
  ])('%s is in %s', (date, week) => {
    expect(f.isoWeekOf(date)).toBe(week);
  });

  it('finds the Monday of a week, across years', () => {
    expect(f.isoWeekMonday('2026-W50')).toBe('2026-12-07');
    expect(f.isoWeekMonday('2026-W53')).toBe('2026-12-28');
    expect(f.isoWeekMonday('2025-W01')).toBe('2024-12-30');
    expect(f.isoWeekDates('2026-W50')).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
  });

  it('moves by weeks through a 53-week year', () => {
    expect(f.addWeeks('2026-W52', 1)).toBe('2026-W53');
    expect(f.addWeeks('2026-W53', 1)).toBe('2027-W01');
    expect(f.addWeeks('2027-W01', -1)).toBe('2026-W53');
  });

  it('accepts only weeks that exist', () => {
    expect(f.isIsoWeek('2026-W53')).toBe(true);
    expect(f.isIsoWeek('2025-W53')).toBe(false);
    expect(f.isIsoWeek('2026-W00')).toBe(false);
    expect(f.isIsoWeek('2026-50')).toBe(false);
    expect(f.isIsoWeek(null)).toBe(false);
  });
});

describe('format.js — dates in the municipality time zone', () => {
  it('writes the deadline of a day as the guide does, in Paris time', () => {
    // Tuesday 23:59 Paris in winter is 22:59 UTC; the deadline instant is the minute's last ms.
    expect(f.formatDeadline('2026-12-01T22:59:59.999Z', 'Europe/Paris')).toBe("modifiable jusqu'au mardi 1er décembre, 23:59");
    // Summer time (after 2027-03-28): 23:59 Paris is 21:59 UTC.
    expect(f.formatDeadline('2027-03-30T21:59:59.999Z', 'Europe/Paris')).toBe("modifiable jusqu'au mardi 30 mars, 23:59");
  });

  it('takes "today" in the municipality zone, not in UTC', () => {
    expect(f.dateInZone('Europe/Paris', new Date('2026-11-26T23:30:00Z'))).toBe('2026-11-27');
    expect(f.dateInZone('UTC', new Date('2026-11-26T23:30:00Z'))).toBe('2026-11-26');
  });

  it('names days in French', () => {
    expect(f.formatDay('2026-12-07')).toBe('lundi 7 décembre');
    expect(f.formatDay('2026-12-07', { withYear: true })).toBe('lundi 7 décembre 2026');
    expect(f.formatCompactDay('2026-12-07')).toBe('lun. 7 déc. 2026');
    expect(f.formatInstant('2026-11-26T10:00:00Z', 'Europe/Paris', { withYear: true })).toBe('jeudi 26 novembre 2026, 11:00');
  });

  it('writes the first of a month as « 1er », as French does, and only the first', () => {
    expect(f.formatDay('2026-12-01')).toBe('mardi 1er décembre');
    expect(f.formatShortDate('2027-01-01')).toBe('1er janvier 2027');
    expect(f.formatCompactDay('2026-12-01')).toBe('mar. 1er déc. 2026');
    expect(f.formatLockedSince('2026-12-01T22:59:00Z')).toBe('Délai dépassé depuis le mardi 1er décembre, 23:59');
    expect(f.formatDay('2026-12-11')).toBe('vendredi 11 décembre');
    expect(f.formatDay('2026-12-21')).toBe('lundi 21 décembre');
  });

  it('gives nothing for an invalid instant rather than « Invalid Date »', () => {
    expect(f.formatDeadline('pas une date')).toBe('');
  });

  it('agrees the plural', () => {
    expect(f.plural(1, 'jour')).toBe('1 jour');
    expect(f.plural(4, 'jour')).toBe('4 jours');
  });
});
