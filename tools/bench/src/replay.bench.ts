/**
 * Full replay of 1,000,000 events into every projection of the API (docs/rules.md §8: ≤ 10 s), and
 * `verify` over the same history, both through the auditor's command line
 * (`node packages/audit/dist/cli.js replay|verify --json`), beside the same run's raw read of every
 * row + JSON.parse (better-sqlite3, no store, no projection).
 *
 * The history is generated once with the domain decider — random valid command sequences
 * (`scenarioArb` + `playScenario`) over many families, a ticket for each confirmed payment and a
 * credit note for each cancellation credit, numbered across families as the API does — and
 * written with the SQLite store, one append per stream, thousands of appends per transaction.
 * The file is cached under os.tmpdir(), keyed by HISTORY_VERSION and the event count: re-runs
 * skip the generation (bump HISTORY_VERSION when the generator or the event schemas change).
 *
 * `verify` runs twice, sequential (`--workers 1`) and on worker threads (`--workers N`); both
 * reports must be equal.
 *
 * Environment: PERISCOL_BENCH_REPLAY_EVENTS (default 1,000,000), PERISCOL_BENCH_VERIFY_WORKERS
 * (default: one per core, 2 to 4).
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { deterministicEventId, type NewEvent } from '@periscol/event-store';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import {
  createFamilyDecider,
  demoCatalog,
  evolveFamily,
  FAMILY_EVENT_SCHEMA_VERSIONS,
  formatDocumentNumber,
  initialFamilyState,
  PERSON_EVENT_SCHEMA_VERSIONS,
  type FamilyCommand,
  type FamilyEvent,
  type FamilyState,
  type PersonEvent,
  numberingYearOf,
} from '@periscol/reservation-domain';
import { playScenario, scenarioArb } from '@periscol/reservation-domain/testing';
import type { BenchResult } from './bench-kit';

export const title = 'Replay and verify of a generated history (periscol-audit)';

const HISTORY_VERSION = 2;
const TARGET_EVENTS = Number(process.env.PERISCOL_BENCH_REPLAY_EVENTS ?? 1_000_000);
const FAMILIES_PER_WAVE = 500;
/** Samples of scenario steps each family plays in a row (deeper histories than one sample). */
const DEPTH = 4;
const REPO_ROOT = path.resolve(__dirname, '../../..');
const VERIFY_WORKERS = Number(process.env.PERISCOL_BENCH_VERIFY_WORKERS ?? Math.max(2, Math.min(4, os.availableParallelism())));
const CLI = path.join(REPO_ROOT, 'packages/audit/dist/cli.js');

const progress = (line: string) => process.stderr.write(`  · ${line}\n`);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** One counter per prefix and year, across families (the API's numbering streams do the same). */
class Numbering {
  private readonly next = new Map<string, number>();
  peek(prefix: 'R' | 'A', year: number): string {
    return formatDocumentNumber(prefix, year, this.next.get(`${prefix}-${year}`) ?? 1);
  }
  take(prefix: 'R' | 'A', year: number): void {
    this.next.set(`${prefix}-${year}`, (this.next.get(`${prefix}-${year}`) ?? 1) + 1);
  }
}

interface GeneratedFamily {
  readonly familyId: string;
  readonly family: NewEvent[];
  readonly person: NewEvent[];
}

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });

function newEvent(streamId: string, index: number, type: string, data: unknown, schemaVersion: number): NewEvent {
  return { type, data, metadata: { eventId: deterministicEventId(`${streamId}:bench`, index), schemaVersion, correlationId: 'bench', causationId: 'bench', actor: { userId: 'bench', role: 'parent' } } };
}

const ID_FIELDS = new Set(['orderId', 'paymentId', 'cancellationId', 'creditId', 'refundId', 'childId']);

/** The scenario's ids (`order-3`) made unique across families, as the API's are: its read models key orders by id alone. */
function withFamilyIds(command: FamilyCommand, familyId: string): FamilyCommand {
  const local = (id: string) => (id.startsWith(`${familyId}/`) ? id : `${familyId}/${id}`);
  const data: Record<string, unknown> = { ...(command.data as unknown as Record<string, unknown>) };
  for (const [key, value] of Object.entries(data)) if (ID_FIELDS.has(key) && typeof value === 'string') data[key] = local(value);
  if (Array.isArray(data.slots)) data.slots = (data.slots as { childId: string }[]).map((slot) => ({ ...slot, childId: local(slot.childId) }));
  return { ...command, data } as unknown as FamilyCommand;
}

