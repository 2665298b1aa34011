import Database from 'better-sqlite3';
import type { Scheduler } from './mail-dispatch.timer';
import { DEFAULT_LEASE_MS, MailDispatcher } from './mail-dispatcher.service';
import { SqliteMailOutbox } from './sqlite-mail-outbox.adapter';
import type { MailTransport, OutgoingMail } from './mail-transport.port';
import { ticketMessage } from './mail-test-messages.fixture';

const T0 = new Date('2026-03-12T10:00:00Z');
const ID = '<R-2026-000001@periscol.local>';

/** Timers that fire only when the test says so. */
class ManualScheduler implements Scheduler {
  pending: { run: () => void; delayMs: number }[] = [];
  setTimeout(run: () => void, delayMs: number): unknown {
    const entry = { run, delayMs };
    this.pending.push(entry);
    return entry;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((entry) => entry !== handle);
  }
  fireAll(): void {
    const due = this.pending.splice(0);
    for (const entry of due) entry.run();
  }
}

/** A transport whose sends wait until the test releases them (an SMTP server that takes its time). */
class SlowTransport implements MailTransport {
  readonly kind = 'test';
  readonly sent: string[] = [];
  private waiting: (() => void)[] = [];
  send(mail: OutgoingMail) {
    return new Promise<{ response: string }>((resolve) => {
      this.waiting.push(() => {
        this.sent.push(mail.messageId);
        resolve({ response: '250 OK' });
      });
    });
  }
  get inFlight(): number {
    return this.waiting.length;
  }
  release(): void {
    for (const done of this.waiting.splice(0)) done();
  }
  close(): void {
    this.release();
  }
}

/** Two "processes" on one outbox, each with its dispatcher, sharing the test's clock. */
function setup() {
  let now = T0;
  const clock = () => now;
  const db = new Database(':memory:');
  const outbox = new SqliteMailOutbox(db, { clock });
  const dispatcher = (transport: MailTransport, scheduler: Scheduler = new ManualScheduler()) =>
    new MailDispatcher({ outbox, transport, from: 'x@exemple.fr', clock, scheduler });
  return { outbox, dispatcher, clock, setNow: (ms: number) => (now = new Date(T0.getTime() + ms)) };
}

/** Lets the dispatcher reach the transport (claim, then send). */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the outbox lease', () => {
  it('is one minute by default', () => {
    expect(DEFAULT_LEASE_MS).toBe(60_000);
  });

  it("hands a killed dispatcher's message to another one as soon as the lease ends, a minute later", async () => {
    const { outbox, dispatcher, clock, setNow } = setup();
    await outbox.enqueue(ticketMessage(1));
    const killed = new SlowTransport(); // claims, starts sending, then its process dies: no renewal ever runs
    void dispatcher(killed).dispatchDue(clock());
    await tick();
    expect(killed.inFlight).toBe(1);
    expect(await outbox.get(ID)).toMatchObject({ status: 'sending', dueAt: new Date(T0.getTime() + 60_000) });

    const survivor = new SlowTransport();
    const other = dispatcher(survivor);
    setNow(59_999);
    const early = other.dispatchDue(clock());
    await tick();
    expect(survivor.inFlight).toBe(0);
    await early;

    setNow(60_000);
    const sent = other.dispatchDue(clock());
    await tick();
    survivor.release();
    expect((await sent).delivered).toEqual([ID]);
    expect(await outbox.get(ID)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('is renewed while an attempt runs, so a slow server never gets the message twice; renewals stop with the attempt', async () => {
    const { outbox, dispatcher, clock, setNow } = setup();
    await outbox.enqueue(ticketMessage(1));
    const slow = new SlowTransport();
    const scheduler = new ManualScheduler();
    const sending = dispatcher(slow, scheduler).dispatchDue(clock());
    await tick();
    expect(scheduler.pending.map((timer) => timer.delayMs)).toEqual([20_000]);

    for (const at of [20_000, 40_000, 60_000, 80_000]) {
      setNow(at);
      scheduler.fireAll();
      expect((await outbox.get(ID))?.dueAt).toEqual(new Date(T0.getTime() + at + 60_000));
    }
    const other = new SlowTransport();
    setNow(100_000);
    const late = dispatcher(other).dispatchDue(clock());
    await tick();
    expect(other.inFlight).toBe(0);
    await late;

    slow.release();
    expect((await sending).delivered).toEqual([ID]);
    expect(scheduler.pending).toEqual([]);
    expect(slow.sent).toEqual([ID]);
    expect(await outbox.get(ID)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('is not renewed for a claim another dispatcher has taken over', async () => {
    const { outbox } = setup();
    await outbox.enqueue(ticketMessage(1));
    await outbox.claimDue(T0, { claimToken: 'a', leaseMs: 60_000, limit: 1 });
    await outbox.claimDue(new Date(T0.getTime() + 60_000), { claimToken: 'b', leaseMs: 60_000, limit: 1 });
    expect(await outbox.renewLease(ID, 'a', new Date(T0.getTime() + 500_000))).toBe(false);
    expect((await outbox.get(ID))?.dueAt).toEqual(new Date(T0.getTime() + 120_000));
  });
});
