/**
 * `verify`: every check over one store. One pass over the global order checks the hash chains
 * (the store's `verifyStore`) and feeds each event to the family audit (events decode, ledger
 * R11, no slot twice, document numbers); then the numbering streams are read and the projections
 * compared with a fresh replay. Works on any `EventStore` (SQLite file, EventStoreDB, in memory).
 */
import type { EventStore, Projection } from '@periscol/event-store';
import type { Catalog } from '@periscol/reservation-domain';
import type { AuditCheck, AuditReport } from './audit-report';
import { FamilyLedgerAuditor } from './family-ledger.check';
import { scanHashChains, type UnreadableRowLocator } from './hash-chain.check';
import { checkNumbering, readAssignedNumbers } from './numbering.check';
import { checkProjections, type LiveReadModel } from './projections.check';

export type VerifyPhase = 'history' | 'projections';

export interface VerifyOptions {
  readonly catalog: Catalog;
  /** The read models to compare with a fresh replay; the check is skipped without them. */
  readonly readModels?: { readonly projections: readonly Projection[]; readonly live: readonly LiveReadModel[] };
  readonly locateUnreadable?: UnreadableRowLocator;
  readonly maxViolations?: number;
  readonly pageSize?: number;
  /** Progress per phase: `done` of `total` (positions of the history, then projections compared). */
  readonly onProgress?: (phase: VerifyPhase, done: number, total: number) => void;
  /** More checks run last (e.g. the API's family snapshots). */
  readonly additionalChecks?: readonly ((store: EventStore) => Promise<AuditCheck>)[];
}

export async function verifyHistory(store: EventStore, options: VerifyOptions): Promise<AuditReport> {
  const maxViolations = options.maxViolations ?? 100;
  const head = await store.headPosition();
  const families = new FamilyLedgerAuditor(maxViolations);
  const chains = await scanHashChains(store, {
    pageSize: options.pageSize,
    maxViolations,
    locateUnreadable: options.locateUnreadable,
    onEvents: (events) => families.push(events),
    onUnreadable: (streamId) => families.markUnreadable(streamId),
    onProgress: (_read, position) => options.onProgress?.('history', position, head),
  });
  const audit = families.finish();
  const numbering = checkNumbering(audit.issued, await readAssignedNumbers(store, chains.streamIds), { timeZone: options.catalog.timezone, maxViolations });

  const projections = await checkProjections(store, options.readModels?.projections ?? [], options.readModels?.live ?? [], {
    maxViolations,
    onProgress: (done, total) => options.onProgress?.('projections', done, total),
  });

  const checks = [chains.check, audit.events, audit.ledger, audit.slots, numbering.check, projections];
  for (const check of options.additionalChecks ?? []) checks.push(await check(store));
  return {
    ok: checks.every((check) => check.ok),
    eventsChecked: chains.eventsChecked,
    checks,
    streamsChecked: chains.streamIds.length,
    familiesChecked: audit.familiesChecked,
    totals: audit.totals,
    documentNumbers: numbering.counts,
  };
}
