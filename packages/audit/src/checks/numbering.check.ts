/**
 * Ticket (R-) and credit-note (A-) numbers: unique, continuous from 1 per prefix and calendar
 * year with no gap (docs/rules.md §6), each in the year of the payment or credit it numbers (in the
 * municipality's time zone). When the store holds the numbering streams (`numbering-R-2026`:
 * `DocumentNumberAssigned { number, sequence, familyId, sourceId }`, sequence = revision + 1),
 * each assigned number must be the one issued on that family for that source, and each issued
 * number must have been assigned.
 */
import type { EventStore } from '@periscol/event-store';
import { numberingYearOf, parseDocumentNumber } from '@periscol/reservation-domain';
import { readableEvents } from '../store/readable-events';
import { ViolationList, type AuditCheck } from './audit-report';
import { NUMBERING_STREAM_PREFIX, familyStreamId } from '@periscol/application';

export const NUMBERING_CHECK_NAME = 'ticket and credit-note numbers continuous per year';

export interface IssuedDocumentNumber {
  readonly number: string;
  readonly kind: 'ticket' | 'credit-note';
  readonly familyId: string;
  /** paymentId (ticket) or creditId (credit note). */
  readonly sourceId: string;
  /** The instant whose year the number must carry (payment's paidAt, credit's issuedAt). */
  readonly yearOf: string | null;
}

export interface AssignedDocumentNumber {
  readonly number: string;
  readonly sequence: number;
  readonly familyId?: string;
  readonly sourceId?: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
}

export interface NumberingAudit {
  readonly check: AuditCheck;
  /** Documents numbered per prefix and year, e.g. { 'R-2026': 12 }. */
  readonly counts: Readonly<Record<string, number>>;
}

/** Reads every `numbering-*` stream among `streamIds` (past rows that cannot be read: the hash-chain check names them). */
export async function readAssignedNumbers(store: EventStore, streamIds: readonly string[]): Promise<AssignedDocumentNumber[]> {
  const out: AssignedDocumentNumber[] = [];
  for (const streamId of streamIds) {
    if (!streamId.startsWith(NUMBERING_STREAM_PREFIX)) continue;
    for (const event of await readableEvents(store, streamId)) {
      const data = (event.data ?? {}) as Record<string, unknown>;
      out.push({
        number: String(data.number),
        sequence: typeof data.sequence === 'number' ? data.sequence : Number.NaN,
        ...(typeof data.familyId === 'string' ? { familyId: data.familyId } : {}),
        ...(typeof data.sourceId === 'string' ? { sourceId: data.sourceId } : {}),
        streamId,
        revision: event.revision,
        position: event.position,
      });
    }
  }
  return out;
}

/** "3, 7-9" */
export function describeRanges(values: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    parts.push(i === j ? `${values[i]}` : `${values[i]}-${values[j]}`);
    i = j + 1;
  }
  return parts.length > 12 ? `${parts.slice(0, 12).join(', ')}, …` : parts.join(', ');
}

