import { projectorSpec, type SpecEvent } from '@periscol/event-store/testing';
import { FAMILY_EVENT_SCHEMA_VERSIONS, type FamilyEventData, type FamilyEventType } from '@periscol/reservation-domain';
import { familyStreamId } from '../streams/stream-names';
import { ownersProjection, ownersQueries } from './owners.read-model';

const AT = '2026-09-01T08:00:00.000Z';
const inFamily = <T extends FamilyEventType>(familyId: string, type: T, data: FamilyEventData<T>): SpecEvent => ({
  type,
  data,
  streamId: familyStreamId(familyId),
  metadata: { schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS[type] },
});
const registered = (familyId: string, resident = true) => inFamily(familyId, 'FamilyRegistered', { familyId, resident, registeredAt: AT });
const requested = (familyId: string, orderId: string) =>
  inFamily(familyId, 'ReservationRequested', {
    orderId,
    familyId,
    lines: [{ childId: 'c1', activityId: 'restauration', date: '2026-09-07', unitPriceCents: 350, tariff: { effectiveFrom: '2026-09-01', bracket: 'qf<=700' } }],
    totalCents: 350,
    creditAppliedCents: 0,
    amountDueCents: 350,
    requestedAt: AT,
    expiresAt: '2026-09-01T09:00:00.000Z',
  });
const cancelled = (familyId: string, cancellationId: string, orderId: string) =>
  inFamily(familyId, 'ReservationCancelled', {
    cancellationId,
    familyId,
    lines: [{ childId: 'c1', activityId: 'restauration', date: '2026-09-07', orderId, creditCents: 350 }],
    totalCents: 350,
    cancelledAt: AT,
    reason: 'parent',
  });
const paymentStarted = (familyId: string, paymentId: string, orderId: string) =>
  inFamily(familyId, 'PaymentStarted', { orderId, paymentId, provider: 'simulated', amountCents: 350, startedAt: AT });
const paymentConfirmed = (familyId: string, paymentId: string, orderId: string) =>
  inFamily(familyId, 'PaymentConfirmed', { paymentId, orderId, provider: 'simulated', amountCents: 350, paidAt: AT, outcome: 'order_confirmed' });

describe('owners read model', () => {
  it('lists the families registered, in id order, with when they registered and whether resident', async () => {
    const spec = projectorSpec(ownersProjection).given([registered('f2', false), registered('f1')]);
    await spec.then((db) => expect(ownersQueries(db).familyIds()).toEqual(['f1', 'f2']));
    await spec.thenRows('SELECT family_id, registered_at, resident FROM families ORDER BY family_id', [
      { family_id: 'f1', registered_at: AT, resident: 1 },
      { family_id: 'f2', registered_at: AT, resident: 0 },
    ]);
  });

  it('an order and a cancellation belong to the family of their stream', async () => {
    await projectorSpec(ownersProjection)
      .given([registered('f1'), registered('f2'), requested('f1', 'o1'), requested('f2', 'o2')])
      .when([cancelled('f2', 'x1', 'o2')])
      .then((db) => {
        const owners = ownersQueries(db);
        expect([owners.ownerOfOrder('o1'), owners.ownerOfOrder('o2'), owners.ownerOfOrder('o3')]).toEqual([{ familyId: 'f1' }, { familyId: 'f2' }, undefined]);
        expect([owners.ownerOfCancellation('x1'), owners.ownerOfCancellation('o2')]).toEqual([{ familyId: 'f2' }, undefined]);
      });
  });

  it('a payment belongs to its family and its order: started then confirmed is one row', async () => {
    const paid = [registered('f1'), requested('f1', 'o1'), paymentStarted('f1', 'p1', 'o1')];
    // In one batch, and across two.
    await projectorSpec(ownersProjection)
      .given([...paid, paymentConfirmed('f1', 'p1', 'o1')])
      .thenRows('SELECT payment_id, family_id, order_id FROM payment_owners', [{ payment_id: 'p1', family_id: 'f1', order_id: 'o1' }]);
    await projectorSpec(ownersProjection)
      .given(paid)
      .when([paymentConfirmed('f1', 'p1', 'o1')])
      .then((db) => {
        expect(ownersQueries(db).ownerOfPayment('p1')).toEqual({ familyId: 'f1', orderId: 'o1' });
        expect(ownersQueries(db).ownerOfPayment('p2')).toBeUndefined();
        expect(db.prepare('SELECT COUNT(*) FROM payment_owners').pluck().get()).toBe(1);
      });
  });
});
