/**
 * Projections equal to a fresh replay: each live read model (a read database the API filled,
 * checkpoints in `consumer_checkpoints`) is compared, table by table and row by row, with the
 * same projection replayed from the history into a fresh in-memory database up to the live
 * checkpoint. A read model left at another projection version (the API rebuilds it at its next
 * start) is not compared and says so.
 */
import Database from 'better-sqlite3';
import type { EventStore, Projection } from '@periscol/event-store';
import { replayReadModels } from '../replay/read-model-replay';
import { ViolationList, type AuditCheck } from './audit-report';

export const PROJECTIONS_CHECK_NAME = 'projections equal to a fresh replay';

export interface LiveReadModel {
  /** How the report names it, e.g. the file name. */
  readonly name: string;
  readonly db: Database.Database;
}

interface Checkpoint {
  readonly name: string;
  readonly version: number;
  readonly position: number;
}

/** The read model's checkpoints: `consumer_checkpoints`, or the table older versions kept them in. Read-only. */
function liveCheckpoints(db: Database.Database): Map<string, Checkpoint> {
  for (const table of ['consumer_checkpoints', 'projection_checkpoints']) {
    if (!tableExists(db, table)) continue;
    const rows = db.prepare(`SELECT name, version, position FROM ${table}`).all() as Checkpoint[];
    return new Map(rows.map((row) => [row.name, row]));
  }
  return new Map();
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function tableExists(db: Database.Database, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

/** Every row of a table, in a total order (all columns), as JSON lines. */
function rowsOf(db: Database.Database, table: string, columns: readonly string[]): string[] {
  const order = columns.map((_, i) => String(i + 1)).join(', ');
  const select = db.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} ORDER BY ${order}`).raw(true);
  return (select.all() as unknown[][]).map((row) => JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64') : typeof value === 'bigint' ? value.toString() : value)));
}

function columnsOf(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map((column) => column.name);
}

/** First difference between two sorted row lists, as text; undefined when equal. */
export function firstRowDifference(live: readonly string[], fresh: readonly string[]): string | undefined {
  const freshSet = new Set(fresh);
  const liveSet = new Set(live);
  const extra = live.find((row) => !freshSet.has(row));
  const missing = fresh.find((row) => !liveSet.has(row));
  if (extra === undefined && missing === undefined) {
    return live.length === fresh.length ? undefined : `${live.length} rows live, ${fresh.length} after replay (duplicated rows)`;
  }
  const parts = [`${live.length} rows live, ${fresh.length} after replay`];
  if (extra !== undefined) parts.push(`live only: ${truncate(extra)}`);
  if (missing !== undefined) parts.push(`replay only: ${truncate(missing)}`);
  return parts.join('; ');
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

export async function checkProjections(
  store: EventStore,
  projections: readonly Projection[],
  live: readonly LiveReadModel[],
  options: { readonly maxViolations?: number; readonly batchSize?: number; readonly onProgress?: (position: number, until: number) => void } = {},
): Promise<AuditCheck> {
  const violations = new ViolationList(options.maxViolations ?? 100);
  if (projections.length === 0 || live.length === 0) {
    const why = projections.length === 0 ? 'no projection definitions' : 'no live read model to compare (none given or found)';
    return { id: 'projections', name: PROJECTIONS_CHECK_NAME, ok: true, skipped: true, detail: `not checked: ${why}`, violations: [] };
  }
  let compared = 0;
  const notCompared: string[] = [];
  for (const model of live) {
    // One read transaction for the whole comparison: in WAL mode it sees one snapshot, so an API
    // writing meanwhile cannot move tables and checkpoints apart under us.
    model.db.exec('BEGIN');
    try {
      await compareModel(store, projections, model, violations, notCompared, options, () => compared++);
    } catch (error) {
      // A history that cannot be replayed (a row that does not parse, an event no projection
      // understands) is a finding of this check; the history checks locate the row itself.
      violations.add({ code: 'REPLAY_FAILED', message: `${model.name}: the history could not be replayed to compare it: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      model.db.exec('ROLLBACK');
    }
  }
  const note = notCompared.length > 0 ? `; not compared: ${notCompared.join(', ')}` : '';
  if (compared === 0 && violations.count === 0) {
    return { id: 'projections', name: PROJECTIONS_CHECK_NAME, ok: true, skipped: true, detail: `not checked${note}`, violations: [] };
  }
  return violations.check('projections', PROJECTIONS_CHECK_NAME, `${compared} projection${compared === 1 ? '' : 's'} in ${live.length} read model${live.length === 1 ? '' : 's'} equal to a fresh replay${note}`);
}

async function compareModel(
  store: EventStore,
  projections: readonly Projection[],
  model: LiveReadModel,
  violations: ViolationList,
  notCompared: string[],
  options: { readonly batchSize?: number; readonly onProgress?: (position: number, until: number) => void },
  countCompared: () => void,
): Promise<void> {
  const checkpoints = liveCheckpoints(model.db);
  // Projections standing at the same position replay together.
  const groups = new Map<number, Projection[]>();
  for (const projection of projections) {
    const checkpoint = checkpoints.get(projection.name);
    if (!checkpoint) {
      notCompared.push(`${model.name}:${projection.name} (absent)`);
      continue;
    }
    if (checkpoint.version !== projection.version) {
      notCompared.push(`${model.name}:${projection.name} (version ${checkpoint.version} live, ${projection.version} in this code)`);
      continue;
    }
    const group = groups.get(checkpoint.position) ?? [];
    group.push(projection);
    groups.set(checkpoint.position, group);
  }
  for (const [position, group] of groups) {
    const fresh = new Database(':memory:');
    try {
      const replay = await replayReadModels(store, group, fresh, { until: position, batchSize: options.batchSize, onProgress: (progress) => options.onProgress?.(progress.position, position) });
      for (const { name, tables } of replay.projections) {
        countCompared();
        for (const { table } of tables) {
          const where = `${model.name}:${name}.${table} at position ${position}`;
          if (!tableExists(model.db, table)) {
            violations.add({ code: 'PROJECTION_DIFFERS', message: `${where}: table missing in the live read model`, position });
            continue;
          }
          const columns = columnsOf(fresh, table);
          const liveColumns = columnsOf(model.db, table);
          if (columns.join(',') !== liveColumns.join(',')) {
            violations.add({ code: 'PROJECTION_DIFFERS', message: `${where}: columns (${liveColumns.join(', ')}) live, (${columns.join(', ')}) after replay`, position });
            continue;
          }
          const difference = firstRowDifference(rowsOf(model.db, table, columns), rowsOf(fresh, table, columns));
          if (difference !== undefined) violations.add({ code: 'PROJECTION_DIFFERS', message: `${where}: ${difference}`, position });
        }
      }
    } finally {
      fresh.close();
    }
  }
}

