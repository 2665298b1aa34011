/**
 * R8 — document numbers: every payment ticket (R) and credit note (A) gets a number continuous
 * per prefix and calendar year (`R-2026-000123`): no gap, never twice, and a source that already
 * has its number keeps it (a retry, a second process, a restart reuses it, consuming nothing).
 *
 * The decision is on one numbering stream: the next number is the last one's sequence + 1. The
 * guarantees across writers come from how it is appended: with the exact expected revision of
 * the number before (two writers can never both get n; the loser decides again on the new
 * state), and with the event id of `documentNumberKey` (the store recognises a retry of the same
 * source even when the state it decided on did not know the number yet).
 */
import { right, type Either } from 'fp-ts/Either';
import { PersistentMap, refuse, type Refusal } from '../family';
import { formatDocumentNumber, type DocumentPrefix } from './document-number';
import { DOCUMENT_NUMBER_ASSIGNED, type DocumentNumberAssigned } from './document-number-assigned.event';

export interface AssignDocumentNumber {
  readonly prefix: DocumentPrefix;
  /** Calendar year of the source in the municipality's time zone (`numberingYearOf`). */
  readonly year: number;
  readonly familyId: string;
  /** The paymentId (tickets), creditId (credit notes) or familyId (tax certificates, one per family and year) the number is for. */
  readonly sourceId: string;
}

export interface DocumentNumberingState {
  /** Sequence of the last number handed out in this stream; 0 before the first. */
  readonly lastSequence: number;
  /**
   * Numbers already handed out, by source, as far as this state knows them. A state built from
   * the stream's head alone knows none; the event id then recognises the retry.
   */
  readonly numberBySource: PersistentMap<string>;
}

export const initialDocumentNumberingState = (): DocumentNumberingState => ({ lastSequence: 0, numberBySource: PersistentMap.empty<string>() });

/** The state after the numbering stream's head, when only its revision is known (-1: empty). */
export function documentNumberingStateAtRevision(revision: number): DocumentNumberingState {
  return { lastSequence: revision + 1, numberBySource: PersistentMap.empty<string>() };
}

/** The identity of "the number of this source": one source, one number, whatever the retries. */
export function documentNumberKey(prefix: DocumentPrefix, sourceId: string): string {
  return `numbering:${prefix}:${sourceId}`;
}

export function decideDocumentNumber(command: AssignDocumentNumber, state: DocumentNumberingState): Either<Refusal, readonly DocumentNumberAssigned[]> {
  const { prefix, year, familyId, sourceId } = command;
  if (prefix !== 'R' && prefix !== 'A' && prefix !== 'F') return refuse('INVALID_COMMAND', `prefix must be R, A or F, got ${JSON.stringify(prefix)}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return refuse('INVALID_COMMAND', `year must have 4 digits, got ${year}`);
  if (!familyId || !sourceId) return refuse('INVALID_COMMAND', 'familyId and sourceId are required');
  if (state.numberBySource.has(sourceId)) return right([]);
  const sequence = state.lastSequence + 1;
  return right([{ type: DOCUMENT_NUMBER_ASSIGNED, data: { number: formatDocumentNumber(prefix, year, sequence), prefix, year, sequence, familyId, sourceId } }]);
}

export function evolveDocumentNumbering(state: DocumentNumberingState, event: DocumentNumberAssigned): DocumentNumberingState {
  return { lastSequence: event.data.sequence, numberBySource: state.numberBySource.set(event.data.sourceId, event.data.number) };
}

/** The numbering stream's decider, in the shape the event store's command loop takes. */
export const documentNumberingDecider = {
  initialState: initialDocumentNumberingState,
  evolve: evolveDocumentNumbering,
  decide: decideDocumentNumber,
};
