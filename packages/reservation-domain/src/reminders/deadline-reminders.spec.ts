import { demoCatalog } from '../catalog';
import { foldFamily } from '../family/family.evolve';
import type { RegisteredFamilyState } from '../family/family.state';
import { canteen, enrolled, registered, requested } from '../family/decide/family-decider.fixture';
import { reminderLinesFor, remindersDueAt } from './deadline-reminders';

// Demo catalog: the canteen closes on the Tuesday before its week at 23:59, Wednesdays on the
// Thursday before at 12:00 (Europe/Paris); the days before each day for the care activities.
describe('remindersDueAt', () => {
  it('is due in the 24 hours before a weekly deadline, for the week it closes and its service days', () => {
    expect(remindersDueAt(demoCatalog, '2026-12-08T12:00:00.000Z')).toEqual([
      {
        week: '2026-W51',
        deadline: '2026-12-08T22:59:59.999Z',
        activities: [{ activityId: 'restauration', label: expect.any(String), days: ['2026-12-14', '2026-12-15', '2026-12-17', '2026-12-18'] }],
      },
    ]);
    expect(remindersDueAt(demoCatalog, '2026-12-09T12:00:00.000Z')).toEqual([
      { week: '2026-W51', deadline: '2026-12-10T11:00:59.999Z', activities: [expect.objectContaining({ activityId: 'mercredi', days: ['2026-12-16'] })] },
    ]);
  });

  it('is not due before the day before, nor once the deadline has passed', () => {
    expect(remindersDueAt(demoCatalog, '2026-12-07T22:59:59.998Z')).toEqual([]);
    expect(remindersDueAt(demoCatalog, '2026-12-07T22:59:59.999Z').map((r) => r.week)).toEqual(['2026-W51']);
    expect(remindersDueAt(demoCatalog, '2026-12-08T22:59:59.999Z')).toEqual([]);
  });

  it('has nothing to remind of for a week of school holidays', () => {
    // 2026-W53 (28 December – 1 January) is in the Christmas holidays of the demo calendar.
    expect(remindersDueAt(demoCatalog, '2026-12-22T12:00:00.000Z')).toEqual([]);
  });

  it('reads the deadline in the town time zone, summer time included', () => {
    // Week of 2027-04-05 (W14): its canteen deadline is Tuesday 30 March 23:59 CEST (UTC+2).
    expect(remindersDueAt(demoCatalog, '2027-03-30T12:00:00.000Z')).toMatchObject([
      { week: '2027-W14', deadline: '2027-03-30T21:59:59.999Z', activities: [{ activityId: 'restauration' }] },
    ]);
  });
});

describe('reminderLinesFor', () => {
  const family = foldFamily([
    registered,
    enrolled('c1', 1),
    enrolled('c2', 2, ['restauration']),
    requested('o1', [canteen('c2', '2026-12-14')]),
  ]) as RegisteredFamilyState;

  it('names each enrolled child with nothing reserved in the week for the activity', () => {
    const [canteenWeek] = remindersDueAt(demoCatalog, '2026-12-08T12:00:00.000Z');
    expect(reminderLinesFor(family, canteenWeek)).toEqual([{ childId: 'c1', activityId: 'restauration' }]);
    const [wednesdays] = remindersDueAt(demoCatalog, '2026-12-09T12:00:00.000Z');
    expect(reminderLinesFor(family, wednesdays)).toEqual([{ childId: 'c1', activityId: 'mercredi' }]);
  });

  it('names nobody once every enrolled child has a day of the week', () => {
    const booked = foldFamily([requested('o2', [canteen('c1', '2026-12-17')])], family) as RegisteredFamilyState;
    const [canteenWeek] = remindersDueAt(demoCatalog, '2026-12-08T12:00:00.000Z');
    expect(reminderLinesFor(booked, canteenWeek)).toEqual([]);
  });
});
