import * as E from 'fp-ts/Either';
import { demoCatalog } from '../catalog';
import { createFamilyDecider } from '../family';
import { demoDates, familyCommand as cmd, FamilyHistory, slot } from '../testing';
import { attendanceLines as attendanceOrRefusal } from './attendance.projection';
import { familySummaryView } from './family-summary.projection';
import { recapView as recapOrRefusal } from './recap.projection';

function rightOf<A>(result: E.Either<{ code: string; message: string }, A>): A {
  if (E.isLeft(result)) throw new Error(`${result.left.code}: ${result.left.message}`);
  return result.right;
}
const recapView = (...args: Parameters<typeof recapOrRefusal>) => rightOf(recapOrRefusal(...args));
const attendanceLines = (...args: Parameters<typeof attendanceOrRefusal>) => rightOf(attendanceOrRefusal(...args));
const codeOf = (result: unknown) => (E.isLeft(result as E.Either<{ code: string }, unknown>) ? (result as E.Left<{ code: string }>).left.code : 'accepted');

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
    expect(familySummaryView(story().state, now)).toEqual({
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

  it('recapView and attendanceLines refuse a date that does not exist, or outside 2000–2100, with INVALID_DATE instead of throwing', () => {
    const state = story().state;
    for (const bad of ['0000-01-01', '1999-12-31', '2027-02-29', '2026-9-14', 'today']) {
      expect(codeOf(recapOrRefusal(demoCatalog, state, { from: bad, to: wednesday }))).toBe('INVALID_DATE');
      expect(codeOf(recapOrRefusal(demoCatalog, state, { from: monday, to: bad }))).toBe('INVALID_DATE');
      expect(codeOf(attendanceOrRefusal(state, { date: bad }))).toBe('INVALID_DATE');
    }
    expect(codeOf(attendanceOrRefusal(state, { activityId: 'mercredi' }))).toBe('accepted');
  });

  it('familySummaryView reads a hold as over at its end instant', () => {
    const end = new Date(Date.parse(now) + 60 * 60_000).toISOString();
    expect(familySummaryView(story().state, end)).toMatchObject({ creditBalanceCents: 0, heldCreditCents: 0, pendingOrderIds: [] });
  });
});
