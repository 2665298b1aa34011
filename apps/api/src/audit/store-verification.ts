import { canonicalJson, EventStore, StoredEvent, verifyStore } from '@periscol/event-store';
import { auditFamilyHistory, decodeFamilyEvent, ledgerOf, decodePersonEvent, evolveFamily, initialFamilyState, isFamilyEventType, isPersonEventType } from '@periscol/reservation-domain';
import type { FamilyEvent } from '@periscol/reservation-domain';
import type Database from 'better-sqlite3';
import { isLeft } from 'fp-ts/Either';
import { FAMILY_STREAM_PREFIX, PERSON_STREAM_PREFIX } from '../read-models/family-events';
import { familyStateFromJson } from '../read-models/family-state.serializer';
import { READ_MODEL_PROJECTIONS } from '../read-models/projections';
import { openReadDatabase } from '../read-models/read-database';
import type { ReadModelProjection } from '../read-models/read-model.projection';

export interface AuditCheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface AuditReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly checks: readonly AuditCheckResult[];
}

/** A live read database to compare with a fresh replay: its tables and checkpoints, read at one instant. */
export interface ReadDatabaseUnderAudit {
  readonly db: Database.Database;
  readonly projections?: readonly ReadModelProjection[];
  /** Each projection's checkpoint (the position its tables stand at). */
  readonly positions: () => ReadonlyMap<string, number>;
}

const PAGE = 2_000;
const SHOWN = 5;

/**
 * The auditor's replay (HTTP `GET /api/audit/verify`, and a library for `periscol-audit`):
 * hash chains of every stream, every family and person event readable in its current schema
 * (R16 upcasting), per family no slot held twice, a balance never negative and the ledger
 * balanced (R11), and — given a live read database — projections and family snapshots equal
 * to a fresh replay of the same history.
 */
export async function verifyPeriscolStore(store: EventStore, readDatabase?: ReadDatabaseUnderAudit): Promise<AuditReport> {
  // Read the live read models first, in one synchronous go: tables and checkpoints agree.
  const live = readDatabase ? snapshotReadDatabase(readDatabase) : undefined;

  const chains = await verifyStore(store, { pageSize: PAGE });
  const families = new Map<string, FamilyEvent[]>();
  const decodingProblems: string[] = [];
  let eventsChecked = 0;
  const allEvents: StoredEvent[] = [];
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, limit: PAGE });
    for (const event of page) {
      eventsChecked++;
      if (live) allEvents.push(event);
      if (event.streamId.startsWith(FAMILY_STREAM_PREFIX)) {
        const decoded = isFamilyEventType(event.type) ? decodeFamilyEvent(event) : undefined;
        if (!decoded || isLeft(decoded)) {
          decodingProblems.push(`${event.streamId}@${event.revision} ${event.type}: ${decoded && isLeft(decoded) ? decoded.left.message : 'unknown type'}`);
          continue;
        }
        let history = families.get(event.streamId);
        if (!history) families.set(event.streamId, (history = []));
        history.push(decoded.right);
      } else if (event.streamId.startsWith(PERSON_STREAM_PREFIX)) {
        const decoded = isPersonEventType(event.type) ? decodePersonEvent(event) : undefined;
        if (!decoded || isLeft(decoded)) decodingProblems.push(`${event.streamId}@${event.revision} ${event.type}: ${decoded && isLeft(decoded) ? decoded.left.message : 'unknown type'}`);
      }
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].position;
  }

  const failures: Record<'slots' | 'negative' | 'ledger', string[]> = { slots: [], negative: [], ledger: [] };
  const totals = { paymentsCents: 0, goodwillCents: 0, reservedValueCents: 0, balanceCents: 0, heldCents: 0, refundedCents: 0 };
  for (const [streamId, history] of families) {
    const audit = auditFamilyHistory(history);
    const [slots, negative, ledger] = audit.checks;
    if (!slots.ok) failures.slots.push(`${streamId}: ${slots.detail}`);
    if (!negative.ok) failures.negative.push(`${streamId}: ${negative.detail}`);
    if (!ledger.ok) failures.ledger.push(`${streamId}: ${ledger.detail}`);
    const figures = ledgerOf(audit.state);
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += figures[key];
  }

  const checks: AuditCheckResult[] = [
    {
      name: 'hash chains',
      ok: chains.ok,
      detail: chains.ok
        ? `${chains.streamsChecked} streams, ${chains.eventsChecked} events chained`
        : `${chains.reason} in ${chains.streamId} at revision ${chains.revision} (position ${chains.position}): ${chains.message}`,
    },
    outcome('events readable in their current schema (R16)', decodingProblems, `every family and person event decodes`),
    outcome('no slot reserved twice', failures.slots, `${families.size} families, every slot held by at most one order`),
    outcome('credit balance never negative (R10)', failures.negative, 'never below zero'),
    outcome(
      'ledger conservation (R11)',
      failures.ledger,
      `${families.size} families: payments ${totals.paymentsCents} + goodwill ${totals.goodwillCents} = reserved ${totals.reservedValueCents} + balance ${totals.balanceCents} + held ${totals.heldCents} + refunded ${totals.refundedCents} cents`,
    ),
  ];
  if (live && readDatabase) {
    checks.push(compareWithFreshReplay(live, allEvents));
    checks.push(compareSnapshots(readDatabase.db, allEvents));
  }
  return { ok: checks.every((check) => check.ok), eventsChecked, checks };
}

