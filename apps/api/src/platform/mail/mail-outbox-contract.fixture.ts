import { InvalidMailError } from './mail.errors';
import type { MailMessage } from './mail-message';
import type { MailOutbox } from './mail-outbox.port';
import { ticketMessage } from './mail-test-messages.fixture';

const T0 = new Date('2026-03-12T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = { claimToken: 'a', leaseMs: 60_000, limit: 10 };

/** Opens an empty outbox whose clock reads `now`. */
export type OpenMailOutbox = (clock: () => Date) => Promise<MailOutbox>;

/**
 * What every outbox adapter does, run by each adapter's spec: one Message-ID enqueued once, claims
 * leased to one claimer, retries and rejections only from the claim's holder, purge and erasure.
 */
export function describeMailOutboxContract(name: string, open: OpenMailOutbox): void {
const outbox = () => open(() => T0);

describe(`${name}.enqueue`, () => {
  it('stores a message once per Message-ID', async () => {
    const box = await outbox();
    expect(await box.enqueue(ticketMessage(1))).toEqual({ outcome: 'enqueued', messageId: '<R-2026-000001@periscol.local>' });
    expect(await box.enqueue(ticketMessage(1))).toEqual({ outcome: 'duplicate', messageId: '<R-2026-000001@periscol.local>', sameContent: true });
    expect(await box.list()).toHaveLength(1);
    expect(await box.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'pending', attempts: 0, enqueuedAt: T0, dueAt: T0 });
  });

  it('keeps the first message when the same Message-ID comes with other content, and says so', async () => {
    const box = await outbox();
    await box.enqueue(ticketMessage(1));
    expect(await box.enqueue(ticketMessage(1, { subject: 'Autre chose' }))).toMatchObject({ outcome: 'duplicate', sameContent: false });
    expect(await box.enqueue(ticketMessage(1, { attachments: [] }))).toMatchObject({ outcome: 'duplicate', sameContent: false });
    expect((await box.get('<R-2026-000001@periscol.local>'))?.subject).toBe('Votre ticket de paiement R-2026-000001');
  });

  it.each<[string, Partial<MailMessage>]>([
    ['a Message-ID without brackets', { messageId: 'R-2026-000001@periscol.local' }],
    ['a Message-ID with a path separator', { messageId: '<../../etc/passwd@x>' }],
    ['a bad address', { to: 'not an address' }],
    ['an empty subject', { subject: '  ' }],
    ['a subject with a line break', { subject: 'a\r\nBcc: victim@example.org' }],
    ['an attachment named with a path', { attachments: [{ filename: '../x.pdf', content: Buffer.from('x'), contentType: 'application/pdf' }] }],
    ['an attachment that is not a Buffer', { attachments: [{ filename: 'x.pdf', content: 'x' as unknown as Buffer, contentType: 'application/pdf' }] }],
  ])('refuses %s with INVALID_MAIL and stores nothing', async (_, overrides) => {
    const box = await outbox();
    let error: unknown;
    try {
      await box.enqueue(ticketMessage(1, overrides));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidMailError);
    expect((error as InvalidMailError).code).toBe('INVALID_MAIL');
    expect((error as InvalidMailError).details.length).toBeGreaterThan(0);
    expect(await box.list()).toHaveLength(0);
  });
});

describe(`${name} claims`, () => {
  it('hands a due message to one claimer until its lease ends, with its attachments', async () => {
    const box = await outbox();
    await box.enqueue(ticketMessage(1));

    const [claimed] = await box.claimDue(T0, LEASE);
    expect(claimed).toMatchObject({ messageId: '<R-2026-000001@periscol.local>', attempt: 1, claimToken: 'a', enqueuedAt: T0 });
    expect(claimed.attachments[0].content.equals(ticketMessage(1).attachments[0].content)).toBe(true);
    expect(await box.get(claimed.messageId)).toMatchObject({ status: 'sending', attempts: 1, dueAt: later(60_000) });

    expect(await box.claimDue(later(59_999), { ...LEASE, claimToken: 'b' })).toHaveLength(0);
    expect(await box.claimDue(later(60_000), { ...LEASE, claimToken: 'b' })).toMatchObject([{ attempt: 2, claimToken: 'b' }]);
  });

  it('does not claim a message before it is due, nor a delivered or rejected one', async () => {
    const box = await outbox();
    await box.enqueue(ticketMessage(1));
    await box.enqueue(ticketMessage(2));
    await box.enqueue(ticketMessage(3));
    const claimed = await box.claimDue(T0, LEASE);
    await box.markRetry(claimed[0].messageId, 'a', later(30_000), 'ECONNREFUSED');
    await box.markDelivered(claimed[1].messageId, T0, '250 OK');
    await box.markRejected(claimed[2].messageId, 'a', '550 no such user');

    expect(await box.claimDue(later(29_999), LEASE)).toHaveLength(0);
    expect((await box.claimDue(later(3_600_000), LEASE)).map((m) => m.messageId)).toEqual([claimed[0].messageId]);
    expect(await box.counts()).toEqual({ pending: 0, sending: 1, delivered: 1, rejected: 1 });
  });

  it('ignores a retry or rejection from a claimer that lost its claim', async () => {
    const box = await outbox();
    await box.enqueue(ticketMessage(1));
    await box.claimDue(T0, LEASE);
    await box.claimDue(later(60_000), { ...LEASE, claimToken: 'b' });
    expect(await box.markRetry('<R-2026-000001@periscol.local>', 'a', later(90_000), 'late')).toBe(false);
    expect(await box.markRejected('<R-2026-000001@periscol.local>', 'a', 'late')).toBe(false);
    expect(await box.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'sending', attempts: 2 });
  });

  it('requeues a rejected message only', async () => {
    const box = await outbox();
    await box.enqueue(ticketMessage(1));
    await box.enqueue(ticketMessage(2));
    await box.claimDue(T0, LEASE);
    await box.markRejected('<R-2026-000001@periscol.local>', 'a', '550');
    await box.markDelivered('<R-2026-000002@periscol.local>', T0, '250');
    expect(await box.requeue('<R-2026-000002@periscol.local>', later(1000))).toBe(false);
    expect(await box.requeue('<R-2026-000001@periscol.local>', later(1000))).toBe(true);
    expect(await box.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'pending', attempts: 0, dueAt: later(1000) });
  });

  it('tells when the next message falls due', async () => {
    const box = await outbox();
    expect(await box.nextDueAt()).toBeUndefined();
    await box.enqueue(ticketMessage(1));
    expect(await box.nextDueAt()).toEqual(T0);
    await box.claimDue(T0, LEASE);
    expect(await box.nextDueAt()).toEqual(later(60_000));
    await box.markDelivered('<R-2026-000001@periscol.local>', T0, '250');
    expect(await box.nextDueAt()).toBeUndefined();
  });
});

