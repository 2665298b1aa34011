import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import { EmlFileTransport } from './eml-file-transport.adapter';
import { createMail } from './mail.config';
import type { OutgoingMail } from './mail-transport.port';
import { PDF_BYTES, ticketMessage } from './mail-test-messages.fixture';

const T0 = new Date('2026-03-12T10:00:00Z');
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'periscol-eml-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function outgoing(n: number): OutgoingMail {
  return { ...ticketMessage(n), from: 'ne-pas-repondre@exemple.fr', date: T0, headers: {} };
}

describe('.eml outbox (no SMTP_URL)', () => {
  it('writes one file per message in ${PERISCOL_DATA_DIR}/outbox that mailparser reads back', async () => {
    const mail = createMail({ PERISCOL_DATA_DIR: dataDir }, { db: new Database(':memory:'), clock: () => T0 });
    await mail.outbox.enqueue(ticketMessage(1));
    await mail.outbox.enqueue(ticketMessage(2));

    const report = await mail.dispatcher.dispatchDue(T0);

    expect(report.delivered).toHaveLength(2);
    const outboxDir = join(dataDir, 'outbox');
    expect(readdirSync(outboxDir).sort()).toEqual(['R-2026-000001@periscol.local.eml', 'R-2026-000002@periscol.local.eml']);
    const parsed = await simpleParser(readFileSync(join(outboxDir, 'R-2026-000001@periscol.local.eml')));
    expect(parsed.messageId).toBe('<R-2026-000001@periscol.local>');
    expect(parsed.subject).toBe('Votre ticket de paiement R-2026-000001');
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : undefined).toBe('famille.martin@example.org');
    expect(parsed.attachments[0]).toMatchObject({ filename: 'ticket-de-paiement-R-2026-000001.pdf', contentType: 'application/pdf' });
    expect(parsed.attachments[0].content.equals(PDF_BYTES)).toBe(true);
    expect((await mail.outbox.get('<R-2026-000001@periscol.local>'))?.response).toBe(
      `written ${join(outboxDir, 'R-2026-000001@periscol.local.eml')}`,
    );
    mail.transport.close();
  });

  it('a re-send of the same message replaces its file: still one file, no temporary left', async () => {
    const transport = new EmlFileTransport(join(dataDir, 'outbox'));
    await transport.send(outgoing(1));
    await transport.send(outgoing(1));

    expect(readdirSync(join(dataDir, 'outbox'))).toEqual(['R-2026-000001@periscol.local.eml']);
    const parsed = await simpleParser(readFileSync(transport.pathOf('<R-2026-000001@periscol.local>')));
    expect(parsed.messageId).toBe('<R-2026-000001@periscol.local>');
    transport.close();
  });

  it('a failed write is reported and leaves no temporary file behind', async () => {
    const transport = new EmlFileTransport(join(dataDir, 'outbox'));
    // A folder where the message file should go: the final rename fails.
    mkdirSync(transport.pathOf('<R-2026-000002@periscol.local>'), { recursive: true });
    await expect(transport.send(outgoing(2))).rejects.toThrow();
    expect(readdirSync(join(dataDir, 'outbox'))).toEqual(['R-2026-000002@periscol.local.eml']);
    transport.close();
  });
});
