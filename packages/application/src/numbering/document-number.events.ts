import type { DocumentPrefix } from '@periscol/reservation-domain';
import { z } from 'zod';

/**
 * `numbering-<prefix>-<year>` (e.g. `numbering-R-2026`): one stream per document kind and
 * calendar year. Its events are the numbers handed out, in order: the event at revision r holds
 * sequence r + 1, which the exact expected revision of every append guarantees (no gap, no
 * number twice, whatever the number of writers).
 */
export const DOCUMENT_NUMBER_ASSIGNED = 'DocumentNumberAssigned';
export const DOCUMENT_NUMBER_ASSIGNED_VERSION = 1;

export interface DocumentNumberAssignedData {
  /** `R-2026-000123`. */
  readonly number: string;
  readonly prefix: DocumentPrefix;
  readonly year: number;
  /** 1-based, continuous within the stream. */
  readonly sequence: number;
  readonly familyId: string;
  /** What the number was assigned to: the paymentId (R) or the creditId (A). */
  readonly sourceId: string;
}

export const documentNumberAssignedSchema = z.object({
  number: z.string().min(1),
  prefix: z.enum(['R', 'A']),
  year: z.number().int().min(1000).max(9999),
  sequence: z.number().int().min(1),
  familyId: z.string().min(1),
  sourceId: z.string().min(1),
});

export { isNumberingStream, numberingStreamId } from '../streams/stream-names';
