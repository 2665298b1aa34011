import Database from 'better-sqlite3';
import { InvalidMailError } from './mail.errors';
import type { MailMessage } from './mail-message';
import { MailOutbox } from './mail-outbox.store';
import { ticketMessage } from './mail-test-messages.fixture';

const T0 = new Date('2026-03-12T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = { claimToken: 'a', leaseMs: 60_000, limit: 10 };

function outbox() {
  return new MailOutbox(new Database(':memory:'), { clock: () => T0 });
}

describe('MailOutbox.enqueue', () => {
  it('stores a message once per Message-ID', () => {
    const box = outbox();
    expect(box.enqueue(ticketMessage(1))).toEqual({ outcome: 'enqueued', messageId: '<R-2026-000001@periscol.local>' });
    expect(box.enqueue(ticketMessage(1))).toEqual({ outcome: 'duplicate', messageId: '<R-2026-000001@periscol.local>', sameContent: true });
    expect(box.list()).toHaveLength(1);
    expect(box.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'pending', attempts: 0, enqueuedAt: T0, dueAt: T0 });
  });

  it('keeps the first message when the same Message-ID comes with other content, and says so', () => {
    const box = outbox();
    box.enqueue(ticketMessage(1));
    expect(box.enqueue(ticketMessage(1, { subject: 'Autre chose' }))).toMatchObject({ outcome: 'duplicate', sameContent: false });
    expect(box.enqueue(ticketMessage(1, { attachments: [] }))).toMatchObject({ outcome: 'duplicate', sameContent: false });
    expect(box.get('<R-2026-000001@periscol.local>')?.subject).toBe('Votre ticket de paiement R-2026-000001');
  });

  it.each<[string, Partial<MailMessage>]>([
    ['a Message-ID without brackets', { messageId: 'R-2026-000001@periscol.local' }],
    ['a Message-ID with a path separator', { messageId: '<../../etc/passwd@x>' }],
    ['a bad address', { to: 'not an address' }],
    ['an empty subject', { subject: '  ' }],
    ['a subject with a line break', { subject: 'a\r\nBcc: victim@example.org' }],
    ['an attachment named with a path', { attachments: [{ filename: '../x.pdf', content: Buffer.from('x'), contentType: 'application/pdf' }] }],
    ['an attachment that is not a Buffer', { attachments: [{ filename: 'x.pdf', content: 'x' as unknown as Buffer, contentType: 'application/pdf' }] }],
  ])('refuses %s with INVALID_MAIL and stores nothing', (_, overrides) => {
    const box = outbox();
    let error: unknown;
    try {
      box.enqueue(ticketMessage(1, overrides));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidMailError);
    expect((error as InvalidMailError).code).toBe('INVALID_MAIL');
    expect((error as InvalidMailError).details.length).toBeGreaterThan(0);
    expect(box.list()).toHaveLength(0);
  });
});

describe('MailOutbox claims', () => {
  it('hands a due message to one claimer until its lease ends, with its attachments', () => {
    const box = outbox();
    box.enqueue(ticketMessage(1));

    const [claimed] = box.claimDue(T0, LEASE);
    expect(claimed).toMatchObject({ messageId: '<R-2026-000001@periscol.local>', attempt: 1, claimToken: 'a', enqueuedAt: T0 });
    expect(claimed.attachments[0].content.equals(ticketMessage(1).attachments[0].content)).toBe(true);
    expect(box.get(claimed.messageId)).toMatchObject({ status: 'sending', attempts: 1, dueAt: later(60_000) });

    expect(box.claimDue(later(59_999), { ...LEASE, claimToken: 'b' })).toHaveLength(0);
    expect(box.claimDue(later(60_000), { ...LEASE, claimToken: 'b' })).toMatchObject([{ attempt: 2, claimToken: 'b' }]);
  });

  it('does not claim a message before it is due, nor a delivered or rejected one', () => {
    const box = outbox();
    box.enqueue(ticketMessage(1));
    box.enqueue(ticketMessage(2));
    box.enqueue(ticketMessage(3));
    const claimed = box.claimDue(T0, LEASE);
    box.markRetry(claimed[0].messageId, 'a', later(30_000), 'ECONNREFUSED');
    box.markDelivered(claimed[1].messageId, T0, '250 OK');
    box.markRejected(claimed[2].messageId, 'a', '550 no such user');

    expect(box.claimDue(later(29_999), LEASE)).toHaveLength(0);
    expect(box.claimDue(later(3_600_000), LEASE).map((m) => m.messageId)).toEqual([claimed[0].messageId]);
    expect(box.counts()).toEqual({ pending: 0, sending: 1, delivered: 1, rejected: 1 });
  });

  it('ignores a retry or rejection from a claimer that lost its claim', () => {
    const box = outbox();
    box.enqueue(ticketMessage(1));
    box.claimDue(T0, LEASE);
    box.claimDue(later(60_000), { ...LEASE, claimToken: 'b' });
    expect(box.markRetry('<R-2026-000001@periscol.local>', 'a', later(90_000), 'late')).toBe(false);
    expect(box.markRejected('<R-2026-000001@periscol.local>', 'a', 'late')).toBe(false);
    expect(box.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'sending', attempts: 2 });
  });

  it('requeues a rejected message only', () => {
    const box = outbox();
    box.enqueue(ticketMessage(1));
    box.enqueue(ticketMessage(2));
    box.claimDue(T0, LEASE);
    box.markRejected('<R-2026-000001@periscol.local>', 'a', '550');
    box.markDelivered('<R-2026-000002@periscol.local>', T0, '250');
    expect(box.requeue('<R-2026-000002@periscol.local>', later(1000))).toBe(false);
    expect(box.requeue('<R-2026-000001@periscol.local>', later(1000))).toBe(true);
    expect(box.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'pending', attempts: 0, dueAt: later(1000) });
  });

  it('tells when the next message falls due', () => {
    const box = outbox();
    expect(box.nextDueAt()).toBeUndefined();
    box.enqueue(ticketMessage(1));
    expect(box.nextDueAt()).toEqual(T0);
    box.claimDue(T0, LEASE);
    expect(box.nextDueAt()).toEqual(later(60_000));
    box.markDelivered('<R-2026-000001@periscol.local>', T0, '250');
    expect(box.nextDueAt()).toBeUndefined();
  });
});

describe('MailOutbox.purgeDelivered', () => {
  it('erases the personal data of old delivered messages but keeps their Message-ID taken', () => {
    const box = outbox();
    box.enqueue(ticketMessage(1));
    box.enqueue(ticketMessage(2));
    box.claimDue(T0, LEASE);
    box.markDelivered('<R-2026-000001@periscol.local>', T0, '250 OK');

    expect(box.purgeDelivered(later(1))).toBe(1);
    expect(box.purgeDelivered(later(1))).toBe(0);
    expect(box.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'delivered', to: '', subject: '' });
    expect(box.get('<R-2026-000002@periscol.local>')).toMatchObject({ status: 'sending', to: 'famille.martin@example.org' });

    expect(box.enqueue(ticketMessage(1))).toMatchObject({ outcome: 'duplicate' });
    expect(box.claimDue(later(3_600_000), LEASE).map((m) => m.messageId)).toEqual(['<R-2026-000002@periscol.local>']);
  });
});
