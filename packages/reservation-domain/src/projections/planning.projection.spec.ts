import * as E from 'fp-ts/Either';
import { demoCatalog, withClosures, type Catalog } from '../catalog';
import { createFamilyDecider } from '../family';
import { defined, demoDates, familyCommand as cmd, FamilyHistory, slot } from '../testing';
import { planningView as planningOrRefusal, type PlanningView } from './planning.projection';

const { now, week, monday, tuesday, wednesday, thursday, friday } = demoDates;
const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
const QF600 = { quotientFamilial: 600 };

function family() {
  const history = new FamilyHistory(decider);
  history.run(cmd('RegisterFamily', { familyId: 'fam-1', resident: true }, now));
  history.run(cmd('EnrolChild', { childId: 'c1', activityIds: ['mercredi', 'restauration'] }, now));
  history.run(cmd('EnrolChild', { childId: 'c2', activityIds: ['restauration'] }, now));
  return history;
}

/** The view of a valid week (a refusal fails the test). */
function planningView(...args: Parameters<typeof planningOrRefusal>): PlanningView {
  const result = planningOrRefusal(...args);
  if (E.isLeft(result)) throw new Error(`${result.left.code}: ${result.left.message}`);
  return result.right;
}

const cell = (view: PlanningView, childId: string, date: string, activityId: string) =>
  defined(
    defined(defined(view.children.find((c) => c.childId === childId)).days.find((d) => d.date === date)).slots.find(
      (s) => s.activityId === activityId,
    ),
  );

describe('planningView', () => {
  it('lists each child by rank, the 7 days of the week and its activities in catalog order', () => {
    const view = planningView(demoCatalog, family().state, week, now, QF600);
    expect(view.familyId).toBe('fam-1');
    expect(view.week).toBe(week);
    expect(view.children.map((c) => c.childId)).toEqual(['c1', 'c2']);
    expect(view.children[0].days.map((d) => d.date)).toEqual([monday, tuesday, wednesday, thursday, friday, '2026-09-19', '2026-09-20']);
    expect(view.children[0].days[0].slots.map((s) => s.activityId)).toEqual(['restauration', 'mercredi']);
  });

  it('shows free slots with the price they would cost and their deadlines', () => {
    const view = planningView(demoCatalog, family().state, week, now, QF600);
    expect(cell(view, 'c1', monday, 'restauration')).toEqual({
      activityId: 'restauration',
      status: 'free',
      priceCents: 210,
      reservationDeadline: demoDates.canteenDeadlineW38,
      cancellationDeadline: demoDates.canteenCancellationDeadlineMonday,
      cancellable: false,
    });
    expect(cell(view, 'c1', wednesday, 'mercredi')).toMatchObject({ status: 'free', priceCents: 800 });
    // Without a QF the highest price applies (R3).
    expect(cell(planningView(demoCatalog, family().state, week, now), 'c1', monday, 'restauration').priceCents).toBe(490);
  });

  it('shows closed days (not served, weekend, holiday, closure) and locked ones (deadline passed)', () => {
    const state = family().state;
    const view = planningView(demoCatalog, state, week, now, QF600);
    expect(cell(view, 'c1', wednesday, 'restauration')).toMatchObject({ status: 'closed', priceCents: null, closedReason: 'not_served' });
    expect(cell(view, 'c1', '2026-09-19', 'restauration')).toMatchObject({ status: 'closed' });
    const holidays = planningView(demoCatalog, state, '2026-W43', now, QF600);
    expect(cell(holidays, 'c1', '2026-10-19', 'restauration')).toMatchObject({ status: 'closed', closedReason: 'Vacances de la Toussaint' });
    const closed = withClosures(demoCatalog, [{ activityId: 'restauration', date: monday, reason: 'Grève' }]);
    expect(cell(planningView(closed, state, week, now, QF600), 'c1', monday, 'restauration')).toMatchObject({ status: 'closed', closedReason: 'Grève' });
    const late = planningView(demoCatalog, state, week, '2026-09-09T08:00:00.000Z', QF600);
    expect(cell(late, 'c1', monday, 'restauration')).toMatchObject({ status: 'locked', priceCents: 210 });
  });

  it('shows pending and reserved slots with their frozen price and order; a lapsed hold shows free', () => {
    const history = family();
    history.run(cmd('RequestReservation', { orderId: 'o1', slots: [slot('c1', 'restauration', monday)], pricing: QF600 }, now));
    history.run(cmd('RequestReservation', { orderId: 'o2', slots: [slot('c2', 'restauration', tuesday)], pricing: { quotientFamilial: null } }, now));
    history.run(cmd('ConfirmPayment', { paymentId: 'p2', orderId: 'o2', provider: 'simulated', amountCents: 490 }, now));
    const view = planningView(demoCatalog, history.state, week, now, { quotientFamilial: 300 });
    expect(cell(view, 'c1', monday, 'restauration')).toMatchObject({ status: 'pending', priceCents: 210, orderId: 'o1', cancellable: false });
    expect(cell(view, 'c2', tuesday, 'restauration')).toMatchObject({ status: 'reserved', priceCents: 490, orderId: 'o2', cancellable: true });
    const afterHold = planningView(demoCatalog, history.state, week, '2026-09-07T09:00:00.000Z', { quotientFamilial: 300 });
    expect(cell(afterHold, 'c1', monday, 'restauration')).toMatchObject({ status: 'free', priceCents: 100 });
    expect(cell(afterHold, 'c1', monday, 'restauration').orderId).toBeUndefined();
  });

  it('refuses a week that does not exist, or outside 2000–2100, with INVALID_WEEK instead of throwing', () => {
    const state = family().state;
    for (const badWeek of ['2027-W53', '0000-W01', '1999-W10', '2026-W54', 'next week']) {
      let result: ReturnType<typeof planningOrRefusal> | undefined;
      expect(() => (result = planningOrRefusal(demoCatalog as Catalog, state, badWeek, now, QF600))).not.toThrow();
      expect(result && E.isLeft(result) && result.left.code).toBe('INVALID_WEEK');
    }
    expect(E.isRight(planningOrRefusal(demoCatalog, state, '2026-W53', now, QF600))).toBe(true);
  });
});
