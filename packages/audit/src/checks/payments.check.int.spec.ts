import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { InMemoryEventStore, type NewEvent } from '@periscol/event-store';
import { PAYMENT_INBOX_DDL, SIMULATED_SESSION_DDL, type StoredPaidNotification } from '@periscol/application';
import { tempDir } from '../testing/temp-store';
import { checkProviderPayments } from './payments.check';

let ids = 0;
function event(type: string, data: Record<string, unknown>): NewEvent {
  ids += 1;
  return { type, data, metadata: { eventId: `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`, schemaVersion: 1 } };
}

function paid(providerPaymentId: string, familyId: string, paymentId: string, amountCents = 210): StoredPaidNotification {
  return { kind: 'paid', provider: 'stripe', eventId: `evt_${providerPaymentId}`, sessionId: `cs_${paymentId}`, orderId: `ord-${paymentId}`, paymentId, familyId, providerPaymentId, amountCents, currency: 'eur', paidAt: '2026-11-26T09:00:00.000Z' };
}

describe('checkProviderPayments', () => {
  let dir: string;
  let file: string;
  const store = new InMemoryEventStore();

  beforeAll(async () => {
    dir = tempDir();
    file = path.join(dir, 'operations.sqlite');
    const db = new Database(file);
    db.exec(PAYMENT_INBOX_DDL + SIMULATED_SESSION_DDL);
    const insert = db.prepare(
      `INSERT INTO payment_inbox (provider, provider_event_id, provider_payment_id, kind, notification, received_at, next_attempt_at, processed_at)
       VALUES (?, ?, ?, ?, ?, 0, 0, 0)`,
    );
    for (const notification of [paid('pi_confirmed', 'f1', 'p1'), paid('pi_unmatched', 'f-none', 'p2'), paid('pi_legacy', 'f1', 'p3', 500), paid('pi_missing', 'f2', 'p4')]) {
      insert.run('stripe', notification.eventId, notification.providerPaymentId, 'paid', JSON.stringify(notification));
    }
    // Delivered twice under two event ids (completed, then async success): one payment.
    insert.run('stripe', 'evt_again', 'pi_confirmed', 'paid', JSON.stringify(paid('pi_confirmed', 'f1', 'p1')));
    insert.run('stripe', 'evt_failed', null, 'failed', '{"kind":"failed"}');
    db.prepare(
      `INSERT INTO simulated_checkout_session (session_id, idempotency_key, order_id, payment_id, family_id, amount_cents, currency, lines_json,
         created_at, expires_at, success_url, cancel_url, status, paid_at, provider_payment_id)
       VALUES ('sim_cs_1', 'k1', 'ord-5', 'p5', 'f2', 420, 'eur', '[]', 0, 1, 's', 'c', 'paid', 1000, 'sim_pi_5')`,
    ).run();
    db.close();

    await store.appendToStream(
      'family-f1',
      [
        event('PaymentConfirmed', { paymentId: 'p1', orderId: 'ord-p1', provider: 'stripe', amountCents: 210, outcome: 'order_confirmed', providerReference: 'pi_confirmed' }),
        // Written before `providerReference` existed: matched on payment id and amount.
        event('PaymentConfirmed', { paymentId: 'p3', orderId: 'ord-p3', provider: 'stripe', amountCents: 500, outcome: 'credited' }),
      ],
      { expectedRevision: 'any' },
    );
    await store.appendToStream('unmatched-payments', [event('UnmatchedPaymentReceived', { provider: 'stripe', providerPaymentId: 'pi_unmatched' })], { expectedRevision: 'any' });
    await store.appendToStream('family-f2', [event('FamilyRegistered', { familyId: 'f2' })], { expectedRevision: 'any' });
  });

  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names every payment a provider took that is neither confirmed nor kept as unmatched', async () => {
    const check = await checkProviderPayments(store, file);
    expect(check.ok).toBe(false);
    expect(check.violations).toEqual([
      expect.objectContaining({ code: 'PAYMENT_NOT_RECORDED', streamId: 'family-f2', familyId: 'f2', message: expect.stringContaining('stripe payment pi_missing of 210 cents') }),
      expect.objectContaining({ code: 'PAYMENT_NOT_RECORDED', streamId: 'family-f2', familyId: 'f2', message: expect.stringContaining('simulated payment sim_pi_5 of 420 cents') }),
    ]);
    expect(check.detail).toMatch(/^2 problems; first: family-f2: PAYMENT_NOT_RECORDED/);
  });

  it('is skipped, and says why, without an operations database', async () => {
    expect(await checkProviderPayments(store, undefined)).toMatchObject({ ok: true, skipped: true, detail: expect.stringContaining('no data folder given') });
    expect(await checkProviderPayments(store, path.join(dir, 'absent.sqlite'))).toMatchObject({ ok: true, skipped: true, detail: expect.stringContaining('absent.sqlite') });
  });
});
