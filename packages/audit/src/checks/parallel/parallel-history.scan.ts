/**
 * The history pass of `verify` (hash chains, events readable, ledgers, slots) on several cores:
 * one worker thread per partition of the streams (`history-partition.scan.ts`), each reading the
 * SQLite file on its own, then the findings merged into the very checks the sequential pass
 * (`scanHashChains` feeding `FamilyLedgerAuditor`) reports: each broken stream once, the
 * history's first break first then the others in the order their streams were first seen;
 * families judged in the order of their first events; events findings in store order.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ViolationList, type Violation } from '../audit-report';
import { judgeFamilies, type FamilyLedgerAudit, type FamilyVerdict } from '../family-ledger.check';
import { hashChainCheck, type HashChainScan } from '../hash-chain.check';
import type { PartitionScanInput, PartitionScanResult, StreamScan } from './history-partition.scan';

/** Below this many events the sequential pass is as quick as starting workers. */
export const PARALLEL_MIN_EVENTS = 50_000;
const MAX_AUTO_WORKERS = 4;

/** Starts the worker of one partition (tests start it from the TypeScript sources). */
export type StartPartitionWorker = (script: string, input: PartitionScanInput) => Worker;

export interface ParallelScanOptions {
  /** The SQLite store file. */
  readonly file: string;
  readonly workers: number;
  readonly head: number;
  readonly maxViolations: number;
  readonly onProgress?: (position: number) => void;
  readonly startWorker?: StartPartitionWorker;
}

export interface ParallelScan {
  readonly chains: HashChainScan;
  readonly families: FamilyLedgerAudit;
}

/**
 * How many workers `verify` uses: the number asked for, else one per core (at most four) when
 * the history is large enough; 1 means the sequential pass.
 */
export function verifyWorkers(requested: number | 'auto' | undefined, head: number, cores = os.availableParallelism()): number {
  if (typeof requested === 'number') return Math.max(1, Math.floor(requested));
  if (head < PARALLEL_MIN_EVENTS) return 1;
  return Math.max(1, Math.min(cores, MAX_AUTO_WORKERS));
}

export const PARTITION_WORKER_SCRIPT = path.join(__dirname, 'history-partition.worker.js');

const startCompiledWorker: StartPartitionWorker = (script, input) => new Worker(script, { workerData: input });

/** `undefined` when a row could not be read: the sequential pass then locates it. */
export async function scanHistoryInParallel(options: ParallelScanOptions): Promise<ParallelScan | undefined> {
  const start = options.startWorker ?? startCompiledWorker;
  if (options.startWorker === undefined && !fs.existsSync(PARTITION_WORKER_SCRIPT)) throw new Error(`${PARTITION_WORKER_SCRIPT} is missing: build @periscol/audit`);
  const reached = new Array<number>(options.workers).fill(0);
  const results = await Promise.all(
    reached.map((_, partition) =>
      runPartition(start, { file: options.file, head: options.head, partition, partitions: options.workers, maxViolations: options.maxViolations }, (position) => {
        reached[partition] = position;
        options.onProgress?.(Math.min(...reached));
      }),
    ),
  );
  const shares = results.filter((result): result is Extract<PartitionScanResult, { readable: true }> => result.readable);
  if (shares.length < results.length) return undefined;
  return { chains: mergeChains(shares.flatMap((share) => share.streams), sum(shares.map((share) => share.eventsRead)), options.maxViolations), families: mergeFamilies(shares, options.maxViolations) };
}

function runPartition(start: StartPartitionWorker, input: PartitionScanInput, onProgress: (position: number) => void): Promise<PartitionScanResult> {
  return new Promise((resolve, reject) => {
    const worker = start(PARTITION_WORKER_SCRIPT, input);
    let result: PartitionScanResult | undefined;
    worker.on('message', (message: { progress?: number; result?: PartitionScanResult }) => {
      if (message.progress !== undefined) onProgress(message.progress);
      if (message.result !== undefined) result = message.result;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (result !== undefined ? resolve(result) : reject(new Error(`the verify worker of partition ${input.partition} stopped (exit ${code}) without a result`))));
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function byPosition(a: { readonly position?: number }, b: { readonly position?: number }): number {
  return (a.position ?? 0) - (b.position ?? 0);
}

function mergeChains(streams: StreamScan[], eventsRead: number, maxViolations: number): HashChainScan {
  streams.sort((a, b) => a.firstPosition - b.firstPosition);
  const breaks = streams.flatMap((stream) => (stream.broken ? [stream.broken] : []));
  // The sequential pass stops at the history's first broken link (else its first truncated
  // stream), then names every stream's own break in first-seen order.
  const linkBreaks = breaks.filter((violation) => violation.code !== 'TRUNCATED');
  const first = linkBreaks.length > 0 ? linkBreaks.reduce((a, b) => (byPosition(a, b) <= 0 ? a : b)) : breaks[0];
  const violations = new ViolationList(maxViolations);
  if (first !== undefined) violations.add(first);
  for (const violation of breaks) if (violation !== first) violations.add(violation);
  return { check: hashChainCheck(violations, eventsRead, streams.length), eventsChecked: eventsRead, streamIds: streams.map((stream) => stream.streamId) };
}

function mergeFamilies(shares: readonly Extract<PartitionScanResult, { readable: true }>[], maxViolations: number): FamilyLedgerAudit {
  const verdicts: FamilyVerdict[] = shares.flatMap((share) => share.verdicts).sort((a, b) => a.firstPosition - b.firstPosition);
  const found: Violation[] = shares.flatMap((share) => share.eventFindings.found.items).sort(byPosition);
  const count = sum(shares.map((share) => share.eventFindings.found.count));
  const kept = found.slice(0, maxViolations);
  return judgeFamilies(
    verdicts,
    { items: kept, count },
    { familyEvents: sum(shares.map((share) => share.eventFindings.counts.familyEvents)), personEvents: sum(shares.map((share) => share.eventFindings.counts.personEvents)) },
    maxViolations,
  );
}
