/**
 * `verify` of a Periscol installation, as the CLI and `GET /api/audit/verify` both run it: the
 * history checks of `verifyHistory`, plus the read databases given (opened read-only, so an API
 * may go on writing them) compared with a fresh replay, their family snapshots with a fresh
 * fold, and the payments the providers reported (the operations database) with the ledger. One
 * function, so both report the same checks under the same names.
 */
import type { EventStore } from '@periscol/event-store';
import { READ_MODEL_PROJECTIONS } from '@periscol/application';
import type { Catalog } from '@periscol/reservation-domain';
import { openLiveReadModels } from '../read-models/api-read-models';
import { checkFamilySnapshots, SNAPSHOTS_CHECK_NAME } from '../read-models/family-snapshots.check';
import type { AuditReport } from './audit-report';
import { checkProviderPayments, PAYMENTS_CHECK_NAME } from './payments.check';
import type { UnreadableRowLocator } from './hash-chain.check';
import { verifyHistory, type ParallelVerifyOptions, type VerifyPhase } from './verify-history';

export interface VerifyPeriscolOptions {
  readonly catalog: Catalog;
  /** Read database files (`read-<instance>.sqlite`) to compare; none: the projection checks say "skipped". */
  readonly readDatabaseFiles?: readonly string[];
  /** The API's `operations.sqlite` (opened read-only); none: the payments check says "skipped". */
  readonly operationsDatabaseFile?: string;
  readonly locateUnreadable?: UnreadableRowLocator;
  readonly maxViolations?: number;
  readonly onProgress?: (phase: VerifyPhase, done: number, total: number) => void;
  /** The history pass on several cores (SQLite store): see `verifyHistory`. */
  readonly parallel?: ParallelVerifyOptions;
}

export async function verifyPeriscol(store: EventStore, options: VerifyPeriscolOptions): Promise<AuditReport> {
  const maxViolations = options.maxViolations ?? 100;
  const live = openLiveReadModels(options.readDatabaseFiles ?? []);
  try {
    return await verifyHistory(store, {
      catalog: options.catalog,
      readModels: { projections: READ_MODEL_PROJECTIONS, live: live.models },
      maxViolations,
      additionalChecks: [
        { id: 'snapshots', name: SNAPSHOTS_CHECK_NAME, run: (checked) => checkFamilySnapshots(checked, live.models, maxViolations) },
        { id: 'payments', name: PAYMENTS_CHECK_NAME, run: (checked) => checkProviderPayments(checked, options.operationsDatabaseFile, maxViolations) },
      ],
      ...(options.locateUnreadable ? { locateUnreadable: options.locateUnreadable } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.parallel ? { parallel: options.parallel } : {}),
    });
  } finally {
    live.close();
  }
}
