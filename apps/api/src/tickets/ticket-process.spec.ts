import { InMemoryEventStore, type NewEvent } from '@periscol/event-store';
import Database from 'better-sqlite3';
import pino from 'pino';
import { CheckpointTable } from '@periscol/event-store';
import { TicketProcess } from './ticket-process';

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

  async mailCreditSettledOrder(familyId: string, orderId: string) {
    await this.call(`credit-order ${familyId} ${orderId}`);
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

describe('TicketProcess', () => {
  let store: InMemoryEventStore;
  let db: Database.Database;
  const logger = pino({ level: 'silent' });
  const processes: TicketProcess[] = [];

  beforeEach(async () => {
    store = new InMemoryEventStore();
    db = new Database(':memory:');
    await store.appendToStream('family-F1', [event('PaymentConfirmed', { paymentId: 'p1', orderId: 'o1' }), event('ReservationConfirmed', { orderId: 'o1' })], { expectedRevision: 'any' });
    await store.appendToStream('numbering-R-2026', [event('DocumentNumberAssigned', { sourceId: 'p1' })], { expectedRevision: 'any' });
    await store.appendToStream(
      'family-F2',
      [
        event('CreditIssued', { creditId: 'cr-cancel', source: 'cancellation' }),
        event('CreditIssued', { creditId: 'cr-goodwill', source: 'goodwill' }),
        event('CreditIssued', { creditId: 'cr-closure', source: 'closure' }),
        event('CreditIssued', { creditId: 'cr-payment', source: 'unapplied_payment' }),
        event('ReservationConfirmed', { orderId: 'o-credit', via: 'credit' }),
        event('ReservationConfirmed', { orderId: 'o-paid', via: 'payment', paymentId: 'p2' }),
      ],
      { expectedRevision: 'any' },
    );
  });

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((process) => process.stop()));
    await store.close();
    db.close();
  });

  function ticketProcess(issuer: FakeIssuer): TicketProcess {
    // Restarts after a failure run when the test says so: no sleeping.
    const created = new TicketProcess({ store, db, issuer, logger, setTimer: (callback) => (restarts.push(callback), () => undefined) });
    processes.push(created);
    return created;
  }
  let restarts: (() => void)[] = [];
  beforeEach(() => (restarts = []));

  it('issues tickets, credit notes (cancellations and closures only) and validations by credit in order, then resumes from its checkpoint', async () => {
    const issuer = new FakeIssuer();
    const first = ticketProcess(issuer);
    first.start();
    await first.settled();
    expect(issuer.calls).toEqual(['ticket F1 p1', 'credit-note F2 cr-cancel', 'credit-note F2 cr-closure', 'credit-order F2 o-credit']);
    expect(new CheckpointTable(db).get('tickets')?.position).toBe(await store.headPosition());
    await first.stop();

    await store.appendToStream('family-F1', [event('PaymentConfirmed', { paymentId: 'p2', orderId: 'o2' })], { expectedRevision: 'any' });
    const second = ticketProcess(issuer);
    second.start();
    await second.settled();
    expect(issuer.calls.slice(4)).toEqual(['ticket F1 p2']);
  });

  it('stops on a failure and, once restarted, retries the same event: nothing is skipped', async () => {
    const issuer = new FakeIssuer();
    issuer.failures = 1;
    const process = ticketProcess(issuer);
    process.start();
    // The failure schedules a restart through the injected timer; nothing runs it but the test.
    await new Promise<void>((resolve) => {
      const poll = () => (restarts.length > 0 ? resolve() : setImmediate(poll));
      poll();
    });
    expect(process.status().failing).toBe(true);
    restarts.shift()?.();
    await process.settled();
    expect(issuer.calls).toEqual(['ticket F1 p1', 'ticket F1 p1', 'credit-note F2 cr-cancel', 'credit-note F2 cr-closure', 'credit-order F2 o-credit']);
    expect(process.status().failing).toBe(false);
  });
});
