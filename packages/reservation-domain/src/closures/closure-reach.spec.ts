import { withClosures } from '../catalog/load-catalog';
import { serviceDayStatus } from '../catalog/service-day';
import { demoCatalog } from '../catalog/demo-municipality';
import { createFamilyDecider, foldFamily, type FamilyEvent, type FamilyState } from '../family';
import { isRight } from 'fp-ts/Either';
import { demoDates, familyCommand, slot } from '../testing';
import { addClosureOutcomes, closureOutcome, closuresMissedBy, holdsDay, NO_CLOSURE_OUTCOME } from './closure-reach';

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 30 });
const t0 = '2026-09-07T08:00:00.000Z';

function play(state: FamilyState, command: Parameters<typeof decider.decide>[0]): FamilyState {
  const decision = decider.decide(command, state);
  if (!isRight(decision)) throw new Error(`${command.type} refused: ${decision.left.code}`);
  return foldFamily(decision.right as FamilyEvent[], state);
}

/** A family with Léa's Tuesday canteen paid and Wednesday's pending. */
function family(): FamilyState {
  let state = foldFamily([]);
  state = play(state, familyCommand('RegisterFamily', { familyId: 'f1', resident: true }, t0));
  state = play(state, familyCommand('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, t0));
  state = play(state, familyCommand('RequestReservation', { orderId: 'o1', slots: [slot('c1', 'restauration', demoDates.tuesday)], pricing: { quotientFamilial: 800 } }, t0));
  state = play(state, familyCommand('StartPayment', { orderId: 'o1', paymentId: 'p1', provider: 'simulated' }, t0));
  const order = state.orders.get('o1');
  state = play(state, familyCommand('ConfirmPayment', { orderId: 'o1', paymentId: 'p1', provider: 'simulated', amountCents: order?.totalCents ?? 0 }, t0));
  state = play(state, familyCommand('RequestReservation', { orderId: 'o2', slots: [slot('c1', 'restauration', demoDates.thursday)], pricing: { quotientFamilial: 800 } }, t0));
  return state;
}

describe('which families a closure reaches (R14)', () => {
  it('finds the days a family holds, reserved or pending, and no other', () => {
    const state = family();
    expect(holdsDay(state, 'restauration', demoDates.tuesday)).toBe(true);
    expect(holdsDay(state, 'restauration', demoDates.thursday)).toBe(true);
    expect(holdsDay(state, 'restauration', demoDates.friday)).toBe(false);
    expect(holdsDay(state, 'accueil-soir', demoDates.tuesday)).toBe(false);
  });

  it('names the closures recorded after a decision for days the family holds', () => {
    const state = family();
    const later = withClosures(demoCatalog, [
      { activityId: 'restauration', date: demoDates.tuesday, reason: 'Grève' },
      { activityId: 'restauration', date: demoDates.friday, reason: 'Grève' },
    ]);
    expect(closuresMissedBy(demoCatalog, demoCatalog, state)).toEqual([]);
    expect(closuresMissedBy(demoCatalog, later, state)).toEqual([{ activityId: 'restauration', date: demoDates.tuesday, reason: 'Grève' }]);
    expect(closuresMissedBy(later, later, state)).toEqual([]);
  });

  it('sums what closing a day did to a family: the credit of the paid day, the pending order expired', () => {
    const before = family();
    const closeTuesday = familyCommand('CloseServiceDay', { activityId: 'restauration', date: demoDates.tuesday, reason: 'Grève', cancellationId: 'k1', creditId: 'cr1' }, t0);
    const afterTuesday = play(before, closeTuesday);
    const paid = before.orders.get('o1')?.totalCents ?? 0;
    expect(closureOutcome(before, afterTuesday, { activityId: 'restauration', date: demoDates.tuesday }, 'k1')).toEqual({ cancelledSlots: 1, creditedCents: paid, expiredOrders: 0 });

    const closeThursday = familyCommand('CloseServiceDay', { activityId: 'restauration', date: demoDates.thursday, reason: 'Grève', cancellationId: 'k2', creditId: 'cr2' }, t0);
    const afterThursday = play(afterTuesday, closeThursday);
    const thursday = closureOutcome(afterTuesday, afterThursday, { activityId: 'restauration', date: demoDates.thursday }, 'k2');
    expect(thursday).toEqual({ cancelledSlots: 0, creditedCents: 0, expiredOrders: 1 });
    expect(addClosureOutcomes(addClosureOutcomes(NO_CLOSURE_OUTCOME, thursday), thursday)).toEqual({ cancelledSlots: 0, creditedCents: 0, expiredOrders: 2 });
  });

  describe('a day closed for one school', () => {
    const ferry = { activityId: 'restauration', date: demoDates.friday, reason: 'Sortie', school: 'École Jules Ferry' };
    const closedForFerry = withClosures(demoCatalog, [ferry]);
    const schoolDecider = createFamilyDecider({ catalog: closedForFerry, holdMinutes: 30 });
    const enrolledTwice = (): FamilyState => {
      let state = foldFamily([]);
      for (const command of [
        familyCommand('RegisterFamily', { familyId: 'f1', resident: true }, t0),
        familyCommand('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, t0),
        familyCommand('EnrolChild', { childId: 'c2', activityIds: ['restauration'] }, t0),
      ]) {
        const decision = schoolDecider.decide(command, state);
        if (!isRight(decision)) throw new Error(decision.left.code);
        state = foldFamily(decision.right as FamilyEvent[], state);
      }
      return state;
    };
    const pricing = { quotientFamilial: 800, children: { c1: { school: 'ecole jules ferry' }, c2: { school: 'École Pasteur' } } };

    it("is closed to that school's children and open to the others", () => {
      expect(serviceDayStatus(closedForFerry, 'restauration', demoDates.friday, 'École Jules Ferry')).toEqual({ open: false, reason: 'closed', label: 'Sortie' });
      expect(serviceDayStatus(closedForFerry, 'restauration', demoDates.friday, 'École Pasteur')).toEqual({ open: true });
      expect(serviceDayStatus(closedForFerry, 'restauration', demoDates.friday)).toEqual({ open: true });
      const request = (childId: string) =>
        schoolDecider.decide(familyCommand('RequestReservation', { orderId: `o-${childId}`, slots: [slot(childId, 'restauration', demoDates.friday)], pricing }, t0), enrolledTwice());
      expect(request('c1')).toEqual(expect.objectContaining({ left: expect.objectContaining({ code: 'DAY_CLOSED' }) }));
      expect(isRight(request('c2'))).toBe(true);
    });

    it("counts only the school's children holding the day, and names a school's closure after every command", () => {
      let state = enrolledTwice();
      const decision = decider.decide(familyCommand('RequestReservation', { orderId: 'o1', slots: [slot('c2', 'restauration', demoDates.friday)], pricing }, t0), state);
      if (!isRight(decision)) throw new Error(decision.left.code);
      state = foldFamily(decision.right as FamilyEvent[], state);
      const schools = { c1: 'École Jules Ferry', c2: 'École Pasteur' };
      expect(holdsDay(state, 'restauration', demoDates.friday)).toBe(true);
      expect(holdsDay(state, 'restauration', demoDates.friday, 'École Jules Ferry', schools)).toBe(false);
      expect(holdsDay(state, 'restauration', demoDates.friday, 'École Pasteur', schools)).toBe(true);
      expect(holdsDay(state, 'restauration', demoDates.friday, 'École Pasteur')).toBe(false);
      // Known when it decided, but it may have decided without the child's school: the caller filters by school.
      expect(closuresMissedBy(closedForFerry, closedForFerry, state)).toEqual([ferry]);
      expect(closuresMissedBy(closedForFerry, closedForFerry, enrolledTwice())).toEqual([]);
    });
  });
});
