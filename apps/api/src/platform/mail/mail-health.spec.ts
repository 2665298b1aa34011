import Database from 'better-sqlite3';
import { mailHealthCheck } from './mail-health';
import { SqliteMailOutbox } from './sqlite-mail-outbox.adapter';
import { ticketMessage } from './mail-test-messages.fixture';

const T0 = new Date('2026-03-12T10:00:00Z');
const MIN = 60_000;

function setup() {
  let now = T0;
  const clock = () => now;
  const outbox = new SqliteMailOutbox(new Database(':memory:'), { clock });
  const check = mailHealthCheck(outbox, clock, { maxFailingMs: 15 * MIN, maxFailedAttempts: 3 });
  /** One attempt of message n that fails with an error naming the recipient, as SMTP errors do. */
  const fail = async (n: number) => {
    const [claimed] = await outbox.claimDue(now, { claimToken: `t${n}`, leaseMs: MIN, limit: 1 });
    await outbox.markRetry(claimed.messageId, `t${n}`, now, `EENVELOPE 451 <${claimed.to}>: try again later`);
  };
  return { outbox, check, fail, setNow: (ms: number) => (now = new Date(T0.getTime() + ms)) };
}

describe('the mail health check', () => {
  it('is named mail and ok while nothing fails, whatever waits', async () => {
    const { outbox, check } = setup();
    expect(check.name).toBe('mail');
    expect(await check.run()).toEqual({ ok: true, detail: 'no e-mail failing' });
    await outbox.enqueue(ticketMessage(1));
    expect(await check.run()).toEqual({ ok: true, detail: 'no e-mail failing' });
  });

  it('stays ok after one failed attempt (a server greylisting), fails after three, and is ok again once delivered', async () => {
    const { outbox, check, fail } = setup();
    await outbox.enqueue(ticketMessage(1));
    await fail(1);
    expect(await check.run()).toMatchObject({ ok: true, detail: '1 e-mail failing, for 0 min, after 1 attempt' });
    await fail(1);
    await fail(1);
    expect(await check.run()).toEqual({ ok: false, detail: '1 e-mail failing, for 0 min, after 3 attempts' });
    await outbox.markDelivered('<R-2026-000001@periscol.local>', T0, '250 OK');
    expect(await check.run()).toEqual({ ok: true, detail: 'no e-mail failing' });
  });

  it('fails when a message has been failing longer than the threshold', async () => {
    const { outbox, check, fail, setNow } = setup();
    await outbox.enqueue(ticketMessage(1));
    await outbox.enqueue(ticketMessage(2));
    await fail(1);
    setNow(14 * MIN);
    expect((await check.run()).ok).toBe(true);
    setNow(16 * MIN);
    expect(await check.run()).toEqual({ ok: false, detail: '1 e-mail failing, for 16 min, after 1 attempt' });
  });

  it('never shows an address nor an error text (the endpoint is public)', async () => {
    const { outbox, check, fail } = setup();
    await outbox.enqueue(ticketMessage(1));
    for (let n = 0; n < 3; n++) await fail(1);
    expect(JSON.stringify(await check.run())).not.toMatch(/@|451|try again/);
  });
});
