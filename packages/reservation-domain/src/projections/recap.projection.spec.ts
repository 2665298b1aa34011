import { demoCatalog } from '../catalog';
import { createFamilyDecider } from '../family';
import { demoDates, familyCommand as cmd, FamilyHistory, slot } from '../testing';
import { attendanceLines } from './attendance.projection';
import { familySummaryView } from './family-summary.projection';
import { recapView } from './recap.projection';

const { now, monday, tuesday, wednesday, thursday } = demoDates;
const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });

function story() {
  const history = new FamilyHistory(decider);
  history.run(cmd('RegisterFamily', { familyId: 'fam-1', resident: true }, now));
  history.run(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration', 'mercredi'] }, now));
  history.run(cmd('EnrolChild', { childId: 'c2', activityIds: ['restauration'] }, now));
  history.run(cmd('RequestReservation', {
    orderId: 'o1',
    slots: [slot('c2', 'restauration', monday), slot('c1', 'mercredi', wednesday), slot('c1', 'restauration', thursday), slot('c1', 'restauration', monday)],
    pricing: { quotientFamilial: 600 },
  }, now));
  history.run(cmd('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'simulated', amountCents: 1430 }, now));
  history.run(cmd('RequestReservation', { orderId: 'o2', slots: [slot('c1', 'restauration', tuesday)], pricing: { quotientFamilial: 600 } }, now));
  return history;
}

describe('recap, attendance and summary views', () => {
  it('recapView groups confirmed slots of the period per child (by rank) and activity (catalog order)', () => {
    const recap = recapView(demoCatalog, story().state, { from: monday, to: wednesday });
    expect(recap).toEqual({
      familyId: 'fam-1',
      from: monday,
      to: wednesday,
      children: [
        {
          childId: 'c1',
          activities: [
            { activityId: 'restauration', label: 'Restauration scolaire', dates: [monday], lines: [{ date: monday, unitPriceCents: 210, orderId: 'o1' }], count: 1, totalCents: 210 },
            { activityId: 'mercredi', label: 'Accueil du mercredi', dates: [wednesday], lines: [{ date: wednesday, unitPriceCents: 800, orderId: 'o1' }], count: 1, totalCents: 800 },
          ],
          count: 2,
          totalCents: 1010,
        },
        {
          childId: 'c2',
          activities: [{ activityId: 'restauration', label: 'Restauration scolaire', dates: [monday], lines: [{ date: monday, unitPriceCents: 210, orderId: 'o1' }], count: 1, totalCents: 210 }],
          count: 1,
          totalCents: 210,
        },
      ],
      count: 3,
      totalCents: 1220,
    });
    expect(recapView(demoCatalog, story().state, { from: '2026-10-01', to: '2026-10-31' }).children).toEqual([]);
  });

  it('attendanceLines lists confirmed slots only, filtered and sorted', () => {
    const state = story().state;
    expect(attendanceLines(state, { date: monday })).toEqual([
      { familyId: 'fam-1', childId: 'c1', activityId: 'restauration', date: monday, orderId: 'o1' },
      { familyId: 'fam-1', childId: 'c2', activityId: 'restauration', date: monday, orderId: 'o1' },
    ]);
    expect(attendanceLines(state, { date: tuesday })).toEqual([]);
    expect(attendanceLines(state, { activityId: 'mercredi' }).map((l) => l.date)).toEqual([wednesday]);
    expect(attendanceLines(state)).toHaveLength(4);
  });

  it('familySummaryView gives children, balance and pending orders', () => {
    expect(familySummaryView(story().state)).toEqual({
      familyId: 'fam-1',
      resident: true,
      registeredAt: now,
      personalDataErasedAt: null,
      children: [
        { childId: 'c1', activityIds: ['restauration', 'mercredi'], rank: 1 },
        { childId: 'c2', activityIds: ['restauration'], rank: 2 },
      ],
      creditBalanceCents: 0,
      heldCreditCents: 0,
      pendingOrderIds: ['o2'],
    });
  });
});
