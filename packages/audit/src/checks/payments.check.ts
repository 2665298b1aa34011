/**
 * Money the providers took must be in the ledger (R7). The providers' side is what the API keeps
 * in its operations database (`operations.sqlite`): the inbox of verified paid notifications and
 * the simulated site's paid sessions (`providerPayments`, schema in `@periscol/application`).
 * Each must have its `PaymentConfirmed` in the family's stream (matched on the provider payment
 * id, `providerReference`; an event written before that field on payment id and amount) or its
 * `UnmatchedPaymentReceived` in `unmatched-payments`. The database is opened read-only.
 */
import * as fs from 'node:fs';
import Database from 'better-sqlite3';
import type { EventStore } from '@periscol/event-store';
import { familyStreamId, providerPayments, UNMATCHED_PAYMENTS_STREAM, type ProviderPayment } from '@periscol/application';
import { ViolationList, type AuditCheck } from './audit-report';
import { messageOf } from './hash-chain.check';

export const PAYMENTS_CHECK_NAME = 'payments received recorded in the ledger';

export async function checkProviderPayments(store: EventStore, operationsDatabaseFile: string | undefined, maxViolations = 100): Promise<AuditCheck> {
  if (operationsDatabaseFile === undefined || !fs.existsSync(operationsDatabaseFile)) {
    const where = operationsDatabaseFile === undefined ? 'no data folder given' : `no ${operationsDatabaseFile}`;
    return { id: 'payments', name: PAYMENTS_CHECK_NAME, ok: true, skipped: true, detail: `not checked: ${where} (the API's operations database, where provider notifications are kept)`, violations: [] };
  }
  const db = new Database(operationsDatabaseFile, { readonly: true, fileMustExist: true });
  let payments: ProviderPayment[];
  try {
    payments = providerPayments(db);
  } finally {
    db.close();
  }

  const violations = new ViolationList(maxViolations);
  const recorded = new Set<string>();
  await collect(store, UNMATCHED_PAYMENTS_STREAM, recorded, violations);
  for (const familyId of new Set(payments.map((payment) => payment.familyId))) await collect(store, familyStreamId(familyId), recorded, violations, familyId);

  for (const payment of payments) {
    if (recorded.has(providerKey(payment.provider, payment.providerPaymentId)) || recorded.has(legacyKey(payment.provider, payment.paymentId, payment.amountCents))) continue;
    violations.add({
      code: 'PAYMENT_NOT_RECORDED',
      message:
        `${payment.provider} payment ${payment.providerPaymentId} of ${payment.amountCents} cents (order ${payment.orderId}, payment ${payment.paymentId}, paid ${payment.paidAt}) ` +
        'is in no PaymentConfirmed nor UnmatchedPaymentReceived',
      streamId: familyStreamId(payment.familyId),
      familyId: payment.familyId,
    });
  }
  const none = payments.length === 0 ? 'no payment received by a provider' : `${payments.length} payments received by the providers, each in the ledger`;
  return violations.check('payments', PAYMENTS_CHECK_NAME, none);
}

/** The provider payments a stream records; a stream that cannot be read is a finding (located by the hash-chain check). */
async function collect(store: EventStore, streamId: string, recorded: Set<string>, violations: ViolationList, familyId?: string): Promise<void> {
  let events;
  try {
    ({ events } = await store.readStream(streamId));
  } catch (error) {
    violations.add({ code: 'UNREADABLE_EVENT', message: `payments not compared: the stream cannot be read (${messageOf(error)})`, streamId, ...(familyId ? { familyId } : {}) });
    return;
  }
  for (const event of events) {
    const data = event.data as { provider?: string; providerReference?: string; providerPaymentId?: string; paymentId?: string; amountCents?: number };
    if (event.type === 'UnmatchedPaymentReceived' && data.provider && data.providerPaymentId) recorded.add(providerKey(data.provider, data.providerPaymentId));
    if (event.type !== 'PaymentConfirmed' || !data.provider) continue;
    if (data.providerReference) recorded.add(providerKey(data.provider, data.providerReference));
    else if (data.paymentId && data.amountCents !== undefined) recorded.add(legacyKey(data.provider, data.paymentId, data.amountCents));
  }
}

const providerKey = (provider: string, providerPaymentId: string) => `${provider}\u0000${providerPaymentId}`;
const legacyKey = (provider: string, paymentId: string, amountCents: number) => `${provider}\u0000#${paymentId}\u0000${amountCents}`;
