import { InMemoryEventStore, type NewEvent } from '@periscol/event-store';
import Database from 'better-sqlite3';
import pino from 'pino';
import { ProcessCheckpoints } from './process-checkpoints.store';
import type { TicketIssuer } from './ticket-issuer.service';
import { TicketProcessManager } from './ticket-process.manager';

let ids = 0;
function event(type: string, data: Record<string, unknown>): NewEvent {
  ids += 1;
  return { type, data, metadata: { eventId: `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`, schemaVersion: 1, correlationId: `corr-${ids}` } };
}

/** Records calls; `failures` makes the next calls throw. */
class FakeIssuer {
  readonly calls: string[] = [];
  failures = 0;

  async ensureTicket(familyId: string, paymentId: string) {
    return this.call(`ticket ${familyId} ${paymentId}`);
  }

  async ensureCreditNote(familyId: string, creditId: string) {
    return this.call(`credit-note ${familyId} ${creditId}`);
  }

  private async call(what: string): Promise<undefined> {
    this.calls.push(what);
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error(`failed: ${what}`);
    }
    return undefined;
  }
}

describe('TicketProcessManager', () => {
  let store: InMemoryEventStore;
  let db: Database.Database;
  let checkpoints: ProcessCheckpoints;
  const logger = pino({ level: 'silent' });
  const managers: TicketProcessManager[] = [];

  beforeEach(async () => {
    store = new InMemoryEventStore();
    db = new Database(':memory:');
    checkpoints = new ProcessCheckpoints(db);
    await store.appendToStream('family-F1', [event('PaymentConfirmed', { paymentId: 'p1', orderId: 'o1' }), event('ReservationConfirmed', { orderId: 'o1' })], { expectedRevision: 'any' });
    await store.appendToStream('numbering-R-2026', [event('DocumentNumberAssigned', { sourceId: 'p1' })], { expectedRevision: 'any' });
    await store.appendToStream(
      'family-F2',
      [
        event('CreditIssued', { creditId: 'cr-cancel', source: 'cancellation' }),
        event('CreditIssued', { creditId: 'cr-goodwill', source: 'goodwill' }),
        event('CreditIssued', { creditId: 'cr-closure', source: 'closure' }),
        event('CreditIssued', { creditId: 'cr-payment', source: 'unapplied_payment' }),
      ],
      { expectedRevision: 'any' },
    );
  });

  afterEach(async () => {
    await Promise.all(managers.splice(0).map((manager) => manager.stop()));
    await store.close();
    db.close();
  });

  function manager(issuer: FakeIssuer, retryMs = 1): TicketProcessManager {
    const created = new TicketProcessManager(store, issuer as unknown as TicketIssuer, checkpoints, logger, { retry: { initialMs: retryMs, maxMs: retryMs } });
    managers.push(created);
    return created;
  }

  it('issues tickets and credit notes (cancellations and closures only) in order, then resumes from its checkpoint', async () => {
    const issuer = new FakeIssuer();
    const first = manager(issuer);
    first.start();
    await first.settled();
    expect(issuer.calls).toEqual(['ticket F1 p1', 'credit-note F2 cr-cancel', 'credit-note F2 cr-closure']);
    expect(checkpoints.get('tickets')).toBe(await store.headPosition());
    await first.stop();

    await store.appendToStream('family-F1', [event('PaymentConfirmed', { paymentId: 'p2', orderId: 'o2' })], { expectedRevision: 'any' });
    const next = new FakeIssuer();
    const second = manager(next);
    second.start();
    await second.settled();
    expect(next.calls).toEqual(['ticket F1 p2']);
  });

  it('stops on a failure and retries the same event after a delay: nothing is skipped', async () => {
    const issuer = new FakeIssuer();
    issuer.failures = 2;
    const process = manager(issuer);
    process.start();
    await process.settled();
    expect(issuer.calls).toEqual(['ticket F1 p1', 'ticket F1 p1', 'ticket F1 p1', 'credit-note F2 cr-cancel', 'credit-note F2 cr-closure']);
    expect(process.status()).toEqual({ position: await store.headPosition(), failing: false });
  });
});
