/**
 * `export`: the events exactly as stored (the legal record: data and metadata as written, hashes
 * included, no upcasting) and, per family, a ledger — every money movement in order — and its
 * R11 summary; each as CSV and/or JSON Lines, written page by page.
 */
import type { EventStore, StoredEvent } from '@periscol/event-store';
import { checkLedger, creditMovements, foldFamily, ledgerOf, paymentsView, type FamilyState } from '@periscol/reservation-domain';
import { familyIdOfFamilyStream, familyStreamId, personStreamId } from '@periscol/application';
import { readFamilyHistory } from '../history/family-history.reader';
import { csvLine, type CsvValue } from './csv';
import * as E from 'fp-ts/Either';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ExportFormat = 'csv' | 'jsonl';

export interface ExportOptions {
  readonly outDir: string;
  readonly formats: readonly ExportFormat[];
  /** Only this family's streams (family-<id>, person-<id>) and ledger. */
  readonly familyId?: string;
  readonly pageSize?: number;
  readonly onProgress?: (phase: 'events' | 'ledger', done: number, total: number) => void;
}

export interface ExportedFile {
  readonly file: string;
  readonly rows: number;
}

export interface ExportResult {
  readonly events: number;
  readonly families: number;
  readonly files: readonly ExportedFile[];
  /** Families whose history could not be read into a ledger (run verify). */
  readonly ledgerFailures: readonly { readonly familyId: string; readonly message: string }[];
}

export const EVENT_COLUMNS = [
  'position',
  'stream_id',
  'revision',
  'type',
  'schema_version',
  'event_id',
  'recorded_at',
  'correlation_id',
  'causation_id',
  'actor_user_id',
  'actor_role',
  'previous_hash',
  'hash',
  'data',
  'metadata',
] as const;

export const LEDGER_COLUMNS = ['family_id', 'at', 'entry', 'reference', 'document_number', 'amount_cents', 'credit_balance_after_cents'] as const;

export const LEDGER_SUMMARY_COLUMNS = [
  'family_id',
  'payments_cents',
  'goodwill_cents',
  'reserved_value_cents',
  'balance_cents',
  'held_cents',
  'refunded_cents',
  'balanced',
] as const;

export interface LedgerEntry {
  readonly familyId: string;
  readonly at: string;
  /** payment_received, or a credit movement kind (cancellation, closure, goodwill, unapplied_payment, applied_to_order, released_from_order, refund). */
  readonly entry: string;
  readonly reference: string;
  readonly documentNumber: string | null;
  /** Signed: + money received or credit raised, − credit used or refunded. */
  readonly amountCents: number;
  /** The credit balance after a credit movement; null on payment lines. */
  readonly creditBalanceAfterCents: number | null;
}

export interface LedgerSummary {
  readonly familyId: string;
  readonly paymentsCents: number;
  readonly goodwillCents: number;
  readonly reservedValueCents: number;
  readonly balanceCents: number;
  readonly heldCents: number;
  readonly refundedCents: number;
  readonly balanced: boolean;
}

/** The family's money movements, oldest first: payments received and every credit movement. */
export function ledgerEntries(familyId: string, state: FamilyState): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  for (const payment of paymentsView(state)) {
    entries.push({ familyId, at: payment.paidAt, entry: 'payment_received', reference: payment.paymentId, documentNumber: payment.ticketNumber, amountCents: payment.amountCents, creditBalanceAfterCents: null });
  }
  const noteBySource = new Map<string, string>();
  state.credits.forEach((credit) => {
    if (credit.creditNoteNumber !== undefined) noteBySource.set(credit.source === 'goodwill' ? credit.creditId : credit.sourceId, credit.creditNoteNumber);
  });
  for (const movement of creditMovements(state)) {
    entries.push({
      familyId,
      at: movement.at,
      entry: movement.kind,
      reference: movement.sourceId,
      documentNumber: noteBySource.get(movement.sourceId) ?? null,
      amountCents: movement.amountCents,
      creditBalanceAfterCents: movement.balanceAfterCents,
    });
  }
  // Stable: payments first at equal instants (a payment is received before it is credited).
  return entries.map((entry, index) => ({ entry, index })).sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.index - b.index)).map(({ entry }) => entry);
}

export function ledgerSummary(familyId: string, state: FamilyState): LedgerSummary {
  return { familyId, ...ledgerOf(state), balanced: E.isRight(checkLedger(state)) };
}