describe(`${name}.purgeDelivered`, () => {
  it('erases the personal data of old delivered messages but keeps their Message-ID taken', async () => {
    const box = await outbox();
    await box.enqueue(ticketMessage(1));
    await box.enqueue(ticketMessage(2));
    await box.claimDue(T0, LEASE);
    await box.markDelivered('<R-2026-000001@periscol.local>', T0, '250 OK');

    expect(await box.purgeDelivered(later(1))).toBe(1);
    expect(await box.purgeDelivered(later(1))).toBe(0);
    expect(await box.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'delivered', to: '', subject: '' });
    expect(await box.get('<R-2026-000002@periscol.local>')).toMatchObject({ status: 'sending', to: 'famille.martin@example.org' });

    expect(await box.enqueue(ticketMessage(1))).toMatchObject({ outcome: 'duplicate' });
    expect((await box.claimDue(later(3_600_000), LEASE)).map((m) => m.messageId)).toEqual(['<R-2026-000002@periscol.local>']);
  });
});

describe(`${name}.erase`, () => {
  it('deletes messages sent or not, and refuses them for ever after', async () => {
    const box = await outbox();
    await box.enqueue(ticketMessage(1));
    await box.enqueue(ticketMessage(2));
    await box.enqueue(ticketMessage(3));
    const [first] = await box.claimDue(T0, { ...LEASE, limit: 1 });
    await box.markDelivered(first.messageId, T0, '250 OK');

    await box.erase(['<R-2026-000001@periscol.local>', '<R-2026-000002@periscol.local>']);
    await box.erase(['<R-2026-000002@periscol.local>']);

    expect(await box.get('<R-2026-000001@periscol.local>')).toBeUndefined();
    expect(await box.isErased('<R-2026-000002@periscol.local>')).toBe(true);
    expect(await box.isErased('<R-2026-000003@periscol.local>')).toBe(false);
    expect(await box.enqueue(ticketMessage(2))).toEqual({ outcome: 'erased', messageId: '<R-2026-000002@periscol.local>' });
    expect((await box.list()).map((m) => m.messageId)).toEqual(['<R-2026-000003@periscol.local>']);
    expect((await box.claimDue(later(3_600_000), LEASE)).map((m) => m.messageId)).toEqual(['<R-2026-000003@periscol.local>']);
  });

  it('never keeps a message enqueued while it is being erased', async () => {
    const box = await outbox();
    const ids = Array.from({ length: 20 }, (_, i) => ticketMessage(i + 1));
    await Promise.all(ids.flatMap((message) => [box.enqueue(message), box.erase([message.messageId])]));
    expect(await box.list()).toEqual([]);
  });
});

describe(`${name} with concurrent claimers`, () => {
  it('hands each due message to exactly one of them', async () => {
    const box = await outbox();
    for (let n = 1; n <= 30; n++) await box.enqueue(ticketMessage(n));
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => box.claimDue(T0, { claimToken: `c${i}`, leaseMs: 60_000, limit: 10 })),
    );
    const claimed = claims.flat().map((m) => m.messageId);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed).toHaveLength(30);
    expect((await box.counts()).sending).toBe(30);
  });
});
}
