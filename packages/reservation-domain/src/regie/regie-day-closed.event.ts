import { z } from 'zod';
import { CentsSchema } from '../shared';
import { IsoDateSchema } from '../shared/iso-date';

/**
 * The régie's books: closing a day of the journal. The figures recorded at closing are what the
 * journal shows for that day from then on (R18); a receipt dated on a closed day that arrives
 * later is listed on the next open day, with its own date, never added to the closed one.
 */
export const REGIE_DAY_CLOSED = 'RegieDayClosed';
export const REGIE_DAY_CLOSED_SCHEMA_VERSION = 1;

/** How a receipt was paid, as the journal groups it. */
export const PAYMENT_METHODS = ['card', 'direct_debit', 'payfip', 'stripe', 'simulated'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const TotalsByMethodSchema = z.partialRecord(z.enum(PAYMENT_METHODS), CentsSchema);

export const regieDayClosedV1Schema = z.object({
  /** The town's civil date closed. */
  date: IsoDateSchema,
  /** Cents received per payment method (methods with no receipt absent). */
  totalsByMethod: TotalsByMethodSchema,
  totalCents: CentsSchema,
  receiptCount: z.number().int().min(0),
  /** Lowest and highest receipt numbers of the day (null on a day without receipt). */
  firstReceipt: z.string().min(1).max(40).nullable(),
  lastReceipt: z.string().min(1).max(40).nullable(),
  /** The store's global position the figures were read at: receipts recorded after it are late. */
  asOfPosition: z.number().int().min(0),
  closedAt: z.string(),
});
export type RegieDayClosedData = z.infer<typeof regieDayClosedV1Schema>;

export interface RegieDayClosed {
  readonly type: typeof REGIE_DAY_CLOSED;
  readonly data: RegieDayClosedData;
}

/** Reads a stored RegieDayClosed whatever its schema version (only v1 so far). */
export function readRegieDayClosed(event: { readonly type: string; readonly data: unknown; readonly metadata: { readonly schemaVersion: number } }): RegieDayClosed {
  if (event.type !== REGIE_DAY_CLOSED) throw new Error(`Unexpected event ${event.type} in the régie stream`);
  if (event.metadata.schemaVersion !== REGIE_DAY_CLOSED_SCHEMA_VERSION) throw new Error(`Unknown ${REGIE_DAY_CLOSED} schema version ${event.metadata.schemaVersion}`);
  return { type: REGIE_DAY_CLOSED, data: regieDayClosedV1Schema.parse(event.data) };
}
