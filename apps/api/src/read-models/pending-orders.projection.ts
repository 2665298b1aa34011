import { FAMILY_STREAM_PREFIX, familyIdOfStream } from './family-events';
import { familyEventAt, multiRowInsert } from './projection-batch';
import { dropTables, preparedFor, ReadModelProjection } from './read-model.projection';

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