function outcome(name: string, problems: readonly string[], okDetail: string): AuditCheckResult {
  if (problems.length === 0) return { name, ok: true, detail: okDetail };
  const more = problems.length > SHOWN ? ` (and ${problems.length - SHOWN} more)` : '';
  return { name, ok: false, detail: `${problems.slice(0, SHOWN).join('; ')}${more}` };
}

interface LiveReadModels {
  readonly projections: readonly ReadModelProjection[];
  readonly positions: ReadonlyMap<string, number>;
  readonly tables: ReadonlyMap<string, string>;
}

function snapshotReadDatabase(readDatabase: ReadDatabaseUnderAudit): LiveReadModels {
  const projections = readDatabase.projections ?? READ_MODEL_PROJECTIONS;
  const positions = readDatabase.positions();
  const tables = new Map<string, string>();
  for (const projection of projections) for (const table of projection.tables) tables.set(table, dumpTable(readDatabase.db, table));
  return { projections, positions, tables };
}

/** A table's rows in a stable order, as text. */
export function dumpTable(db: Database.Database, table: string): string {
  const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all().map((column) => column.name);
  if (columns.length === 0) return '(missing)';
  return JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY ${columns.join(', ')}`).raw(true).all());
}

/** Each projection replayed from scratch into a throw-away database, up to the live checkpoint, table by table. */
function compareWithFreshReplay(live: LiveReadModels, events: readonly StoredEvent[]): AuditCheckResult {
  const fresh = openReadDatabase(':memory:');
  try {
    const differences: string[] = [];
    for (const projection of live.projections) {
      const position = live.positions.get(projection.name) ?? 0;
      fresh.transaction(() => {
        projection.init(fresh);
        const upTo = events.filter((event) => event.position <= position);
        for (let i = 0; i < upTo.length; i += PAGE) projection.apply(fresh, upTo.slice(i, i + PAGE));
      })();
      for (const table of projection.tables) {
        if (dumpTable(fresh, table) !== live.tables.get(table)) differences.push(`${projection.name}.${table}`);
      }
    }
    const checked = live.projections.map((projection) => `${projection.name}@${live.positions.get(projection.name) ?? 0}`).join(', ');
    return outcome('projections equal to a fresh replay', differences.map((table) => `${table} differs from a fresh replay`), `${checked}: every table identical`);
  } finally {
    fresh.close();
  }
}

/** Every stored family snapshot equals the fold of its stream up to the snapshot's revision. */
function compareSnapshots(db: Database.Database, events: readonly StoredEvent[]): AuditCheckResult {
  const exists = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'family_snapshots'").get();
  if (!exists?.n) return { name: 'family snapshots equal to their stream', ok: true, detail: 'no snapshot stored' };
  const byStream = new Map<string, StoredEvent[]>();
  for (const event of events) {
    if (!event.streamId.startsWith(FAMILY_STREAM_PREFIX)) continue;
    let list = byStream.get(event.streamId);
    if (!list) byStream.set(event.streamId, (list = []));
    list.push(event);
  }
  const problems: string[] = [];
  let count = 0;
  for (const row of db.prepare<[], { familyId: string; revision: number; state: string }>('SELECT family_id AS familyId, revision, state FROM family_snapshots ORDER BY family_id').iterate()) {
    count++;
    const stored = familyStateFromJson(row.state);
    if (!stored) continue; // another version: ignored and rebuilt by readers
    let state = initialFamilyState();
    for (const event of byStream.get(`${FAMILY_STREAM_PREFIX}${row.familyId}`) ?? []) {
      if (event.revision > row.revision) break;
      const decoded = decodeFamilyEvent(event);
      if (isLeft(decoded)) break;
      state = evolveFamily(state, decoded.right);
    }
    if (canonicalJson(state) !== canonicalJson(stored)) problems.push(`family ${row.familyId} at revision ${row.revision}`);
  }
  return outcome('family snapshots equal to their stream', problems.map((p) => `snapshot of ${p} differs from a fold of its events`), `${count} snapshots identical to a fresh fold`);
}