export function checkNumbering(
  issued: readonly IssuedDocumentNumber[],
  assigned: readonly AssignedDocumentNumber[],
  options: { readonly timeZone: string; readonly maxViolations?: number },
): NumberingAudit {
  const violations = new ViolationList(options.maxViolations ?? 100);
  const series = new Map<string, Map<number, IssuedDocumentNumber[]>>();
  const byNumber = new Map<string, IssuedDocumentNumber>();

  for (const doc of issued) {
    const parsed = parseDocumentNumber(doc.number);
    const expectedPrefix = doc.kind === 'ticket' ? 'R' : 'A';
    if (!parsed || parsed.prefix !== expectedPrefix) {
      violations.add({ code: 'INVALID_DOCUMENT_NUMBER', message: `${doc.kind} ${doc.sourceId} carries "${doc.number}", not a number like ${expectedPrefix}-2026-000123`, familyId: doc.familyId, streamId: familyStreamId(doc.familyId) });
      continue;
    }
    if (doc.yearOf !== null && numberingYearOf(doc.yearOf, options.timeZone) !== parsed.year) {
      violations.add({ code: 'NUMBER_WRONG_YEAR', message: `${doc.number} numbers ${doc.kind} ${doc.sourceId} of ${doc.yearOf} (year ${numberingYearOf(doc.yearOf, options.timeZone)} in ${options.timeZone})`, familyId: doc.familyId, streamId: familyStreamId(doc.familyId) });
    }
    const key = `${parsed.prefix}-${parsed.year}`;
    let sequences = series.get(key);
    if (!sequences) series.set(key, (sequences = new Map()));
    const holders = sequences.get(parsed.sequence) ?? [];
    holders.push(doc);
    sequences.set(parsed.sequence, holders);
    byNumber.set(doc.number, doc);
  }

  const counts: Record<string, number> = {};
  for (const [key, sequences] of [...series.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    counts[key] = sequences.size;
    let max = 0;
    for (const sequence of sequences.keys()) if (sequence > max) max = sequence;
    const missing: number[] = [];
    for (let n = 1; n <= max; n++) if (!sequences.has(n)) missing.push(n);
    if (missing.length > 0) violations.add({ code: 'NUMBER_GAP', message: `${key}: ${missing.length} number${missing.length > 1 ? 's' : ''} missing up to ${max}: ${describeRanges(missing)}` });
    for (const holders of sequences.values()) {
      if (holders.length > 1) {
        violations.add({ code: 'DUPLICATE_DOCUMENT_NUMBER', message: `${holders[0].number} is carried by ${holders.map((h) => `${h.kind} ${h.sourceId} of family ${h.familyId}`).join(' and ')}`, familyId: holders[1].familyId });
      }
    }
  }

  // Numbering streams, when the store has them: each revision r assigns sequence r + 1.
  const assignedNumbers = new Set<string>();
  const assignedSeries = new Set<string>();
  for (const entry of assigned) {
    const parsed = parseDocumentNumber(entry.number);
    const where = { streamId: entry.streamId, revision: entry.revision, position: entry.position };
    if (!parsed || `${NUMBERING_STREAM_PREFIX}${parsed.prefix}-${parsed.year}` !== entry.streamId || parsed.sequence !== entry.sequence || entry.sequence !== entry.revision + 1) {
      violations.add({ code: 'NUMBERING_STREAM_INVALID', message: `revision ${entry.revision} assigns "${entry.number}" with sequence ${entry.sequence} (expected sequence ${entry.revision + 1})`, ...where });
      continue;
    }
    assignedNumbers.add(entry.number);
    assignedSeries.add(`${parsed.prefix}-${parsed.year}`);
    // Tax certificates (F) are held by their numbering stream alone: no family event copies them.
    if (parsed.prefix === 'F') {
      counts[`F-${parsed.year}`] = (counts[`F-${parsed.year}`] ?? 0) + 1;
      continue;
    }
    const holder = byNumber.get(entry.number);
    if (!holder) {
      violations.add({ code: 'NUMBER_NOT_ISSUED', message: `${entry.number} was assigned${entry.familyId ? ` to family ${entry.familyId}` : ''}${entry.sourceId ? ` for ${entry.sourceId}` : ''} but no family event carries it`, ...where });
    } else if ((entry.familyId !== undefined && entry.familyId !== holder.familyId) || (entry.sourceId !== undefined && entry.sourceId !== holder.sourceId)) {
      violations.add({ code: 'NUMBER_NOT_ISSUED', message: `${entry.number} was assigned to ${entry.sourceId ?? '?'} of family ${entry.familyId ?? '?'} but numbers ${holder.sourceId} of family ${holder.familyId}`, ...where });
    }
  }
  for (const doc of issued) {
    const parsed = parseDocumentNumber(doc.number);
    if (parsed && assignedSeries.has(`${parsed.prefix}-${parsed.year}`) && !assignedNumbers.has(doc.number)) {
      violations.add({ code: 'NUMBER_NOT_ASSIGNED', message: `${doc.number} (${doc.kind} ${doc.sourceId}) is not in ${NUMBERING_STREAM_PREFIX}${parsed.prefix}-${parsed.year}`, familyId: doc.familyId, streamId: familyStreamId(doc.familyId) });
    }
  }

  const summary = Object.keys(counts).length === 0 ? 'no numbered document yet' : Object.entries(counts).map(([key, n]) => `${key}: 1..${n}`).join(', ');
  return { check: violations.check('numbering', NUMBERING_CHECK_NAME, `${summary}, no gap, no duplicate`), counts };
}
