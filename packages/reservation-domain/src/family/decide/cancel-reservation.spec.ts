import * as E from 'fp-ts/Either';
import { demoCatalog, demoMunicipality, loadCatalog, type Catalog } from '../../catalog';
import { defined, demoDates, familyCommand as cmd, FamilyHistory, slot } from '../../testing';
import { createFamilyDecider } from '../family.decide';
import type { FamilyEvent } from '../family.events';
import {
  at,
  base,
  canteen,
  decider,
  F,
  goodwill,
  ledgerBalanced,
  monday,
  now,
  paid,
  requested,
  reservedMonTue,
  spec,
  specFor,
  thursday,
  tuesday,
} from './family-decider.fixture';

describe('CancelReservation (R9)', () => {
  const cancel = (slots: ReturnType<typeof slot>[], minutes = 10, cancellationId = 'x1', creditId = 'cr1') =>
    cmd('CancelReservation', { cancellationId, creditId, slots }, at(minutes));

  it('cancels reserved slots, crediting each at the price it was reserved at', () => {
    spec.given(reservedMonTue).when(cancel([slot('c1', 'restauration', monday)])).then([
      {
        type: 'ReservationCancelled',
        data: {
          cancellationId: 'x1',
          familyId: F,
          lines: [{ childId: 'c1', activityId: 'restauration', date: monday, orderId: 'o1', creditCents: 210 }],
          totalCents: 210,
          cancelledAt: at(10),
          reason: 'parent',
        },
      },
      { type: 'CreditIssued', data: { creditId: 'cr1', familyId: F, amountCents: 210, source: 'cancellation', sourceId: 'x1', issuedAt: at(10) } },
    ]);
  });

  it('credits the frozen price even after the tariff changed', () => {
    const file = JSON.parse(JSON.stringify(demoMunicipality)) as { activities: { id: string; tariffs: { brackets: { priceCents: number }[] }[] }[] };
    for (const bracket of defined(file.activities.find((a) => a.id === 'restauration')).tariffs[0].brackets) bracket.priceCents += 1000;
    const dearer = E.getOrElseW(() => {
      throw new Error('catalog');
    })(loadCatalog(file)) as Catalog;
    specFor(createFamilyDecider({ catalog: dearer, holdMinutes: 60 }))
      .given(reservedMonTue)
      .when(cancel([slot('c1', 'restauration', tuesday)]))
      .then((events) => expect(events.map((e) => e.type === 'CreditIssued' && e.data.amountCents)).toEqual([false, 210]));
  });

  it('refuses NOT_RESERVED, SLOT_PENDING, UNKNOWN_CHILD and the cancellation deadline', () => {
    spec.given(reservedMonTue).when(cancel([slot('c1', 'restauration', thursday)])).thenFails('NOT_RESERVED');
    spec.given([...base, requested('o1', [canteen('c1', monday)])]).when(cancel([slot('c1', 'restauration', monday)])).thenFails('SLOT_PENDING');
    spec.given(reservedMonTue).when(cancel([slot('c9', 'restauration', monday)])).thenFails('UNKNOWN_CHILD');
    const deadline = demoDates.canteenCancellationDeadlineMonday;
    const minutes = (Date.parse(deadline) - Date.parse(now)) / 60_000;
    spec.given(reservedMonTue).when(cancel([slot('c1', 'restauration', monday)], minutes)).then((events) => expect(events).toHaveLength(2));
    spec.given(reservedMonTue).when(cancel([slot('c1', 'restauration', monday)], minutes + 1)).thenFails('DEADLINE_PASSED');
  });

  it('refuses EMPTY_REQUEST and DUPLICATE_SLOT', () => {
    spec.given(reservedMonTue).when(cancel([])).thenFails('EMPTY_REQUEST');
    spec.given(reservedMonTue).when(cancel([slot('c1', 'restauration', monday), slot('c1', 'restauration', monday)])).thenFails('DUPLICATE_SLOT');
  });

  it('the same cancellation again changes nothing; its id or its credit id reused is ID_CONFLICT', () => {
    const done = new FamilyHistory(decider, reservedMonTue);
    done.run(cancel([slot('c1', 'restauration', monday)]));
    spec.given(done.events).when(cancel([slot('c1', 'restauration', monday)], 20)).thenNothingHappened();
    spec.given(done.events).when(cancel([slot('c1', 'restauration', tuesday)], 20)).thenFails('ID_CONFLICT');
    spec.given(done.events).when(cancel([slot('c1', 'restauration', tuesday)], 20, 'x2', 'cr1')).thenFails('ID_CONFLICT');
  });

  it('returns exactly what the slot cost even when credit paid for part of it', () => {
    const mixed = [...base, goodwill('g1', 100), requested('o1', [canteen('c1', monday)], 100), ...paid('o1', 'p1', 110)];
    const history = new FamilyHistory(decider, mixed);
    history.run(cancel([slot('c1', 'restauration', monday)]));
    expect(history.state.balanceCents).toBe(210);
    expect(ledgerBalanced(history.events)).toMatchObject({ paymentsCents: 110, goodwillCents: 100, balanceCents: 210, reservedValueCents: 0 });
  });

  it('a cancellation that would take the credit above the maximum balance is refused (R1, R11)', () => {
    const town = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxBalanceCents: 300 });
    specFor(town).given(reservedMonTue).when(cancel([slot('c1', 'restauration', monday), slot('c1', 'restauration', tuesday)])).thenFails('AMOUNT_OUT_OF_BOUNDS');
    specFor(town)
      .given(reservedMonTue)
      .when(cancel([slot('c1', 'restauration', monday)]))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['ReservationCancelled', 'CreditIssued']));
  });

  describe('a hold is over at its end instant (R6)', () => {
    // o1 (Monday) reserved and paid; g1 (100) then o2 (Tuesday) pending, holding the 100 until at(60).
    const lapsing = [...base, requested('o1', [canteen('c1', monday)]), ...paid('o1', 'p1', 210), goodwill('g1', 100), requested('o2', [canteen('c1', tuesday)], 100)];
    const lapsed: FamilyEvent = { type: 'ReservationExpired', data: { orderId: 'o2', expiredAt: at(60), reason: 'timeout', creditReleasedCents: 100 } };

    it('cancelling the day of an order whose hold is over is NOT_RESERVED (the day is free), not SLOT_PENDING', () => {
      spec.given(lapsing).when(cancel([slot('c1', 'restauration', tuesday)], 59)).thenFails('SLOT_PENDING');
      spec.given(lapsing).when(cancel([slot('c1', 'restauration', tuesday)], 60)).thenFails('NOT_RESERVED');
    });

    it('a cancellation at the end instant first records the lapsed hold, so the balance after it counts the released credit', () => {
      const events = spec
        .given(lapsing)
        .when(cancel([slot('c1', 'restauration', monday)], 60))
        .then((recorded) => expect(recorded.map((e) => e.type)).toEqual(['ReservationExpired', 'ReservationCancelled', 'CreditIssued']));
      expect(events[0]).toEqual(lapsed);
      const state = new FamilyHistory(decider, [...lapsing, ...events]).state;
      expect(state.cancellations.get('x1')?.balanceAfterCents).toBe(310);
      expect(ledgerBalanced([...lapsing, ...events])).toMatchObject({ balanceCents: 310, heldCents: 0 });
    });
  });
});
