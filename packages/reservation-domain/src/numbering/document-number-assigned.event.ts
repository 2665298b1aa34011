import { z } from 'zod';
import type { DocumentPrefix } from './document-number';

/**
 * A numbering stream's events are the numbers handed out, in order: the event at revision r
 * holds sequence r + 1 (R8). One stream per document kind and calendar year; its name is the
 * application's business (`numbering-R-2026`).
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

export interface DocumentNumberAssigned {
  readonly type: typeof DOCUMENT_NUMBER_ASSIGNED;
  readonly data: DocumentNumberAssignedData;
}

export const documentNumberAssignedSchema = z.object({
  number: z.string().min(1),
  prefix: z.enum(['R', 'A', 'F']),
  year: z.number().int().min(1000).max(9999),
  sequence: z.number().int().min(1),
  familyId: z.string().min(1),
  sourceId: z.string().min(1),
});

/** Reads a stored DocumentNumberAssigned whatever its schema version (only v1 so far). */
export function readDocumentNumberAssigned(event: { readonly type: string; readonly data: unknown; readonly metadata: { readonly schemaVersion: number } }): DocumentNumberAssigned {
  if (event.type !== DOCUMENT_NUMBER_ASSIGNED) throw new Error(`Unexpected event ${event.type} in a numbering stream`);
  if (event.metadata.schemaVersion !== DOCUMENT_NUMBER_ASSIGNED_VERSION) throw new Error(`Unknown ${DOCUMENT_NUMBER_ASSIGNED} schema version ${event.metadata.schemaVersion}`);
  return { type: DOCUMENT_NUMBER_ASSIGNED, data: documentNumberAssignedSchema.parse(event.data) };
}
