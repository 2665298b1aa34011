/**
 * The API's family snapshots (`family_snapshots` in its read database: a family's folded state
 * at a revision, which its reads start from) must equal a fresh fold of the family stream up to
 * that revision. Compared as canonical JSON through the API's own serializer. Snapshots of
 * another serializer version are ignored, as the API ignores them.
 */
import { canonicalJson, type EventStore } from '@periscol/event-store';
import { foldFamily } from '@periscol/reservation-domain';
import { familyStateFromJson, familyStateToJson } from '../api/api-pieces';
import { ViolationList, type AuditCheck } from '../checks/audit-report';
import type { LiveReadModel } from '../checks/projections.check';
import { readFamilyHistory } from '../history/family-history.reader';

export const SNAPSHOTS_CHECK_NAME = 'family snapshots equal to their stream';

interface SnapshotRow {
  readonly familyId: string;
  readonly revision: number;
  readonly state: string;
}

export async function checkFamilySnapshots(store: EventStore, live: readonly LiveReadModel[], maxViolations = 100): Promise<AuditCheck> {
  const violations = new ViolationList(maxViolations);
  let compared = 0;
  let ignored = 0;
  for (const model of live) {
    const exists = model.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'family_snapshots'").get();
    if (!exists) continue;
    const rows = model.db.prepare('SELECT family_id AS familyId, revision, state FROM family_snapshots ORDER BY family_id').all() as SnapshotRow[];
    for (const row of rows) {
      if (familyStateFromJson(row.state) === undefined) {
        ignored++;
        continue;
      }
      compared++;
      const history = await readFamilyHistory(store, row.familyId, { throughRevision: row.revision });
      const last = history.stored[history.stored.length - 1];
      const where = { streamId: `family-${row.familyId}`, familyId: row.familyId, revision: row.revision };
      if (history.failures.length > 0 || last?.revision !== row.revision) {
        violations.add({ code: 'PROJECTION_DIFFERS', message: `${model.name}: snapshot at revision ${row.revision} but the stream reads to revision ${last?.revision ?? -1}${history.failures.length > 0 ? ' (events that do not decode)' : ''}`, ...where });
        continue;
      }
      const fresh = canonicalJson(JSON.parse(familyStateToJson(foldFamily(history.events))));
      if (fresh !== canonicalJson(JSON.parse(row.state))) violations.add({ code: 'PROJECTION_DIFFERS', message: `${model.name}: snapshot differs from a fresh fold of its stream`, ...where });
    }
  }
  if (compared === 0 && violations.count === 0) {
    return { id: 'snapshots', name: SNAPSHOTS_CHECK_NAME, ok: true, skipped: true, detail: `not checked: no snapshot stored${ignored > 0 ? ` (${ignored} of another version)` : ''}`, violations: [] };
  }
  return violations.check('snapshots', SNAPSHOTS_CHECK_NAME, `${compared} snapshots identical to a fresh fold${ignored > 0 ? `; ${ignored} of another version ignored` : ''}`);
}
