/**
 * The API's family snapshots (`family_snapshots` in its read database: a family's folded state
 * at a revision, which its reads start from) must equal a fresh fold of the family stream up to
 * that revision. Compared as canonical JSON through the API's own serializer. Snapshots of
 * another serializer version are ignored, as the API ignores them.
 */
import { canonicalJson, type EventStore } from '@periscol/event-store';
import { foldFamily } from '@periscol/reservation-domain';
import { familyStateFromJson, familyStateToJson, familyStreamId, storedFamilySnapshots } from '@periscol/application';
import { ViolationList, type AuditCheck } from '../checks/audit-report';
import type { LiveReadModel } from '../checks/projections.check';
import { messageOf } from '../checks/hash-chain.check';
import { readFamilyHistory, type FamilyHistory } from '../history/family-history.reader';

export const SNAPSHOTS_CHECK_NAME = 'family snapshots equal to their stream';

export async function checkFamilySnapshots(store: EventStore, live: readonly LiveReadModel[], maxViolations = 100): Promise<AuditCheck> {
  const violations = new ViolationList(maxViolations);
  let compared = 0;
  let ignored = 0;
  for (const model of live) {
    for (const row of storedFamilySnapshots(model.db)) {
      if (familyStateFromJson(row.state) === undefined) {
        ignored++;
        continue;
      }
      compared++;
      const where = { streamId: familyStreamId(row.familyId), familyId: row.familyId, revision: row.revision };
      let history: FamilyHistory;
      try {
        history = await readFamilyHistory(store, row.familyId, { throughRevision: row.revision });
      } catch (error) {
        // A row of the stream does not parse (the hash-chain check locates it): nothing to compare with.
        violations.add({ code: 'UNREADABLE_EVENT', message: `${model.name}: snapshot at revision ${row.revision} not compared: the stream cannot be read (${messageOf(error)})`, ...where });
        continue;
      }
      const last = history.stored[history.stored.length - 1];
      if (history.failures.length > 0) {
        const revisions = history.failures.map((failure) => failure.revision).join(', ');
        violations.add({ code: 'INVALID_EVENT', message: `${model.name}: snapshot at revision ${row.revision} not compared: events that do not decode (revision ${revisions})`, ...where });
        continue;
      }
      if (last?.revision !== row.revision) {
        violations.add({ code: 'PROJECTION_DIFFERS', message: `${model.name}: snapshot at revision ${row.revision} but the stream reads to revision ${last?.revision ?? -1}`, ...where });
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
