import { FAMILY_STREAM_PREFIX, familyIdOfStream } from '../streams/stream-names';
import { familyEventAt } from '../events/event-decoding';
import { multiRowInsert } from './read-model';
import { dropTables, preparedFor, ReadModelProjection } from './read-model';

/**
 * (e) Orders still pending, with the end of their hold (the expiry scheduler's work list, R6)
 * and the days they hold (closures expire them, R14).
 */
const TABLES = ['pending_orders', 'pending_order_days'] as const;

const insertDays = multiRowInsert('INSERT OR IGNORE INTO pending_order_days (order_id, activity_id, date)', 3);

const statements = preparedFor((db) => ({
  add: db.prepare<[string, string, string, number]>('INSERT OR IGNORE INTO pending_orders (order_id, family_id, expires_at, expires_at_ms) VALUES (?, ?, ?, ?)'),
  remove: db.prepare<[string]>('DELETE FROM pending_orders WHERE order_id = ?'),
  removeDays: db.prepare<[string]>('DELETE FROM pending_order_days WHERE order_id = ?'),
}));

export const pendingOrdersProjection: ReadModelProjection = {
  name: 'pending-orders',
  version: 1,
  tables: TABLES,
  init(db) {
    dropTables(db, TABLES);
    db.exec(`CREATE TABLE pending_orders (order_id TEXT PRIMARY KEY, family_id TEXT NOT NULL, expires_at TEXT NOT NULL, expires_at_ms INTEGER NOT NULL);
      CREATE INDEX pending_orders_expiry ON pending_orders (expires_at_ms);
      CREATE TABLE pending_order_days (order_id TEXT NOT NULL, activity_id TEXT NOT NULL, date TEXT NOT NULL, PRIMARY KEY (order_id, activity_id, date));
      CREATE INDEX pending_order_days_day ON pending_order_days (date, activity_id)`);
  },
  apply(db, events) {
    const sql = statements(db);
    // An order confirmed or expired later in the same batch would be inserted then deleted: its
    // insert is skipped (the delete still runs, for rows from earlier batches). Same end state.
    const lastRemoval = new Map<string, number>();
    for (let i = 0; i < events.length; i++) {
      if (!events[i].streamId.startsWith(FAMILY_STREAM_PREFIX)) continue;
      const event = familyEventAt(events, i);
      if (event.type === 'ReservationConfirmed' || event.type === 'ReservationExpired') lastRemoval.set(event.data.orderId, i);
    }
    for (let i = 0; i < events.length; i++) {
      const stored = events[i];
      if (!stored.streamId.startsWith(FAMILY_STREAM_PREFIX)) continue;
      const event = familyEventAt(events, i);
      switch (event.type) {
        case 'ReservationRequested': {
          const { orderId, expiresAt, lines } = event.data;
          if ((lastRemoval.get(orderId) ?? -1) > i) break;
          sql.add.run(orderId, familyIdOfStream(stored.streamId) as string, expiresAt, Date.parse(expiresAt));
          const values: string[] = [];
          for (const line of lines) values.push(orderId, line.activityId, line.date);
          if (values.length > 0) insertDays(db, values);
          break;
        }
        case 'ReservationConfirmed':
        case 'ReservationExpired':
          sql.remove.run(event.data.orderId);
          sql.removeDays.run(event.data.orderId);
          break;
        default:
          break;
      }
    }
  },
};

/** Orders whose hold is over (the expiry sweep's work list) and families holding a day. */
export const pendingOrdersQueries = preparedFor((db) => {
  const due = db.prepare<[number, number], { orderId: string; familyId: string }>(
    'SELECT order_id AS orderId, family_id AS familyId FROM pending_orders WHERE expires_at_ms <= ? ORDER BY expires_at_ms, order_id LIMIT ?',
  );
  const holding = db.prepare<[string, string, string, string], { familyId: string }>(
    `SELECT family_id AS familyId FROM attendance WHERE activity_id = ? AND date = ?
     UNION SELECT p.family_id AS familyId FROM pending_order_days d JOIN pending_orders p ON p.order_id = d.order_id WHERE d.activity_id = ? AND d.date = ?
     ORDER BY familyId`,
  );
  return {
    /** Pending orders whose hold ended at or before `atMs`, oldest first, at most `limit`. */
    dueAt: (atMs: number, limit: number): { orderId: string; familyId: string }[] => due.all(atMs, limit),
    /** Families with a confirmed or pending order on that day (read with the attendance model's table). */
    familiesHolding: (activityId: string, date: string): string[] => holding.all(activityId, date, activityId, date).map((row) => row.familyId),
  };
});
