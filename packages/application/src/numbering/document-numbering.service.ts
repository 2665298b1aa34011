import { deterministicEventId, EventStore, WrongExpectedRevisionError } from '@periscol/event-store';
import {
  decideDocumentNumber,
  DOCUMENT_NUMBER_ASSIGNED_VERSION,
  documentNumberAssignedSchema,
  documentNumberingStateAtRevision,
  documentNumberKey,
  type AssignDocumentNumber,
  type DocumentNumberAssignedData,
} from '@periscol/reservation-domain';
import { isLeft } from 'fp-ts/Either';
import { numberingStreamId } from '../streams/stream-names';

export interface NumberRequest extends AssignDocumentNumber {
  readonly correlationId?: string;
  readonly causationId?: string;
}

export interface NumberAssignment {
  readonly number: string;
  readonly sequence: number;
  readonly streamId: string;
  /** False when the source already had its number (a retry, another process, a restart). */
  readonly assignedNow: boolean;
  /** Append attempts this call needed (> 1: other writers took the sequences it tried). */
  readonly attempts: number;
}

export interface DocumentNumberingOptions {
  /** Attempts before giving up; each failed one means another writer got a number. */
  readonly maxAttempts?: number;
}

export class NumberingExhaustedError extends Error {
  readonly code = 'NUMBERING_EXHAUSTED' as const;
  constructor(streamId: string, attempts: number) {
    super(`Could not append to ${streamId} after ${attempts} attempts`);
    this.name = 'NumberingExhaustedError';
  }
}

const SYSTEM_ACTOR = { userId: 'system:numbering', role: 'system' } as const;

/**
 * Hands out document numbers as R8 decides them (`decideDocumentNumber`): `R-2026-000123` for
 * payment tickets, `A-2026-000045` for credit notes, continuous per prefix and year.
 *
 * The decision is appended with the EXACT expected revision of the number before it (sequence n
 * lives at revision n − 1): two writers, in one process or in two processes over one store, can
 * never both get n; the loser gets `WrongExpectedRevisionError` and decides again on the new
 * head. A number is only ever appended, never reserved then released, so there are no gaps.
 * The event id comes from `documentNumberKey`: asking again for a source that already has a
 * number is recognised by the store's event-id dedupe, which answers with the original event.
 */
export class DocumentNumbering {
  private readonly maxAttempts: number;
  /** Last revision seen per stream: saves a read while this process is the only writer. */
  private readonly knownRevision = new Map<string, number>();

  constructor(
    private readonly store: EventStore,
    options: DocumentNumberingOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 200;
  }

  async assign(request: NumberRequest): Promise<NumberAssignment> {
    const streamId = numberingStreamId(request.prefix, request.year);
    const eventId = deterministicEventId(documentNumberKey(request.prefix, request.sourceId), 0);
    let current = this.knownRevision.get(streamId) ?? (await this.headRevision(streamId));
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const decision = decideDocumentNumber(request, documentNumberingStateAtRevision(current));
      if (isLeft(decision)) throw new Error(`${streamId}: ${decision.left.code} ${decision.left.message}`);
      const [assigned] = decision.right;
      const { data } = assigned;
      try {
        const result = await this.store.appendToStream(
          streamId,
          [
            {
              type: assigned.type,
              data,
              metadata: {
                eventId,
                schemaVersion: DOCUMENT_NUMBER_ASSIGNED_VERSION,
                correlationId: request.correlationId ?? `numbering:${request.sourceId}`,
                causationId: request.causationId ?? `numbering:${request.sourceId}`,
                actor: SYSTEM_ACTOR,
              },
            },
          ],
          { expectedRevision: current === -1 ? 'no_stream' : current },
        );
        if (!result.deduplicated) {
          this.knownRevision.set(streamId, result.nextExpectedRevision);
          return { number: data.number, sequence: data.sequence, streamId, assignedNow: true, attempts: attempt };
        }
        const original = await this.eventAt(streamId, result.nextExpectedRevision);
        return { number: original.number, sequence: original.sequence, streamId, assignedNow: false, attempts: attempt };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        // Another writer took `sequence`: start again after the stream's real head.
        current = await this.headRevision(streamId);
        this.knownRevision.set(streamId, current);
      }
    }
    throw new NumberingExhaustedError(streamId, this.maxAttempts);
  }

  /** The number already given to a source, if any (reads the whole year's stream: audits, tests). */
  async find(prefix: AssignDocumentNumber['prefix'], year: number, sourceId: string): Promise<DocumentNumberAssignedData | undefined> {
    const { events } = await this.store.readStream(numberingStreamId(prefix, year));
    for (const event of events) {
      const data = documentNumberAssignedSchema.parse(event.data);
      if (data.sourceId === sourceId) return data;
    }
    return undefined;
  }

  private async headRevision(streamId: string): Promise<number> {
    return (await this.store.readStream(streamId, { maxCount: 0 })).currentRevision;
  }

  private async eventAt(streamId: string, revision: number): Promise<DocumentNumberAssignedData> {
    const [event] = (await this.store.readStream(streamId, { fromRevision: revision, maxCount: 1 })).events;
    if (!event) throw new Error(`${streamId}: no event at revision ${revision}`);
    return documentNumberAssignedSchema.parse(event.data);
  }
}
