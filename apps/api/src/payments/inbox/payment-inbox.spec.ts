import Database from 'better-sqlite3';
import type { PaidNotification } from '../providers/payment-provider.port';
import { PaymentInbox } from './payment-inbox';

const T0 = new Date('2026-11-26T09:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const paid: PaidNotification = {
  kind: 'paid',
  provider: 'stripe',
  eventId: 'evt_1',
  sessionId: 'cs_1',
  orderId: 'ord-1',
  paymentId: 'pay-1',
  familyId: 'fam-1',
  providerPaymentId: 'pi_1',
  amountCents: 210,
  currency: 'eur',
  paidAt: T0,
};

describe('PaymentInbox', () => {
  let db: Database.Database;
  let inbox: PaymentInbox;

  beforeEach(() => {
    db = new Database(':memory:');
    inbox = new PaymentInbox(db);
  });

  afterEach(() => db.close());

  it('records a provider event once, and gives back the notification as it was parsed', () => {
    const first = inbox.record('stripe', paid, T0, { owner: 'a', leaseMs: 1000 });
    const again = inbox.record('stripe', paid, at(5000), { owner: 'b', leaseMs: 1000 });
    expect(again.id).toBe(first.id);
    expect(again.notification).toEqual(paid);
    expect(db.prepare('SELECT COUNT(*) AS n FROM payment_inbox').get()).toEqual({ n: 1 });
  });

  it('leases a row to one process at a time; another takes it once the lease is over', () => {
    const { id } = inbox.record('stripe', paid, T0, { owner: 'a', leaseMs: 60_000 });
    expect(inbox.claimDue(at(1000), 'b', 60_000)).toBeUndefined();
    expect(inbox.nextDueAt()).toEqual(at(60_000));
    expect(inbox.claimDue(at(60_000), 'b', 60_000)?.id).toBe(id);
    expect(inbox.claimDue(at(60_000), 'c', 60_000)).toBeUndefined();
  });

  it('retries a failed row after its delay; a row processed meanwhile stays processed', () => {
    const { id } = inbox.record('stripe', paid, T0, { owner: 'a', leaseMs: 60_000 });
    inbox.markFailed(id, 'Error: conflict', at(1000));
    expect(inbox.claimDue(at(999), 'a', 60_000)).toBeUndefined();
    expect(inbox.claimDue(at(1000), 'a', 60_000)).toMatchObject({ id, attempts: 1 });

    inbox.markProcessed(id, at(1500), 'order_confirmed');
    inbox.markFailed(id, 'Error: a late duplicate failed', at(2000));
    expect(db.prepare('SELECT processed_at, outcome, last_error FROM payment_inbox WHERE id = ?').get(id)).toEqual({
      processed_at: at(1500).getTime(),
      outcome: 'order_confirmed',
      last_error: null,
    });
    expect(inbox.nextDueAt()).toBeUndefined();
  });
});
