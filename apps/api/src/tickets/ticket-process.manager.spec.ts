import { InMemoryEventStore, type NewEvent } from '@periscol/event-store';
import Database from 'better-sqlite3';
import pino from 'pino';
import { ProcessCheckpoints } from './process-checkpoints.store';
import type { TicketIssuer } from './ticket-issuer.service';
import { CHECKPOINT_MAX_LAG, TicketProcessManager } from './ticket-process.manager';

let ids = 0;
function event(type: string, data: Record<string, unknown>): NewEvent {
  ids += 1;
  return { type, data, metadata: { eventId: `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`, schemaVersion: 1, correlationId: `corr-${ids}` } };
}

/** Records calls; `failures` makes the next calls throw; `hang(what)` makes that call never finish by itself. */
class FakeIssuer {
  readonly calls: string[] = [];
  failures = 0;
  private hung: { what: string; reached: () => void; release?: (error: Error) => void } | undefined;

  /** Resolves when the call `what` starts; that call then waits for `release()`. */
  hang(what: string): Promise<void> {
    return new Promise((reached) => (this.hung = { what, reached }));
  }

  release(): void {
    this.hung?.release?.(new Error('released'));
  }

  async ensureTicket(familyId: string, paymentId: string) {
    return this.call(`ticket ${familyId} ${paymentId}`);
  }

  async ensureCreditNote(familyId: string, creditId: string) {
    return this.call(`credit-note ${familyId} ${creditId}`);
  }

  private async call(what: string): Promise<undefined> {
    this.calls.push(what);
    const hung = this.hung;
    if (hung?.what === what) {
      await new Promise<never>((_resolve, reject) => {
        hung.release = reject;
        hung.reached();
      });
    }
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

  it('saves the checkpoint once per batch that needed work, not per event nor for batches with nothing to do', async () => {
    const saves = jest.spyOn(checkpoints, 'save');
    const process = manager(new FakeIssuer());
    process.start();
    await process.settled();
    // Seven events, three of them with work, in one batch: one save.
    expect(saves).toHaveBeenCalledTimes(1);
    expect(checkpoints.get('tickets')).toBe(await store.headPosition());

    await store.appendToStream('family-F1', [event('ReservationConfirmed', { orderId: 'o9' })], { expectedRevision: 'any' });
    await process.settled();
    expect(saves).toHaveBeenCalledTimes(1);
    expect(checkpoints.get('tickets')).toBe((await store.headPosition()) - 1);

    await store.appendToStream('family-F2', [event('PaymentConfirmed', { paymentId: 'p9', orderId: 'o9' })], { expectedRevision: 'any' });
    await process.settled();
    expect(saves).toHaveBeenCalledTimes(2);
    expect(checkpoints.get('tickets')).toBe(await store.headPosition());
  });

  it('moves a checkpoint left behind by batches without work once it lags CHECKPOINT_MAX_LAG events, and on stop', async () => {
    const process = manager(new FakeIssuer());
    process.start();
    await process.settled();
    const first = checkpoints.get('tickets');
    const noWork = Array.from({ length: CHECKPOINT_MAX_LAG - 1 }, (_, n) => event('DocumentNumberAssigned', { sourceId: `s${n}` }));
    await store.appendToStream('numbering-R-2027', noWork, { expectedRevision: 'any' });
    await process.settled();
    expect(checkpoints.get('tickets')).toBe(first);

    await store.appendToStream('numbering-R-2027', [event('DocumentNumberAssigned', { sourceId: 'last' })], { expectedRevision: 'any' });
    await process.settled();
    expect(checkpoints.get('tickets')).toBe(first + CHECKPOINT_MAX_LAG);

    await store.appendToStream('numbering-R-2027', [event('DocumentNumberAssigned', { sourceId: 'after' })], { expectedRevision: 'any' });
    await process.settled();
    await process.stop();
    expect(checkpoints.get('tickets')).toBe(await store.headPosition());
  });

  it('after a crash in the middle of a batch, a new process handles again every event of the batch: nothing is skipped', async () => {
    const crashed = new FakeIssuer();
    const hung = crashed.hang('credit-note F2 cr-closure');
    const first = manager(crashed);
    first.start();
    await hung;
    // The process dies here (never stopped): a second one starts on the same checkpoints.
    try {
      const next = new FakeIssuer();
      const second = manager(next);
      second.start();
      await second.settled();
      expect(next.calls).toEqual(['ticket F1 p1', 'credit-note F2 cr-cancel', 'credit-note F2 cr-closure']);
      expect(checkpoints.get('tickets')).toBe(await store.headPosition());
    } finally {
      crashed.release();
    }
  });
});
