import { FAMILY_STREAM_PREFIX, familyIdOfStream } from '../streams/stream-names';
import { familyEventAt } from '../events/event-decoding';
import { multiRowInsert } from './read-model';
import { dropTables, preparedFor, ReadModelProjection } from './read-model';

/**
 * (d) Confirmed reserved slots by date × activity × child (the canteen's meal count). The lines
 * of every order are kept so that a confirmation — even a late one after expiry (R7) — knows
 * which slots it reserves; a cancellation (parent or closure) removes its slots.
 */
const TABLES = ['order_lines', 'attendance'] as const;

const insertLines = multiRowInsert('INSERT OR IGNORE INTO order_lines (order_id, family_id, child_id, activity_id, date)', 5);

const statements = preparedFor((db) => ({
  confirm: db.prepare<[string]>(
    `INSERT OR REPLACE INTO attendance (family_id, child_id, activity_id, date, order_id)
     SELECT family_id, child_id, activity_id, date, order_id FROM order_lines WHERE order_id = ?`,
  ),
  cancel: db.prepare<[string, string, string, string]>('DELETE FROM attendance WHERE family_id = ? AND child_id = ? AND activity_id = ? AND date = ?'),
}));

export const attendanceProjection: ReadModelProjection = {
  name: 'attendance',
  version: 1,
  tables: TABLES,
  init(db) {
    dropTables(db, TABLES);
    db.exec(`CREATE TABLE order_lines (order_id TEXT NOT NULL, family_id TEXT NOT NULL, child_id TEXT NOT NULL, activity_id TEXT NOT NULL, date TEXT NOT NULL,
        PRIMARY KEY (order_id, child_id, activity_id, date));
      CREATE TABLE attendance (family_id TEXT NOT NULL, child_id TEXT NOT NULL, activity_id TEXT NOT NULL, date TEXT NOT NULL, order_id TEXT NOT NULL,
        PRIMARY KEY (family_id, child_id, activity_id, date));
      CREATE INDEX attendance_day ON attendance (date, activity_id)`);
  },
  apply(db, events) {
    const sql = statements(db);
    for (let i = 0; i < events.length; i++) {
      const stored = events[i];
      if (!stored.streamId.startsWith(FAMILY_STREAM_PREFIX)) continue;
      const familyId = familyIdOfStream(stored.streamId) as string;
      const event = familyEventAt(events, i);
      switch (event.type) {
        case 'ReservationRequested': {
          const { orderId, lines } = event.data;
          const values: string[] = [];
          for (const line of lines) values.push(orderId, familyId, line.childId, line.activityId, line.date);
          if (values.length > 0) insertLines(db, values);
          break;
        }
        case 'ReservationConfirmed':
          sql.confirm.run(event.data.orderId);
          break;
        case 'ReservationCancelled':
          for (const line of event.data.lines) sql.cancel.run(familyId, line.childId, line.activityId, line.date);
          break;
        default:
          break;
      }
    }
  },
};

/** A child expected on a day, with its identity when not erased (R17). */
export interface AttendanceRow {
  readonly familyId: string;
  readonly childId: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly school: string | null;
  readonly grade: string | null;
}

/** Who comes on a day (joined with the persons read model's children), and which families hold that day. */
export const attendanceQueries = preparedFor((db) => {
  const children = db.prepare<[string, string], AttendanceRow>(
    `SELECT a.family_id AS familyId, a.child_id AS childId, c.first_name AS firstName, c.last_name AS lastName, c.school AS school, c.grade AS grade
     FROM attendance a LEFT JOIN person_children c ON c.family_id = a.family_id AND c.child_id = a.child_id
     WHERE a.date = ? AND a.activity_id = ?
     ORDER BY c.school IS NULL, c.school, c.last_name, c.first_name, a.family_id, a.child_id`,
  );
  const identity = db.prepare<[string, string], Omit<AttendanceRow, 'familyId' | 'childId'>>(
    'SELECT first_name AS firstName, last_name AS lastName, school, grade FROM person_children WHERE family_id = ? AND child_id = ?',
  );
  const ofSchool = db.prepare<[string, string, string, number], AttendanceRow>(
    `SELECT family_id AS familyId, child_id AS childId, first_name AS firstName, last_name AS lastName, school, grade FROM person_children
     WHERE school = ? AND (lower(last_name) LIKE ? ESCAPE '\\' OR lower(first_name) LIKE ? ESCAPE '\\')
     ORDER BY last_name, first_name, family_id, child_id LIMIT ?`,
  );
  return {
    /** Confirmed children of `activityId` on `date`, by school then name (erased identities last). */
    childrenOn: (date: string, activityId: string): AttendanceRow[] => children.all(date, activityId),
    /** A child's identity (school, class, names), or nulls once its family's personal data was erased (R17). */
    childIdentity: (familyId: string, childId: string): AttendanceRow => {
      const row = identity.get(familyId, childId);
      return { familyId, childId, firstName: row?.firstName ?? null, lastName: row?.lastName ?? null, school: row?.school ?? null, grade: row?.grade ?? null };
    },
    /** Children of a school whose first or last name starts with `text` (any case), by name. */
    childrenOfSchool: (school: string, text: string, limit: number): AttendanceRow[] => {
      const prefix = `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return ofSchool.all(school, prefix, prefix, limit);
    },
  };
});
