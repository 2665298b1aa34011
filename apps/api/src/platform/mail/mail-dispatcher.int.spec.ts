import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PDFDocument } from 'pdf-lib';
import { MailDispatcher } from './mail-dispatcher.service';
import { SqliteMailOutbox } from './sqlite-mail-outbox.adapter';
import type { MailTransport } from './mail-transport.port';
import { ticketMessage } from './mail-test-messages.fixture';
import { paymentTicketEmail } from './payment-ticket.email';
import { SmtpMailTransport } from './smtp-mail-transport.adapter';
import { freePort, TestSmtpServer } from './smtp-test-server.fixture';

const T0 = new Date('2026-03-12T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE_MS = 10 * 60_000;
const FROM = 'Mairie de Exemple <ne-pas-repondre@exemple.fr>';

let dir: string;
const toClose: { close(): unknown }[] = [];
const servers: TestSmtpServer[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'periscol-mail-'));
});
afterEach(async () => {
  for (const item of toClose.splice(0)) item.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function smtpServer(port = 0): Promise<TestSmtpServer> {
  const server = await TestSmtpServer.start(port);
  servers.push(server);
  return server;
}

/** One "process": its own connection to the outbox database file, its own dispatcher. */
function boot(transport: MailTransport) {
  const db = new Database(join(dir, 'ops.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 2000');
  toClose.push({ close: () => db.open && db.close() });
  const outbox = new SqliteMailOutbox(db, { clock: () => T0 });
  const dispatcher = new MailDispatcher({ outbox, transport, from: FROM, leaseMs: LEASE_MS, backoff: { initialMs: 15_000, maxMs: 30 * 60_000 } });
  return { db, outbox, dispatcher };
}

function smtp(url: string): SmtpMailTransport {
  const transport = new SmtpMailTransport(url, { connectionTimeoutMs: 5_000, greetingTimeoutMs: 5_000, socketTimeoutMs: 5_000 });
  toClose.push(transport);
  return transport;
}

async function ticketPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText('Ticket de paiement R-2026-000001');
  doc.setCreationDate(T0);
  doc.setModificationDate(T0);
  return Buffer.from(await doc.save());
}

describe('MailDispatcher over SMTP', () => {
  it('delivers a payment ticket e-mail with its PDF, subject and Message-ID', async () => {
    const server = await smtpServer();
    const { outbox, dispatcher } = boot(smtp(server.url));
    const pdf = await ticketPdf();
    await outbox.enqueue(
      paymentTicketEmail({
        ticketNumber: 'R-2026-000001',
        to: 'famille.martin@example.org',
        municipality: 'Mairie de Exemple',
        amountPaidCents: 700,
        totalCents: 700,
        creditAppliedCents: 0,
        paidAt: T0,
        lines: [
          { childName: 'Léa Martin', activityLabel: 'Restauration scolaire', date: '2026-03-16', unitPriceCents: 350 },
          { childName: 'Léa Martin', activityLabel: 'Restauration scolaire', date: '2026-03-17', unitPriceCents: 350 },
        ],
        pdf,
      }),
    );

    const report = await dispatcher.dispatchDue(T0);

    expect(report).toEqual({ delivered: ['<R-2026-000001@periscol.local>'], retrying: [], rejected: [] });
    const [mail] = await server.parsed();
    expect(server.accepted).toHaveLength(1);
    expect(mail.subject).toBe('Votre ticket de paiement R-2026-000001');
    expect(mail.messageId).toBe('<R-2026-000001@periscol.local>');
    expect(mail.from?.text).toBe('"Mairie de Exemple" <ne-pas-repondre@exemple.fr>');
    expect(mail.date).toEqual(T0);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.text).toContain('7,00 €');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'ticket-de-paiement-R-2026-000001.pdf', contentType: 'application/pdf' });
    expect(mail.attachments[0].content.equals(pdf)).toBe(true);
    expect(await outbox.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: T0 });
    expect((await outbox.get('<R-2026-000001@periscol.local>'))?.response).toMatch(/^250 /);
  });

  it('keeps retrying with exponential backoff while no server listens, then delivers exactly once', async () => {
    const port = await freePort();
    const { outbox, dispatcher } = boot(smtp(`smtp://127.0.0.1:${port}`));
    await outbox.enqueue(ticketMessage(1));

    const first = await dispatcher.dispatchDue(T0);
    expect(first.retrying).toMatchObject([{ messageId: '<R-2026-000001@periscol.local>', retryAt: at(15_000) }]);
    expect(first.retrying[0].error).toMatch(/ECONNREFUSED/);
    expect(await dispatcher.dispatchDue(at(14_999))).toEqual({ delivered: [], retrying: [], rejected: [] });
    expect((await dispatcher.dispatchDue(at(15_000))).retrying).toMatchObject([{ retryAt: at(15_000 + 30_000) }]);

    const server = await smtpServer(port);
    expect((await dispatcher.dispatchDue(at(45_000))).delivered).toEqual(['<R-2026-000001@periscol.local>']);
    await dispatcher.dispatchDue(at(3_600_000));

    expect(server.accepted).toHaveLength(1);
    expect(await outbox.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  it('retries after a temporary refusal (451) and delivers exactly once', async () => {
    const server = await smtpServer();
    server.verdicts = [{ at: 'data', code: 451, message: 'Try again later' }];
    const { outbox, dispatcher } = boot(smtp(server.url));
    await outbox.enqueue(ticketMessage(1));

    expect((await dispatcher.dispatchDue(T0)).retrying[0].error).toMatch(/451/);
    expect(server.accepted).toHaveLength(0);
    await dispatcher.dispatchDue(at(15_000));
    await dispatcher.dispatchDue(at(3_600_000));

    expect(server.refused).toEqual([451]);
    expect(server.accepted).toHaveLength(1);
  });

  it('sends a message enqueued twice once', async () => {
    const server = await smtpServer();
    const { outbox, dispatcher } = boot(smtp(server.url));
    await outbox.enqueue(ticketMessage(1));
    await dispatcher.dispatchDue(T0);
    await outbox.enqueue(ticketMessage(1));
    await dispatcher.dispatchDue(at(1_000));
    await dispatcher.dispatchDue(at(3_600_000));

    expect(server.accepted).toHaveLength(1);
  });

  it('sets aside a message the server refuses for good (550), until an agent requeues it', async () => {
    const server = await smtpServer();
    server.verdicts = [{ at: 'rcpt', code: 550, message: 'No such user' }];
    const { outbox, dispatcher } = boot(smtp(server.url));
    await outbox.enqueue(ticketMessage(1));

    expect((await dispatcher.dispatchDue(T0)).rejected).toMatchObject([{ messageId: '<R-2026-000001@periscol.local>' }]);
    await dispatcher.dispatchDue(at(24 * 3_600_000));
    expect(server.accepted).toHaveLength(0);
    expect(await outbox.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'rejected', attempts: 1 });

    await outbox.requeue('<R-2026-000001@periscol.local>', at(24 * 3_600_000));
    await dispatcher.dispatchDue(at(24 * 3_600_000));
    expect(server.accepted).toHaveLength(1);
  });

  it('two dispatchers on one database never send the same message twice', async () => {
    const server = await smtpServer();
    const a = boot(smtp(server.url));
    const b = boot(smtp(server.url));
    for (const n of [1, 2, 3]) await a.outbox.enqueue(ticketMessage(n));

    await Promise.all([a.dispatcher.dispatchDue(T0), b.dispatcher.dispatchDue(T0)]);
    await Promise.all([a.dispatcher.dispatchDue(at(LEASE_MS)), b.dispatcher.dispatchDue(at(LEASE_MS))]);

    const ids = (await server.parsed()).map((m) => m.messageId).sort();
    expect(ids).toEqual(['<R-2026-000001@periscol.local>', '<R-2026-000002@periscol.local>', '<R-2026-000003@periscol.local>']);
  });
});

