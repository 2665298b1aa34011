/**
 * A PayFiP transaction: one `idOp` PayFiP gave for one of our payments. PayFiP's notification
 * carries only the `idOp`, so this is how it leads back to the order, the payment and the family;
 * and the re-query job finds here the transactions whose outcome is not recorded yet.
 */
export interface PayfipTransaction {
  readonly idOp: string;
  /** The checkout's key (`<orderId>:<paymentId>`): a retried checkout gets the same idOp while it is valid. */
  readonly idempotencyKey: string;
  readonly refdet: string;
  readonly orderId: string;
  readonly paymentId: string;
  readonly familyId: string;
  readonly amountCents: number;
  readonly createdAt: Date;
}

/**
 * Where the PayFiP adapter keeps its transactions (the operations database: not events, but
 * they must survive a restart, and every process on the data folder shares them).
 * Synchronous, as better-sqlite3 is.
 */
export interface PayfipTransactionStore {
  insert(transaction: PayfipTransaction, firstCheckAt: Date): void;
  find(idOp: string): PayfipTransaction | undefined;
  /** The newest transaction opened for this payment of ours, if any (the family's return from PayFiP). */
  findForPayment(paymentId: string): PayfipTransaction | undefined;
  /** The newest transaction opened with this key since `since`, if any. */
  latestForKey(idempotencyKey: string, since: Date): PayfipTransaction | undefined;
  /**
   * Transactions whose outcome is not in the payment inbox yet and whose next check is due at
   * `now`, leased by moving their next check to `now + intervalMs` (two processes do not query
   * the same idOp in the same interval). Those whose outcome is recorded leave the list for good.
   */
  claimDue(now: Date, intervalMs: number, limit: number): readonly PayfipTransaction[];
  /** The next check of a transaction still open, if any. */
  nextCheckAt(): Date | undefined;
}