/** A family's history: the scenario's accepted commands, each confirmed payment ticketed, each cancellation credit numbered. */
function generateFamily(familyId: string, scenario: Parameters<typeof playScenario>[2], numbering: Numbering): GeneratedFamily {
  const played = playScenario(decider, demoCatalog, scenario);
  const familyEvents: FamilyEvent[] = [];
  const personEvents: PersonEvent[] = [];
  let state: FamilyState = initialFamilyState();
  const apply = (command: FamilyCommand, taken?: () => void): readonly FamilyEvent[] => {
    const decision = decider.decide(command, state);
    if (E.isLeft(decision) || decision.right.length === 0) return [];
    taken?.();
    for (const event of decision.right) state = evolveFamily(state, event);
    familyEvents.push(...decision.right);
    return decision.right;
  };
  const numbered = (command: FamilyCommand): [FamilyCommand, (() => void) | undefined] => {
    const now = command.metadata.now;
    if (command.type === 'IssuePaymentTicket') {
      const payment = state.payments.get(command.data.paymentId);
      if (payment?.ticketNumber !== undefined || payment?.paidAt === undefined) return [{ ...command, data: { ...command.data, ticketNumber: payment?.ticketNumber ?? command.data.ticketNumber } }, undefined];
      const year = numberingYearOf(payment.paidAt, demoCatalog.timezone);
      return [{ type: 'IssuePaymentTicket', data: { paymentId: payment.paymentId, ticketNumber: numbering.peek('R', year) }, metadata: { now } }, () => numbering.take('R', year)];
    }
    if (command.type === 'NumberCreditNote') {
      const credit = state.credits.get(command.data.creditId);
      if (credit?.creditNoteNumber !== undefined || credit === undefined) return [{ ...command, data: { ...command.data, creditNoteNumber: credit?.creditNoteNumber ?? command.data.creditNoteNumber } }, undefined];
      const year = numberingYearOf(credit.issuedAt, demoCatalog.timezone);
      return [{ type: 'NumberCreditNote', data: { creditId: credit.creditId, creditNoteNumber: numbering.peek('A', year) }, metadata: { now } }, () => numbering.take('A', year)];
    }
    return [command, undefined];
  };
  for (const step of played.steps) {
    const events = apply(...numbered(withFamilyIds(step.command, familyId)));
    for (const event of events) {
      const now = step.command.metadata.now;
      if (event.type === 'PaymentConfirmed') apply(...numbered({ type: 'IssuePaymentTicket', data: { paymentId: event.data.paymentId, ticketNumber: 'R-1000-000001' }, metadata: { now } }));
      if (event.type === 'CreditIssued' && (event.data.source === 'cancellation' || event.data.source === 'closure')) {
        apply(...numbered({ type: 'NumberCreditNote', data: { creditId: event.data.creditId, creditNoteNumber: 'A-1000-000001' }, metadata: { now } }));
      }
      if (event.type === 'FamilyRegistered') personEvents.push({ type: 'FamilyIdentityRecorded', data: { familyId, name: `Famille ${familyId}`, email: `${familyId}@example.org` } });
      if (event.type === 'ChildEnrolled') {
        personEvents.push({ type: 'ChildIdentityRecorded', data: { childId: event.data.childId, firstName: `Enfant ${event.data.rank}`, lastName: familyId, school: 'École Jules-Ferry', grade: 'CE1' } });
      }
    }
  }
  const familyStream = `family-${familyId}`;
  const personStream = `person-${familyId}`;
  return {
    familyId,
    family: familyEvents.map((event, i) => newEvent(familyStream, i, event.type, event.data, FAMILY_EVENT_SCHEMA_VERSIONS[event.type])),
    person: personEvents.map((event, i) => newEvent(personStream, i, event.type, event.data, PERSON_EVENT_SCHEMA_VERSIONS[event.type])),
  };
}

interface HistoryInfo {
  readonly version: number;
  readonly events: number;
  readonly families: number;
  readonly generationSeconds: number;
}

/** The cached history file, generated first if absent. */
async function history(): Promise<{ file: string; info: HistoryInfo; generated: boolean }> {
  const dir = path.join(os.tmpdir(), `periscol-bench-replay-v${HISTORY_VERSION}-${TARGET_EVENTS}`);
  const file = path.join(dir, 'events.sqlite');
  const marker = path.join(dir, 'history.json');
  if (fs.existsSync(marker) && fs.existsSync(file)) return { file, info: JSON.parse(fs.readFileSync(marker, 'utf8')) as HistoryInfo, generated: false };

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  progress(`generating ${TARGET_EVENTS.toLocaleString('en-US')} events into ${file} (once; cached)`);
  const start = process.hrtime.bigint();
  const store = new SqliteEventStore(file, { maxAppendsPerCommit: 2000 });
  const numbering = new Numbering();
  let events = 0;
  let families = 0;
  for (let wave = 0; events < TARGET_EVENTS; wave++) {
    const samples = fc.sample(scenarioArb({ maxSteps: 30 }), { seed: 20260907 + wave, numRuns: FAMILIES_PER_WAVE * DEPTH });
    const generated: GeneratedFamily[] = [];
    for (let f = 0; f < FAMILIES_PER_WAVE && events < TARGET_EVENTS; f++) {
      const familyId = `bench-${wave}-${f}`;
      const chunk = samples.slice(f * DEPTH, (f + 1) * DEPTH);
      const family = generateFamily(familyId, { ...chunk[0], familyId, steps: chunk.flatMap((sample) => sample.steps) }, numbering);
      generated.push(family);
      events += family.family.length + family.person.length;
      families++;
    }
    // One append per stream, the whole wave at once: the store groups them into big transactions.
    await Promise.all(
      generated.flatMap((family) => [
        store.appendToStream(`family-${family.familyId}`, family.family, { expectedRevision: 'no_stream' }),
        ...(family.person.length > 0 ? [store.appendToStream(`person-${family.familyId}`, family.person, { expectedRevision: 'no_stream' })] : []),
      ]),
    );
    if (wave % 10 === 0) progress(`${events.toLocaleString('en-US')} events, ${families.toLocaleString('en-US')} families`);
  }
  await store.close();
  const info: HistoryInfo = { version: HISTORY_VERSION, events, families, generationSeconds: seconds(start) };
  fs.writeFileSync(marker, JSON.stringify(info));
  return { file, info, generated: true };
}