describe('MailDispatcher across a crash', () => {
  it('a crash before the server accepted loses nothing: the message goes out once the lease ends', async () => {
    const server = await smtpServer();
    const real = smtp(server.url);
    const first = boot({
      kind: 'smtp',
      close: () => undefined,
      send: async () => {
        first.db.close(); // the process dies before the message reached the server
        throw new Error('process killed');
      },
    });
    await first.outbox.enqueue(ticketMessage(1));
    await expect(first.dispatcher.dispatchDue(T0)).rejects.toThrow();

    const restarted = boot(real);
    expect((await restarted.dispatcher.dispatchDue(at(1_000))).delivered).toEqual([]); // still leased
    expect((await restarted.dispatcher.dispatchDue(at(LEASE_MS))).delivered).toEqual(['<R-2026-000001@periscol.local>']);
    await restarted.dispatcher.dispatchDue(at(2 * LEASE_MS));
    expect(server.accepted).toHaveLength(1);
  });

  it('a crash after the server accepted but before "delivered" was recorded re-sends once, with the same Message-ID (at-least-once)', async () => {
    const server = await smtpServer();
    const real = smtp(server.url);
    const first = boot({
      kind: 'smtp',
      close: () => undefined,
      send: async (mail) => {
        const receipt = await real.send(mail);
        first.db.close(); // the process dies right after the server's 250
        return receipt;
      },
    });
    await first.outbox.enqueue(ticketMessage(1));
    await expect(first.dispatcher.dispatchDue(T0)).rejects.toThrow(/not open/);
    expect(server.accepted).toHaveLength(1);

    const restarted = boot(real);
    expect((await restarted.dispatcher.dispatchDue(at(1_000))).delivered).toEqual([]);
    await restarted.dispatcher.dispatchDue(at(LEASE_MS));
    await restarted.dispatcher.dispatchDue(at(2 * LEASE_MS));

    const received = await server.parsed();
    expect(received).toHaveLength(2);
    expect(received[1].messageId).toBe(received[0].messageId);
    expect(received[1].messageId).toBe('<R-2026-000001@periscol.local>');
    expect(received[1].date).toEqual(received[0].date);
    expect(await restarted.outbox.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'delivered', attempts: 2 });
  });
});
