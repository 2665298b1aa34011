/**
 * @periscol/audit — the auditors' checks as a library (working on any `EventStore` + catalog)
 * and the `periscol-audit` command line (`cli.ts`).
 */
export * from './checks/audit-report';
export { verifyHistory } from './checks/verify-history';
export { verifyPeriscol } from './checks/verify-periscol';
export type { VerifyPeriscolOptions } from './checks/verify-periscol';
export { operationsDatabaseFile, readDatabaseFiles } from './read-models/api-read-models';
export { checkProviderPayments, PAYMENTS_CHECK_NAME } from './checks/payments.check';
export type { AdditionalCheck, VerifyOptions, VerifyPhase } from './checks/verify-history';
export type { ParallelVerifyOptions } from './checks/verify-history';
export { verifyWorkers, PARALLEL_MIN_EVENTS } from './checks/parallel/parallel-history.scan';
export type { StartPartitionWorker } from './checks/parallel/parallel-history.scan';
export type { PartitionScanInput } from './checks/parallel/history-partition.scan';
export { scanHashChains, hashChainCheck, leavesStreamIncomplete, HASH_CHAIN_CHECK_NAME } from './checks/hash-chain.check';
export type { HashChainScan, HashChainScanOptions, RowLocation, UnreadableRowLocator } from './checks/hash-chain.check';
export { FamilyLedgerAuditor, auditFamilyEvent, doubleBookingsOf, addTotals, totalsBalance, issuedNumbersOf, ZERO_TOTALS, judgeFamilies, verdictOf } from './checks/family-ledger.check';
export type { FamilyAudit, FamilyLedgerAudit, FamilyVerdict, KeptViolations, FamilyEventCounts } from './checks/family-ledger.check';
export { checkNumbering, readAssignedNumbers, describeRanges, NUMBERING_CHECK_NAME } from './checks/numbering.check';
export type { AssignedDocumentNumber, IssuedDocumentNumber, NumberingAudit } from './checks/numbering.check';
export { checkProjections, firstRowDifference, PROJECTIONS_CHECK_NAME } from './checks/projections.check';
export type { LiveReadModel } from './checks/projections.check';
export { replayReadModels, storeCutAt, tablesByProjection, ReplayFailedError } from './replay/read-model-replay';
export type { ReplayOptions, ReplayProgress, ReplayResult } from './replay/read-model-replay';
export { familyAsOf, weeksWithSlots, FamilyNotFoundError } from './history/as-of';
export type { AsOfView } from './history/as-of';
export { readFamilyHistory, readPersonState, decodeFamilyEvents } from './history/family-history.reader';
export { catalogAsOf } from './history/catalog-as-of';
export { findDocument, parseDocumentQuery, DocumentQueryError } from './documents/find-document';
export type { DocumentQuery, FoundDocument } from './documents/find-document';
export { regenerateDocument, DocumentNotRenderableError } from './documents/regenerate-document';
export type { RegeneratedDocument } from './documents/regenerate-document';
export { exportHistory, ledgerEntries, ledgerSummary } from './export/export-history';
export type { ExportOptions, ExportResult, LedgerEntry, LedgerSummary } from './export/export-history';
export { sqliteRowLocator } from './store/sqlite-row-locator';
export { runCli, USAGE } from './cli/run-cli';
export type { CliIo } from './cli/cli-io';
