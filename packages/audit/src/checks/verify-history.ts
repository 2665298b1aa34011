/**
 * `verify`: every check over one store. One pass over the global order checks the hash chains
 * (the store's `verifyStore`) and feeds each event to the family audit (events decode, ledger
 * R11, no slot twice, document numbers); then the numbering streams are read and the projections
 * compared with a fresh replay. Works on any `EventStore` (SQLite file, EventStoreDB, in memory).
 * A row that cannot be read is a finding of the hash-chain check, and every other check runs over
 * the rest; a check that fails to run is reported as such, and the others still run.
 */
import type { EventStore, Projection } from '@periscol/event-store';
import type { Catalog } from '@periscol/reservation-domain';
import { runCheck, type AuditCheck, type AuditReport, type CheckId } from './audit-report';
import { FamilyLedgerAuditor } from './family-ledger.check';
import { scanHashChains, type UnreadableRowLocator } from './hash-chain.check';
import { checkNumbering, NUMBERING_CHECK_NAME, readAssignedNumbers } from './numbering.check';
import { checkProjections, PROJECTIONS_CHECK_NAME, type LiveReadModel } from './projections.check';
import { checkRegie, REGIE_CHECK_NAME } from './regie.check';
import { ATTENDANCE_CHECK_NAME, checkAttendance } from './attendance.check';
import { scanHistoryInParallel, verifyWorkers, type ParallelScan, type StartPartitionWorker } from './parallel/parallel-history.scan';

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
  readonly additionalChecks?: readonly AdditionalCheck[];
  /** The history pass on several cores, for a SQLite store: its file, and how many workers (`verifyWorkers`). */
  readonly parallel?: ParallelVerifyOptions;
}

export interface ParallelVerifyOptions {
  readonly file: string;
  /** A number (1: sequential), or 'auto' (default): one per core when the history is large. */
  readonly workers?: number | 'auto';
  readonly startWorker?: StartPartitionWorker;
}

export interface AdditionalCheck {
  readonly id: CheckId;
  readonly name: string;
  run(store: EventStore): Promise<AuditCheck>;
}

/** Hash chains and family audit in one pass over the global order. */
async function scanSequentially(store: EventStore, options: VerifyOptions, head: number, maxViolations: number): Promise<ParallelScan> {
  const families = new FamilyLedgerAuditor(maxViolations);
  const chains = await scanHashChains(store, {
    pageSize: options.pageSize,
    maxViolations,
    locateUnreadable: options.locateUnreadable,
    onEvents: (events) => families.push(events),
    onIncomplete: (streamId) => families.markIncomplete(streamId),
    onProgress: (_read, position) => options.onProgress?.('history', position, head),
  });
  return { chains, families: families.finish() };
}

/** The same pass on worker threads, when asked and worth it; `undefined` otherwise (or when a row is unreadable: the sequential pass names it). */
async function scanInParallel(options: VerifyOptions, head: number, maxViolations: number): Promise<ParallelScan | undefined> {
  const parallel = options.parallel;
  if (parallel === undefined) return undefined;
  const workers = verifyWorkers(parallel.workers, head);
  if (workers < 2) return undefined;
  return scanHistoryInParallel({
    file: parallel.file,
    workers,
    head,
    maxViolations,
    onProgress: (position) => options.onProgress?.('history', position, head),
    ...(parallel.startWorker ? { startWorker: parallel.startWorker } : {}),
  });
}

export async function verifyHistory(store: EventStore, options: VerifyOptions): Promise<AuditReport> {
  const maxViolations = options.maxViolations ?? 100;
  const head = await store.headPosition();
  const { chains, families: audit } = (await scanInParallel(options, head, maxViolations)) ?? (await scanSequentially(store, options, head, maxViolations));
  let documentNumbers: Readonly<Record<string, number>> = {};
  const numbering = await runCheck('numbering', NUMBERING_CHECK_NAME, async () => {
    const result = checkNumbering(audit.issued, await readAssignedNumbers(store, chains.streamIds), { timeZone: options.catalog.timezone, maxViolations });
    documentNumbers = result.counts;
    return result.check;
  });

  const projections = await runCheck('projections', PROJECTIONS_CHECK_NAME, () =>
    checkProjections(store, options.readModels?.projections ?? [], options.readModels?.live ?? [], {
      maxViolations,
      onProgress: (done, total) => options.onProgress?.('projections', done, total),
    }),
  );

  const regie = await runCheck('regie', REGIE_CHECK_NAME, () => checkRegie(store, options.catalog.timezone, maxViolations));
  const attendance = await runCheck('attendance', ATTENDANCE_CHECK_NAME, () => checkAttendance(store, chains.streamIds, maxViolations));
  const checks = [chains.check, audit.events, audit.ledger, audit.slots, numbering, regie, attendance, projections];
  for (const check of options.additionalChecks ?? []) checks.push(await runCheck(check.id, check.name, () => check.run(store)));
  return {
    ok: checks.every((check) => check.ok),
    eventsChecked: chains.eventsChecked,
    checks,
    streamsChecked: chains.streamIds.length,
    familiesChecked: audit.familiesChecked,
    totals: audit.totals,
    documentNumbers,
  };
}
