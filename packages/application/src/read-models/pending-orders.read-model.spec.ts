import { projectorSpec, type SpecEvent } from '@periscol/event-store/testing';
import type { Projector } from '@periscol/event-store';
import { FAMILY_EVENT_SCHEMA_VERSIONS, type FamilyEventData, type FamilyEventType } from '@periscol/reservation-domain';
import { familyStreamId } from '../streams/stream-names';
import { attendanceProjection } from './attendance.read-model';
import { pendingOrdersProjection, pendingOrdersQueries } from './pending-orders.read-model';

const AT = '2026-09-01T08:00:00.000Z';
const MONDAY = '2026-09-07';
const ms = (hhmm: string) => Date.parse(`2026-09-01T${hhmm}:00.000Z`);

const inFamily = <T extends FamilyEventType>(familyId: string, type: T, data: FamilyEventData<T>): SpecEvent => ({
  type,
  data,
  streamId: familyStreamId(familyId),
  metadata: { schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS[type] },
});
/** An order of one lunch on `date`, held until `holdEnd` (hh:mm on Sept. 1st). */
const requested = (familyId: string, orderId: string, holdEnd: string, date = MONDAY) =>
  inFamily(familyId, 'ReservationRequested', {
    orderId,
    familyId,
    lines: [{ childId: 'c1', activityId: 'restauration', date, unitPriceCents: 350, tariff: { effectiveFrom: '2026-09-01', bracket: 'no-qf' } }],
    totalCents: 350,
    creditAppliedCents: 0,
    amountDueCents: 350,
    requestedAt: AT,
    expiresAt: `2026-09-01T${holdEnd}:00.000Z`,
  });
const confirmed = (familyId: string, orderId: string) => inFamily(familyId, 'ReservationConfirmed', { orderId, confirmedAt: AT, via: 'payment', paymentId: `p-${orderId}` });
const expired = (familyId: string, orderId: string) => inFamily(familyId, 'ReservationExpired', { orderId, expiredAt: AT, reason: 'timeout', creditReleasedCents: 0 });

/**
 * The pending orders with the attendance model, as in the read database: `familiesHolding` reads
 * the attendance table, and the queries are prepared together.
 */
const readDatabase: Projector = {
  name: 'pending-orders+attendance',
  version: 1,
  init: (db) => [pendingOrdersProjection, attendanceProjection].forEach((projection) => projection.init(db)),
  apply: (db, events) => [pendingOrdersProjection, attendanceProjection].forEach((projection) => projection.apply(db, events)),
};
const pendingRows = 'SELECT order_id, family_id, expires_at FROM pending_orders ORDER BY order_id';

describe('pending orders read model', () => {
  it('a requested order is pending until its hold ends: dueAt lists it once due, oldest first, at most `limit`', async () => {
    await projectorSpec(readDatabase)
      .given([requested('f1', 'o1', '08:30'), requested('f2', 'o2', '08:15'), requested('f1', 'o3', '09:00')])
      .then((db) => {
        const { dueAt } = pendingOrdersQueries(db);
        expect(dueAt(ms('08:14'), 10)).toEqual([]);
        expect(dueAt(ms('08:30'), 10)).toEqual([
          { orderId: 'o2', familyId: 'f2' },
          { orderId: 'o1', familyId: 'f1' },
        ]);
        expect(dueAt(ms('12:00'), 2).map((order) => order.orderId)).toEqual(['o2', 'o1']);
      });
  });

  it('a confirmation or an expiry removes the order and the days it held', async () => {
    await projectorSpec(readDatabase)
      .given([requested('f1', 'o1', '08:30'), requested('f2', 'o2', '08:30'), requested('f3', 'o3', '08:30')])
      .when([confirmed('f1', 'o1'), expired('f2', 'o2')])
      .then((db) => {
        expect(pendingOrdersQueries(db).dueAt(ms('12:00'), 10)).toEqual([{ orderId: 'o3', familyId: 'f3' }]);
        expect(db.prepare('SELECT order_id FROM pending_order_days').pluck().all()).toEqual(['o3']);
      });
  });

  it('also when the order is requested and confirmed or expired in the same batch', async () => {
    await projectorSpec(pendingOrdersProjection)
      .given([requested('f1', 'o1', '08:30'), requested('f2', 'o2', '08:30'), confirmed('f1', 'o1'), requested('f3', 'o3', '08:45'), expired('f2', 'o2')])
      .thenRows(pendingRows, [{ order_id: 'o3', family_id: 'f3', expires_at: '2026-09-01T08:45:00.000Z' }]);
  });

  it('familiesHolding: the families with a confirmed or a pending order on that day', async () => {
    await projectorSpec(readDatabase)
      .given([requested('f1', 'o1', '08:30'), requested('f2', 'o2', '08:30'), requested('f3', 'o3', '08:30'), requested('f4', 'o4', '08:30', '2026-09-08')])
      .when([confirmed('f2', 'o2'), expired('f3', 'o3')])
      .then((db) => {
        const { familiesHolding } = pendingOrdersQueries(db);
        expect(familiesHolding('restauration', MONDAY)).toEqual(['f1', 'f2']);
        expect(familiesHolding('restauration', '2026-09-08')).toEqual(['f4']);
        expect(familiesHolding('mercredi', MONDAY)).toEqual([]);
      });
  });
});
