import type { PayfipTransaction } from './payfip-transaction-store.port';

/** A `payfip_transaction` row, as SQLite (times and amounts as numbers) and PostgreSQL (timestamptz, bigint as text) return it. */
export interface PayfipTransactionRow<Time extends number | Date, Amount extends number | string> {
  readonly id_op: string;
  readonly idempotency_key: string;
  readonly refdet: string;
  readonly order_id: string;
  readonly payment_id: string;
  readonly family_id: string;
  readonly amount_cents: Amount;
  readonly created_at: Time;
}

export function transactionOfRow(row: PayfipTransactionRow<number | Date, number | string>): PayfipTransaction {
  return {
    idOp: row.id_op,
    idempotencyKey: row.idempotency_key,
    refdet: row.refdet,
    orderId: row.order_id,
    paymentId: row.payment_id,
    familyId: row.family_id,
    amountCents: Number(row.amount_cents),
    createdAt: new Date(row.created_at),
  };
}
