import * as E from 'fp-ts/Either';
import { demoCatalog } from '../catalog';
import { createFamilyDecider } from '../family';
import { demoDates, familyCommand as cmd, FamilyHistory, slot } from '../testing';
import { quote } from './quote.projection';

const { now, monday, tuesday, thursday } = demoDates;
const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
const QF600 = { quotientFamilial: 600 };

function story() {
  const history = new FamilyHistory(decider);
  history.run(cmd('RegisterFamily', { familyId: 'fam-1', resident: true }, now));
  history.run(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration', 'mercredi'] }, now));
  history.run(cmd('GrantGoodwillCredit', { creditId: 'g1', amountCents: 100, reason: 'Geste' }, now));
  history.run(cmd('RequestReservation', { orderId: 'o1', slots: [slot('c1', 'restauration', monday)], pricing: QF600 }, now));
  history.run(cmd('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'simulated', amountCents: 110 }, now));
  return history;
}

describe('quote', () => {
  it('shows what a reservation would cost, with the credit it would use, appending nothing', () => {
    const history = story();
    history.run(cmd('GrantGoodwillCredit', { creditId: 'g2', amountCents: 50, reason: 'Geste' }, now));
    const before = history.state;
    const result = quote(demoCatalog, before, { reserve: [slot('c1', 'restauration', tuesday), slot('c1', 'restauration', thursday)], cancel: [], pricing: QF600, now });
    expect(result).toEqual(
      E.right({
        reservation: {
          lines: [
            { childId: 'c1', activityId: 'restauration', date: tuesday, unitPriceCents: 210, tariff: { effectiveFrom: '2026-09-01', bracket: 'qf<=700' } },
            { childId: 'c1', activityId: 'restauration', date: thursday, unitPriceCents: 210, tariff: { effectiveFrom: '2026-09-01', bracket: 'qf<=700' } },
          ],
          totalCents: 420,
          creditAppliedCents: 50,
          amountDueCents: 370,
        },
        cancellation: { lines: [], totalCents: 0 },
      }),
    );
    expect(history.state).toBe(before);
  });

  it('applies the credit of the cancellation to the reservation, as submitting both in that order would', () => {
    const result = quote(demoCatalog, story().state, { reserve: [slot('c1', 'restauration', tuesday)], cancel: [slot('c1', 'restauration', monday)], pricing: QF600, now });
    expect(result).toEqual(
      E.right({
        reservation: expect.objectContaining({ totalCents: 210, creditAppliedCents: 210, amountDueCents: 0 }),
        cancellation: { lines: [{ childId: 'c1', activityId: 'restauration', date: monday, orderId: 'o1', creditCents: 210 }], totalCents: 210 },
      }),
    );
  });

  it('refuses with the same codes as the decider', () => {
    const state = story().state;
    const refusal = (reserve: ReturnType<typeof slot>[], cancel: ReturnType<typeof slot>[]) => {
      const result = quote(demoCatalog, state, { reserve, cancel, pricing: QF600, now });
      return E.isLeft(result) ? result.left.code : 'accepted';
    };
    expect(refusal([slot('c1', 'restauration', monday)], [])).toBe('SLOT_TAKEN');
    expect(refusal([], [slot('c1', 'restauration', tuesday)])).toBe('NOT_RESERVED');
    expect(refusal([slot('c1', 'restauration', '2026-09-08')], [])).toBe('DEADLINE_PASSED');
    expect(refusal([], [])).toBe('accepted');
  });
});
