import { z } from 'zod';

/**
 * The one event of an `idempotency-<sha256(actor+key)>` stream: the first completed answer to
 * that key. Appended with expected revision `no_stream`, so there is never a second one.
 * `body` is null when `bodyStored` is false (route mode `rerun`: the answer held personal data).
 */
export const REQUEST_COMPLETED = 'RequestCompleted';

export const requestCompletedV1Schema = z.object({
  key: z.string(),
  method: z.string(),
  path: z.string(),
  bodyHash: z.string(),
  status: z.number().int(),
  body: z.unknown().nullable(),
  bodyStored: z.boolean(),
  completedAt: z.string(),
});
export type RequestCompleted = z.infer<typeof requestCompletedV1Schema>;
export const REQUEST_COMPLETED_SCHEMA_VERSION = 1;

/** Reads a stored RequestCompleted whatever its schema version (only v1 so far). */
export function readRequestCompleted(event: { type: string; data: unknown; metadata: { schemaVersion: number } }): RequestCompleted {
  if (event.type !== REQUEST_COMPLETED) throw new Error(`Unexpected event ${event.type} in an idempotency stream`);
  switch (event.metadata.schemaVersion) {
    case 1:
      return requestCompletedV1Schema.parse(event.data);
    default:
      throw new Error(`Unknown ${REQUEST_COMPLETED} schema version ${event.metadata.schemaVersion}`);
  }
}
