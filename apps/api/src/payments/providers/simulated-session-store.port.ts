import type { CheckoutLine } from './payment-provider.port';

/** A session line's label once the family's personal data is erased (R17). */
export const ERASED_LINE_LABEL = 'Réservation (données effacées)';

/** A checkout session of the simulated payment site. */
export interface SimulatedSession {
  readonly sessionId: string;
  readonly idempotencyKey: string;
  readonly orderId: string;
  readonly paymentId: string;
  readonly familyId: string;
  readonly amountCents: number;
  readonly currency: 'eur';
  readonly lines: readonly CheckoutLine[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly successUrl: string;
  readonly cancelUrl: string;
  readonly status: 'open' | 'paid';
  readonly paidAt?: Date;
  readonly providerPaymentId?: string;
}

/** Where the simulated provider keeps its sessions (not in the event store: they are the
 * payment site's records, not Periscol's). Synchronous, as better-sqlite3 is. */
export interface SimulatedSessionStore {
  /** Inserts the session unless one already has its idempotency key; returns the stored one. */
  insertOrGet(session: SimulatedSession): SimulatedSession;
  findById(sessionId: string): SimulatedSession | undefined;
  /** `open` → `paid`, once; a paid session is returned unchanged. `undefined` if unknown. */
  markPaid(sessionId: string, paidAt: Date, providerPaymentId: string): SimulatedSession | undefined;
  /**
   * R17: the family's sessions keep their amounts (the site's « bank » records, which `verify`
   * reconciles) but their lines' labels, which name its children, become `ERASED_LINE_LABEL`.
   * Returns how many sessions were redacted.
   */
  redactFamily(familyId: string): number;
}
