import { isoDateSchema, isoWeekSchema, pageQuerySchema, slotSchema } from './common.schemas';

describe('shared HTTP schemas', () => {
  it('accepts real dates only', () => {
    expect(isoDateSchema.safeParse('2028-02-29').success).toBe(true);
    for (const bad of ['2027-02-29', '2026-13-01', '26-12-01', '2026-12-01T00:00:00Z']) expect(isoDateSchema.safeParse(bad).success).toBe(false);
  });

  it('accepts ISO weeks', () => {
    expect(isoWeekSchema.safeParse('2026-W50').success).toBe(true);
    for (const bad of ['2026-W00', '2026-W54', '2026W50', '2026-50']) expect(isoWeekSchema.safeParse(bad).success).toBe(false);
  });

  it('pages at most 1000, 100 by default', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 100 });
    expect(pageQuerySchema.parse({ limit: '1000', after: '42' })).toEqual({ limit: 1000, after: '42' });
    expect(pageQuerySchema.safeParse({ limit: '1001' }).success).toBe(false);
  });

  it('a slot is (child, activity, date)', () => {
    expect(slotSchema.parse({ childId: 'C1', activityId: 'cantine', date: '2026-12-01', extra: 1 })).toEqual({ childId: 'C1', activityId: 'cantine', date: '2026-12-01' });
    expect(slotSchema.safeParse({ childId: 'C1', activityId: 'cantine' }).success).toBe(false);
  });
});