function eventRow(event: StoredEvent): CsvValue[] {
  const m = event.metadata;
  return [
    event.position,
    event.streamId,
    event.revision,
    event.type,
    m.schemaVersion,
    m.eventId,
    m.recordedAt,
    m.correlationId,
    m.causationId,
    m.actor?.userId,
    m.actor?.role,
    m.previousHash,
    m.hash,
    JSON.stringify(event.data),
    JSON.stringify(m),
  ];
}

/** Appends text to a file, one page at a time. */
class OutputFile {
  private readonly fd: number;
  rows = 0;

  constructor(readonly file: string, header?: string) {
    this.fd = fs.openSync(file, 'w');
    if (header !== undefined) fs.writeSync(this.fd, header);
  }

  write(text: string, rows: number): void {
    if (text.length > 0) fs.writeSync(this.fd, text);
    this.rows += rows;
  }

  close(): ExportedFile {
    fs.closeSync(this.fd);
    return { file: this.file, rows: this.rows };
  }
}

export async function exportHistory(store: EventStore, options: ExportOptions): Promise<ExportResult> {
  fs.mkdirSync(options.outDir, { recursive: true });
  const csv = options.formats.includes('csv');
  const jsonl = options.formats.includes('jsonl');
  const open = (name: string, header?: readonly string[]) => new OutputFile(path.join(options.outDir, name), header ? csvLine(header) : undefined);
  const files: OutputFile[] = [];
  const eventsCsv = csv ? open('events.csv', EVENT_COLUMNS) : undefined;
  const eventsJsonl = jsonl ? open('events.jsonl') : undefined;
  files.push(...[eventsCsv, eventsJsonl].filter((f): f is OutputFile => f !== undefined));

  const wanted = options.familyId === undefined ? undefined : new Set([familyStreamId(options.familyId), personStreamId(options.familyId)]);
  const familyIds: string[] = [];
  const seen = new Set<string>();
  const pageSize = options.pageSize ?? 5000;
  const head = await store.headPosition();
  let events = 0;
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, limit: pageSize });
    let csvText = '';
    let jsonText = '';
    let rows = 0;
    for (const event of page) {
      if (wanted && !wanted.has(event.streamId)) continue;
      rows++;
      if (csv) csvText += csvLine(eventRow(event));
      if (jsonl) jsonText += `${JSON.stringify({ position: event.position, streamId: event.streamId, revision: event.revision, type: event.type, data: event.data, metadata: event.metadata })}\n`;
      const familyId = familyIdOfFamilyStream(event.streamId);
      if (familyId !== undefined && !seen.has(familyId)) {
        seen.add(familyId);
        familyIds.push(familyId);
      }
    }
    eventsCsv?.write(csvText, rows);
    eventsJsonl?.write(jsonText, rows);
    events += rows;
    if (page.length > 0) options.onProgress?.('events', page[page.length - 1].position, head);
    if (page.length < pageSize) break;
    after = page[page.length - 1].position;
  }

  const ledgerCsv = csv ? open('ledger.csv', LEDGER_COLUMNS) : undefined;
  const ledgerJsonl = jsonl ? open('ledger.jsonl') : undefined;
  const summaryCsv = csv ? open('ledger-summary.csv', LEDGER_SUMMARY_COLUMNS) : undefined;
  const summaryJsonl = jsonl ? open('ledger-summary.jsonl') : undefined;
  files.push(...[ledgerCsv, ledgerJsonl, summaryCsv, summaryJsonl].filter((f): f is OutputFile => f !== undefined));
  const ledgerFailures: { familyId: string; message: string }[] = [];
  let done = 0;
  for (const familyId of familyIds) {
    options.onProgress?.('ledger', ++done, familyIds.length);
    let state: FamilyState;
    try {
      const history = await readFamilyHistory(store, familyId);
      if (history.failures.length > 0) throw new Error(history.failures[0].message);
      state = foldFamily(history.events);
    } catch (error) {
      ledgerFailures.push({ familyId, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const entries = ledgerEntries(familyId, state);
    ledgerCsv?.write(entries.map((e) => csvLine([e.familyId, e.at, e.entry, e.reference, e.documentNumber, e.amountCents, e.creditBalanceAfterCents])).join(''), entries.length);
    ledgerJsonl?.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(''), entries.length);
    const summary = ledgerSummary(familyId, state);
    summaryCsv?.write(
      csvLine([summary.familyId, summary.paymentsCents, summary.goodwillCents, summary.reservedValueCents, summary.balanceCents, summary.heldCents, summary.refundedCents, summary.balanced]),
      1,
    );
    summaryJsonl?.write(`${JSON.stringify(summary)}\n`, 1);
  }
  return { events, families: familyIds.length, files: files.map((file) => file.close()), ledgerFailures };
}
