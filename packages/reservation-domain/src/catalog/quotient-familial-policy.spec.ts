import * as E from 'fp-ts/Either';
import { createFamilyDecider } from '../family';
import type { FamilyEvent, ReservationRequested } from '../family/family.events';
import { foldFamily } from '../family/family.evolve';
import { demoMunicipality } from './demo-municipality';
import { loadCatalog } from './load-catalog';
import { quotientFamilialOnDay, type QuotientFamilialPolicy } from './quotient-familial-policy';

const calendar = { timezone: 'Europe/Paris', schoolYear: { start: '2026-09-01' } };
// Attested at registration (QF 600), then 12 March 2027 (QF 1200), in Paris time.
const history = [
  { quotientFamilial: 600, effectiveAt: '2026-08-20T10:00:00.000Z' },
  { quotientFamilial: 1200, effectiveAt: '2027-03-12T09:00:00.000Z' },
];
const on = (policy: QuotientFamilialPolicy | undefined, date: string, current = 1200) => quotientFamilialOnDay(policy, history, current, date, calendar);

describe('from when a QF prices days (R3, the town’s quotientFamilial policy)', () => {
  it('attestation (the default): the QF known when the family books, whatever the day', () => {
    expect(on(undefined, '2027-03-01')).toBe(1200);
    expect(on({ appliesFrom: 'attestation' }, '2026-10-01')).toBe(1200);
  });

  it('nextMonth: a change prices days from the first of the month after its attestation, never before', () => {
    const nextMonth = { appliesFrom: 'nextMonth' } as const;
    expect(on(nextMonth, '2027-03-12')).toBe(600);
    expect(on(nextMonth, '2027-03-31')).toBe(600);
    expect(on(nextMonth, '2027-04-01')).toBe(1200);
    // The family's first QF prices from its attestation day (and days before it, should any be booked).
    expect(on(nextMonth, '2026-09-01')).toBe(600);
    // Attested on 31 December at 23:30 in Paris (22:30 UTC): its month is December, it applies from January.
    const lateDecember = [history[0], { quotientFamilial: 300, effectiveAt: '2026-12-31T22:30:00.000Z' }];
    expect(quotientFamilialOnDay(nextMonth, lateDecember, 300, '2026-12-31', calendar)).toBe(600);
    expect(quotientFamilialOnDay(nextMonth, lateDecember, 300, '2027-01-04', calendar)).toBe(300);
  });

  it('referenceDate: the whole school year with the QF in force on the reference day before it starts', () => {
    const march31 = { appliesFrom: 'referenceDate', referenceDate: '03-31' } as const;
    // School year 2026-27: reference 31 March 2026; only the registration QF (August 2026) exists → the first one.
    expect(on(march31, '2027-05-10')).toBe(600);
    // For a school year starting 1 September 2027 the March 2027 attestation is the reference.
    expect(quotientFamilialOnDay(march31, history, 1200, '2027-10-04', { ...calendar, schoolYear: { start: '2027-09-01' } })).toBe(1200);
    // A reference day after the start's month-day is last year's.
    expect(quotientFamilialOnDay({ appliesFrom: 'referenceDate', referenceDate: '12-31' }, history, 1200, '2027-10-04', { ...calendar, schoolYear: { start: '2027-09-01' } })).toBe(600);
  });

  it('without attestations the QF known now prices the day', () => {
    expect(quotientFamilialOnDay({ appliesFrom: 'nextMonth' }, [], 450, '2027-01-04', calendar)).toBe(450);
    expect(quotientFamilialOnDay({ appliesFrom: 'nextMonth' }, undefined, null, '2027-01-04', calendar)).toBeNull();
  });

  it('is stated in the municipality file, and a wrong statement names the fix', () => {
    const file = (quotientFamilial: unknown) => ({ ...structuredClone(demoMunicipality), quotientFamilial });
    const loaded = loadCatalog(file({ appliesFrom: 'nextMonth' }));
    expect(E.isRight(loaded) && loaded.right.quotientFamilial).toEqual({ appliesFrom: 'nextMonth' });
    const missing = loadCatalog(file({ appliesFrom: 'referenceDate' }));
    expect(E.isLeft(missing) && missing.left.message).toMatch(/quotientFamilial\.referenceDate.*MM-DD/);
    const stray = loadCatalog(file({ appliesFrom: 'nextMonth', referenceDate: '03-31' }));
    expect(E.isLeft(stray) && stray.left.message).toMatch(/remove it/);
  });

  it('prices a reservation through the decider: March days at the old QF, April days at the new one', () => {
    const loaded = loadCatalog({ ...structuredClone(demoMunicipality), quotientFamilial: { appliesFrom: 'nextMonth' } });
    if (E.isLeft(loaded)) throw new Error(loaded.left.message);
    const decider = createFamilyDecider({ catalog: loaded.right, holdMinutes: 60 });
    const state = foldFamily([
      { type: 'FamilyRegistered', data: { familyId: 'f', resident: true, registeredAt: '2026-08-20T10:00:00.000Z' } },
      { type: 'ChildEnrolled', data: { familyId: 'f', childId: 'c1', activityIds: ['restauration'], rank: 1, enrolledAt: '2026-08-20T10:00:00.000Z' } },
    ] as FamilyEvent[]);
    const decided = decider.decide(
      {
        type: 'RequestReservation',
        data: {
          orderId: 'o1',
          slots: [
            { childId: 'c1', activityId: 'restauration', date: '2027-03-30' },
            { childId: 'c1', activityId: 'restauration', date: '2027-04-01' },
          ],
          pricing: { quotientFamilial: 1200, quotientFamilialHistory: history },
        },
        metadata: { now: '2027-03-20T10:00:00.000Z' },
      },
      state,
    );
    if (E.isLeft(decided)) throw new Error(decided.left.message);
    const lines = decided.right.find((event): event is ReservationRequested => event.type === 'ReservationRequested')?.data.lines ?? [];
    expect(lines.map((line) => [line.date, line.unitPriceCents, line.tariff.bracket])).toEqual([
      // The demo's 2027 grid (its second délibération): QF 600 → 2,14 €, QF 1200 → 4,18 €.
      ['2027-03-30', 214, 'qf<=700'],
      ['2027-04-01', 418, 'qf<=1400'],
    ]);
  });

  it('prices a fostered child with its own QF', () => {
    const decider = createFamilyDecider({ catalog: E.getOrElseW(() => { throw new Error('demo'); })(loadCatalog(structuredClone(demoMunicipality))), holdMinutes: 60 });
    const state = foldFamily([
      { type: 'FamilyRegistered', data: { familyId: 'f', resident: true, registeredAt: '2026-08-20T10:00:00.000Z' } },
      { type: 'ChildEnrolled', data: { familyId: 'f', childId: 'c1', activityIds: ['restauration'], rank: 1, enrolledAt: '2026-08-20T10:00:00.000Z' } },
      { type: 'ChildEnrolled', data: { familyId: 'f', childId: 'c2', activityIds: ['restauration'], rank: 2, enrolledAt: '2026-08-20T10:00:00.000Z' } },
    ] as FamilyEvent[]);
    const decided = decider.decide(
      {
        type: 'RequestReservation',
        data: {
          orderId: 'o1',
          slots: ['c1', 'c2'].map((childId) => ({ childId, activityId: 'restauration', date: '2026-12-07' })),
          pricing: { quotientFamilial: 1200, children: { c2: { quotientFamilial: 400 } } },
        },
        metadata: { now: '2026-11-26T09:00:00.000Z' },
      },
      state,
    );
    if (E.isLeft(decided)) throw new Error(decided.left.message);
    const lines = decided.right.find((event): event is ReservationRequested => event.type === 'ReservationRequested')?.data.lines ?? [];
    expect(lines.map((line) => [line.childId, line.unitPriceCents])).toEqual([
      ['c1', 410],
      ['c2', 100],
    ]);
  });
});
