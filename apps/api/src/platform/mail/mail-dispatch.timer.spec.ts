import Database from 'better-sqlite3';
import { MailDispatchTimer, type Scheduler } from './mail-dispatch.timer';
import { MailDispatcher } from './mail-dispatcher.service';
import { SqliteMailOutbox } from './sqlite-mail-outbox.adapter';
import type { MailTransport, OutgoingMail } from './mail-transport.port';
import { ticketMessage } from './mail-test-messages.fixture';

/** A scheduler the test fires by hand: no real time passes. */
class ManualScheduler implements Scheduler {
  pending: { run: () => void; delayMs: number; handle: number }[] = [];
  private next = 0;

  setTimeout(run: () => void, delayMs: number): unknown {
    const handle = ++this.next;
    this.pending.push({ run, delayMs, handle });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  }

  /** The one armed timer's delay (the loop keeps at most one). */
  get armed(): number | undefined {
    expect(this.pending.length).toBeLessThanOrEqual(1);
    return this.pending[0]?.delayMs;
  }

  fire(): void {
    const timer = this.pending.shift();
    if (timer === undefined) throw new Error('no timer armed');
    timer.run();
  }
}

const T0 = new Date('2026-03-12T10:00:00Z');

function setup(transportSend: (mail: OutgoingMail) => Promise<{ response: string }>) {
  let now = T0;
  const clock = () => now;
  const scheduler = new ManualScheduler();
  const outbox = new SqliteMailOutbox(new Database(':memory:'), { clock });
  const transport: MailTransport = { kind: 'test', send: transportSend, close: () => undefined };
  const dispatcher = new MailDispatcher({ outbox, transport, from: 'x@exemple.fr', backoff: { initialMs: 15_000, maxMs: 60_000 } });
  const errors: unknown[] = [];
  const timer = new MailDispatchTimer({ dispatcher, outbox, clock, scheduler, idleMs: 60_000, onError: (e) => errors.push(e) });
  return { outbox, timer, scheduler, errors, setNow: (ms: number) => (now = new Date(T0.getTime() + ms)) };
}

describe('MailDispatchTimer', () => {
  it('sends at start, then sleeps the idle delay when nothing is due', async () => {
    const sent: string[] = [];
    const { outbox, timer, scheduler } = setup(async (mail) => {
      sent.push(mail.messageId);
      return { response: '250 OK' };
    });
    await outbox.enqueue(ticketMessage(1));
    timer.start();
    expect(scheduler.armed).toBe(0);
    scheduler.fire();
    await timer.settled();

    expect(sent).toEqual(['<R-2026-000001@periscol.local>']);
    expect(scheduler.armed).toBe(60_000);
    await timer.stop();
  });

  it('wakes up when the next retry is due, and kick() sends a new message at once', async () => {
    let up = false;
    const sent: string[] = [];
    const { outbox, timer, scheduler, setNow } = setup(async (mail) => {
      if (!up) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' });
      sent.push(mail.messageId);
      return { response: '250 OK' };
    });
    await outbox.enqueue(ticketMessage(1));
    timer.start();
    scheduler.fire();
    await timer.settled();
    expect(scheduler.armed).toBe(15_000); // the backoff's first delay

    setNow(5_000);
    await outbox.enqueue(ticketMessage(2));
    timer.kick();
    expect(scheduler.armed).toBe(0);
    scheduler.fire();
    await timer.settled();
    expect(scheduler.armed).toBe(10_000); // message 1 due at 15 s

    up = true;
    setNow(15_000);
    scheduler.fire();
    await timer.settled();
    expect(sent).toEqual(['<R-2026-000001@periscol.local>']);
    expect(scheduler.armed).toBe(5_000); // message 2 due at 20 s
    setNow(20_000);
    scheduler.fire();
    await timer.settled();
    expect(sent).toEqual(['<R-2026-000001@periscol.local>', '<R-2026-000002@periscol.local>']);
    await timer.stop();
  });

  it('never overlaps runs: a kick during a run runs again right after it', async () => {
    const waiting: (() => void)[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const { outbox, timer, scheduler } = setup(async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight -= 1;
      return { response: '250 OK' };
    });
    const releaseNext = async () => {
      while (waiting.length === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      waiting.shift()?.();
    };
    await outbox.enqueue(ticketMessage(1));
    timer.start();
    scheduler.fire();
    await outbox.enqueue(ticketMessage(2));
    timer.kick();
    expect(scheduler.pending).toHaveLength(0); // no second run while one is in flight
    await releaseNext();
    await releaseNext(); // the same run picks message 2 up
    await timer.settled();
    expect(scheduler.armed).toBe(0); // the kick is honoured once the run is over
    scheduler.fire();
    await timer.settled();
    expect(maxInFlight).toBe(1);
    expect((await outbox.counts()).delivered).toBe(2);
    await timer.stop();
  });

  it('reports a failing run and tries again after the idle delay; stop() disarms it', async () => {
    const { outbox, timer, scheduler, errors } = setup(async () => ({ response: '250 OK' }));
    await outbox.enqueue(ticketMessage(1));
    jest.spyOn(outbox, 'claimDue').mockImplementationOnce(() => {
      throw new Error('database is locked');
    });
    timer.start();
    scheduler.fire();
    await timer.settled();
    expect(errors).toMatchObject([{ message: 'database is locked' }]);
    expect(scheduler.armed).toBe(60_000);
    await timer.stop();
    expect(scheduler.pending).toHaveLength(0);
    timer.kick();
    expect(scheduler.pending).toHaveLength(0);
  });

  it("purges the content of messages delivered 30 days ago, once an hour, keeping their Message-ID", async () => {
    const { outbox, timer, scheduler, setNow } = setup(async () => ({ response: '250 OK' }));
    await outbox.enqueue(ticketMessage(1));
    timer.start();
    scheduler.fire();
    await timer.settled();
    expect(await outbox.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'delivered', to: 'famille.martin@example.org' });

    const DAY = 24 * 3_600_000;
    setNow(30 * DAY - 1);
    scheduler.fire();
    await timer.settled();
    expect((await outbox.get('<R-2026-000001@periscol.local>'))?.to).toBe('famille.martin@example.org');

    setNow(30 * DAY + 3_600_000); // the next purge, an hour after the last one
    scheduler.fire();
    await timer.settled();
    expect(await outbox.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'delivered', to: '', subject: '' });
    expect(await outbox.enqueue(ticketMessage(1))).toMatchObject({ outcome: 'duplicate' });
    await timer.stop();
  });
});
