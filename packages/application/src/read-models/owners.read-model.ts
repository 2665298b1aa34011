import { FAMILY_STREAM_PREFIX, familyIdOfStream } from '../streams/stream-names';
import { familyEventAt } from '../events/event-decoding';
import { dropTables, preparedFor, ReadModelProjection } from './read-model';

/**
 * (c) Who owns what: the families registered, and order → family, cancellation → family,
 * payment → family (+ order), so that `/api/orders/:orderId` and friends find the family stream
 * to read and the parent's right to see it (404 otherwise).
 */
const TABLES = ['families', 'order_owners', 'cancellation_owners', 'payment_owners'] as const;

const statements = preparedFor((db) => ({
  family: db.prepare<[string, string, number]>('INSERT OR IGNORE INTO families (family_id, registered_at, resident) VALUES (?, ?, ?)'),
  order: db.prepare<[string, string]>('INSERT OR IGNORE INTO order_owners (order_id, family_id) VALUES (?, ?)'),
  cancellation: db.prepare<[string, string]>('INSERT OR IGNORE INTO cancellation_owners (cancellation_id, family_id) VALUES (?, ?)'),
  payment: db.prepare<[string, string, string]>('INSERT OR IGNORE INTO payment_owners (payment_id, family_id, order_id) VALUES (?, ?, ?)'),
}));

export const ownersProjection: ReadModelProjection = {
  name: 'owners',
  version: 1,
  tables: TABLES,
  init(db) {
    dropTables(db, TABLES);
    db.exec(`CREATE TABLE families (family_id TEXT PRIMARY KEY, registered_at TEXT NOT NULL, resident INTEGER NOT NULL);
      CREATE TABLE order_owners (order_id TEXT PRIMARY KEY, family_id TEXT NOT NULL);
      CREATE TABLE cancellation_owners (cancellation_id TEXT PRIMARY KEY, family_id TEXT NOT NULL);
      CREATE TABLE payment_owners (payment_id TEXT PRIMARY KEY, family_id TEXT NOT NULL, order_id TEXT NOT NULL)`);
  },
  apply(db, events) {
    const sql = statements(db);
    // A payment's second event (started, then confirmed) would be an ignored insert: skipped.
    const paymentsSeen = new Set<string>();
    for (let i = 0; i < events.length; i++) {
      const stored = events[i];
      if (!stored.streamId.startsWith(FAMILY_STREAM_PREFIX)) continue;
      const familyId = familyIdOfStream(stored.streamId) as string;
      const event = familyEventAt(events, i);
      switch (event.type) {
        case 'FamilyRegistered':
          sql.family.run(familyId, event.data.registeredAt, event.data.resident ? 1 : 0);
          break;
        case 'ReservationRequested':
          sql.order.run(event.data.orderId, familyId);
          break;
        case 'ReservationCancelled':
          sql.cancellation.run(event.data.cancellationId, familyId);
          break;
        case 'PaymentStarted':
        case 'PaymentConfirmed':
          if (paymentsSeen.has(event.data.paymentId)) break;
          paymentsSeen.add(event.data.paymentId);
          sql.payment.run(event.data.paymentId, familyId, event.data.orderId);
          break;
        default:
          break;
      }
    }
  },
};

/** Who owns an order, a cancellation or a payment; the families registered. */
export const ownersQueries = preparedFor((db) => {
  const order = db.prepare<[string], { familyId: string }>('SELECT family_id AS familyId FROM order_owners WHERE order_id = ?');
  const cancellation = db.prepare<[string], { familyId: string }>('SELECT family_id AS familyId FROM cancellation_owners WHERE cancellation_id = ?');
  const payment = db.prepare<[string], { familyId: string; orderId: string }>('SELECT family_id AS familyId, order_id AS orderId FROM payment_owners WHERE payment_id = ?');
  const families = db.prepare<[], { familyId: string }>('SELECT family_id AS familyId FROM families ORDER BY family_id');
  return {
    ownerOfOrder: (orderId: string): { familyId: string } | undefined => order.get(orderId),
    ownerOfCancellation: (cancellationId: string): { familyId: string } | undefined => cancellation.get(cancellationId),
    ownerOfPayment: (paymentId: string): { familyId: string; orderId: string } | undefined => payment.get(paymentId),
    /** Every registered family's id, in id order. */
    familyIds: (): string[] => families.all().map((row) => row.familyId),
  };
});
