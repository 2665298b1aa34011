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
 * Where the PayFiP adapter keeps its transactions: not events, but they must survive a restart
 * and be known to every process that may receive PayFiP's notification or the family's return —
 * the operations database on one data folder (SQLite), the database every host shares with a
 * PostgreSQL store (a notification answered by another host than the one that opened the idOp).
 */
export interface PayfipTransactionStore {
  insert(transaction: PayfipTransaction, firstCheckAt: Date): Promise<void>;
  find(idOp: string): Promise<PayfipTransaction | undefined>;
  /** The newest transaction opened for this payment of ours, if any (the family's return from PayFiP). */
  findForPayment(paymentId: string): Promise<PayfipTransaction | undefined>;
  /** The newest transaction opened with this key since `since`, if any. */
  latestForKey(idempotencyKey: string, since: Date): Promise<PayfipTransaction | undefined>;
  /**
   * Transactions whose outcome is not recorded yet and whose next check is due at `now`, leased
   * by moving their next check to `now + intervalMs` (two processes do not query the same idOp in
   * the same interval).
   */
  claimDue(now: Date, intervalMs: number, limit: number): Promise<readonly PayfipTransaction[]>;
  /** The outcome of `idOp` is recorded (in any process's inbox): it is never queried again. */
  settle(idOp: string): Promise<void>;
  /** The next check of a transaction still open, if any. */
  nextCheckAt(): Promise<Date | undefined>;
}