function rawRead(file: string): { seconds: number; rows: number } {
  const db = new Database(file, { readonly: true });
  const start = process.hrtime.bigint();
  let rows = 0;
  for (const row of db.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position').iterate() as IterableIterator<{ data: string; metadata: string }>) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    rows++;
  }
  const elapsed = seconds(start);
  db.close();
  return { seconds: elapsed, rows };
}

function runCli(args: readonly string[]): { seconds: number; output: Record<string, unknown>; code: number | null } {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [CLI, ...args, '--json', '--quiet'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const elapsed = seconds(start);
  if (child.error) throw child.error;
  let output: Record<string, unknown>;
  try {
    output = JSON.parse(child.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`periscol-audit ${args[0]} gave no JSON (exit ${child.status}): ${child.stderr.slice(0, 500)}`);
  }
  return { seconds: elapsed, output, code: child.status };
}

export async function run(): Promise<BenchResult[]> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const { file, info, generated } = await history();
  const historyNote = `${info.events.toLocaleString('en-US')} events, ${info.families.toLocaleString('en-US')} families${generated ? `, generated in ${info.generationSeconds.toFixed(1)} s` : ' (cached history)'}`;
  progress(`history: ${file} — ${historyNote}`);

  progress('raw read of every row + JSON.parse');
  const raw = rawRead(file);
  progress('periscol-audit replay (every projection of the API, in memory)');
  const replay = runCli(['replay', '--db', file]);
  const replayed = replay.output as { events: number; elapsedMs: number; eventsPerSecond: number; projections: { name: string }[] };
  progress('periscol-audit verify, sequential (--workers 1)');
  const sequential = runCli(['verify', '--db', file, '--no-projections', '--workers', '1']);
  progress(`periscol-audit verify on worker threads (--workers ${VERIFY_WORKERS})`);
  const verify = runCli(['verify', '--db', file, '--no-projections', '--workers', String(VERIFY_WORKERS)]);
  const verdict = (run: ReturnType<typeof runCli>) => {
    const report = run.output as { ok: boolean; checks: { name: string; ok: boolean }[] };
    const failed = report.checks.filter((check) => !check.ok).map((check) => check.name);
    return `whole command; ${report.ok ? 'clean' : `FAILED: ${failed.join(', ')}`} (exit ${run.code})`;
  };
  const sameReport = JSON.stringify(sequential.output) === JSON.stringify(verify.output);

  return [
    { name: 'raw read of all rows + JSON.parse (baseline)', value: raw.seconds, unit: 's', note: `${raw.rows.toLocaleString('en-US')} rows, ${Math.round(raw.rows / raw.seconds).toLocaleString('en-US')} rows/s` },
    {
      name: `replay into every projection (${replayed.projections.length})`,
      value: replayed.elapsedMs / 1000,
      unit: 's',
      baseline: raw.seconds,
      target: '<= 10; <= 1.3x baseline',
      note: `${replayed.events.toLocaleString('en-US')} events, ${Math.round(replayed.eventsPerSecond).toLocaleString('en-US')} events/s; whole command ${replay.seconds.toFixed(1)} s`,
    },
    {
      name: 'verify, sequential (chains, ledgers R11, slots, numbering)',
      value: sequential.seconds,
      unit: 's',
      baseline: raw.seconds,
      note: verdict(sequential),
    },
    {
      name: `verify, ${VERIFY_WORKERS} worker threads`,
      value: verify.seconds,
      unit: 's',
      baseline: raw.seconds,
      target: '<= 1.5x baseline',
      note: `${verdict(verify)}; ${(sequential.seconds / verify.seconds).toFixed(2)}x faster than sequential; ${sameReport ? 'same report' : 'REPORTS DIFFER'}`,
    },
  ];
}
