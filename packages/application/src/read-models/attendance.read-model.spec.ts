import { projectorSpec, type SpecEvent } from '@periscol/event-store/testing';
import type { Projector } from '@periscol/event-store';
import { FAMILY_EVENT_SCHEMA_VERSIONS, type FamilyEventData, type FamilyEventType } from '@periscol/reservation-domain';
import { CLOSURES_STREAM, familyStreamId, personStreamId, UNMATCHED_PAYMENTS_STREAM } from '../streams/stream-names';
import { attendanceProjection, attendanceQueries } from './attendance.read-model';
import { personsProjection } from './persons.read-model';

const AT = '2026-09-01T08:00:00.000Z';
const MONDAY = '2026-09-07';
const TUESDAY = '2026-09-08';
type Slot = readonly [childId: string, date: string];

const inFamily = <T extends FamilyEventType>(familyId: string, type: T, data: FamilyEventData<T>): SpecEvent =>
  ({ type, data, streamId: familyStreamId(familyId), metadata: { schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS[type] } });
const tariff = { effectiveFrom: '2026-09-01', bracket: 'qf<=700' };
const requested = (familyId: string, orderId: string, slots: readonly Slot[]) =>
  inFamily(familyId, 'ReservationRequested', {
    orderId,
    familyId,
    lines: slots.map(([childId, date]) => ({ childId, activityId: 'restauration', date, unitPriceCents: 350, tariff })),
    totalCents: 350 * slots.length,
    creditAppliedCents: 0,
    amountDueCents: 350 * slots.length,
    requestedAt: AT,
    expiresAt: '2026-09-01T09:00:00.000Z',
  });
const confirmed = (familyId: string, orderId: string) => inFamily(familyId, 'ReservationConfirmed', { orderId, confirmedAt: AT, via: 'credit' });
const expired = (familyId: string, orderId: string) =>
  inFamily(familyId, 'ReservationExpired', { orderId, expiredAt: '2026-09-01T09:00:00.000Z', reason: 'timeout', creditReleasedCents: 0 });
const cancelled = (familyId: string, orderId: string, slots: readonly Slot[]) =>
  inFamily(familyId, 'ReservationCancelled', {
    cancellationId: `x-${orderId}`,
    familyId,
    lines: slots.map(([childId, date]) => ({ childId, activityId: 'restauration', date, orderId, creditCents: 350 })),
    totalCents: 350 * slots.length,
    cancelledAt: AT,
    reason: 'parent',
  });
const child = (familyId: string, childId: string, firstName: string, lastName: string, school: string): SpecEvent =>
  ({ type: 'ChildIdentityRecorded', data: { childId, firstName, lastName, school, grade: 'CE1' }, streamId: personStreamId(familyId) });
const erased = (familyId: string) => inFamily(familyId, 'PersonalDataErased', { familyId, erasedAt: AT, reason: 'retention period over' });

/** The attendance model with the persons one, whose children `childrenOn` joins. */
const withPersons: Projector = {
  name: 'attendance+persons',
  version: 1,
  init: (db) => [attendanceProjection, personsProjection].forEach((projection) => projection.init(db)),
  apply: (db, events) => [attendanceProjection, personsProjection].forEach((projection) => projection.apply(db, events)),
};
const attendanceRows = 'SELECT family_id, child_id, date, order_id FROM attendance ORDER BY date, family_id, child_id';

describe('attendance read model', () => {
  it("a confirmed order's children are expected on their days, by school then name", async () => {
    await projectorSpec(withPersons)
      .given([child('f1', 'c1', 'Léa', 'Martin', 'École Pasteur'), child('f1', 'c2', 'Hugo', 'Martin', 'École Jules Ferry')])
      .when([requested('f1', 'o1', [['c1', MONDAY], ['c2', MONDAY], ['c1', TUESDAY]]), confirmed('f1', 'o1')])
      .then((db) => {
        const { childrenOn } = attendanceQueries(db);
        expect(childrenOn(MONDAY, 'restauration')).toEqual([
          { familyId: 'f1', childId: 'c2', firstName: 'Hugo', lastName: 'Martin', school: 'École Jules Ferry', grade: 'CE1' },
          { familyId: 'f1', childId: 'c1', firstName: 'Léa', lastName: 'Martin', school: 'École Pasteur', grade: 'CE1' },
        ]);
        expect(childrenOn(TUESDAY, 'restauration').map((row) => row.childId)).toEqual(['c1']);
        expect(childrenOn(MONDAY, 'mercredi')).toEqual([]);
      });
  });

  it('an order not confirmed brings nobody', async () => {
    await projectorSpec(attendanceProjection).given([requested('f1', 'o1', [['c1', MONDAY]]), requested('f1', 'o2', [['c1', TUESDAY]]), expired('f1', 'o2')]).thenRows(attendanceRows, []);
  });

  it('erased identities show null, after the named children', async () => {
    await projectorSpec(withPersons)
      .given([child('f1', 'c1', 'Léa', 'Martin', 'École Pasteur'), child('f2', 'c9', 'Inès', 'Benali', 'École Pasteur')])
      .when([requested('f2', 'o2', [['c9', MONDAY]]), confirmed('f2', 'o2'), requested('f1', 'o1', [['c1', MONDAY]]), confirmed('f1', 'o1'), erased('f2')])
      .then((db) =>
        expect(attendanceQueries(db).childrenOn(MONDAY, 'restauration')).toEqual([
          { familyId: 'f1', childId: 'c1', firstName: 'Léa', lastName: 'Martin', school: 'École Pasteur', grade: 'CE1' },
          { familyId: 'f2', childId: 'c9', firstName: null, lastName: null, school: null, grade: null },
        ]),
      );
  });

  it('a cancellation removes its slots; the rest of the order stays', async () => {
    await projectorSpec(attendanceProjection)
      .given([requested('f1', 'o1', [['c1', MONDAY], ['c1', TUESDAY]]), confirmed('f1', 'o1')])
      .when([cancelled('f1', 'o1', [['c1', MONDAY]])])
      .thenRows(attendanceRows, [{ family_id: 'f1', child_id: 'c1', date: TUESDAY, order_id: 'o1' }]);
  });

  it('a late confirmation, after the order expired, still knows its lines', async () => {
    await projectorSpec(attendanceProjection)
      .given([requested('f1', 'o1', [['c1', MONDAY]]), expired('f1', 'o1')])
      .when([confirmed('f1', 'o1')])
      .thenRows(attendanceRows, [{ family_id: 'f1', child_id: 'c1', date: MONDAY, order_id: 'o1' }]);
  });

  it('events of other streams are ignored', async () => {
    await projectorSpec(attendanceProjection)
      .given([requested('f1', 'o1', [['c1', MONDAY]])])
      .when([
        { ...confirmed('f1', 'o1'), streamId: UNMATCHED_PAYMENTS_STREAM },
        { type: 'ServiceDayClosed', data: { activityId: 'restauration', date: MONDAY, reason: 'Grève', closedAt: AT }, streamId: CLOSURES_STREAM },
      ])
      .thenRows(attendanceRows, []);
  });
});
