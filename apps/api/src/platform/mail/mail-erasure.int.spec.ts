import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openOperationsDatabase } from '../operations/operations-database';
import { EmlFileTransport } from './eml-file-transport.adapter';
import { createMail, type MailServices } from './mail.config';
import { eraseMail } from './mail-erasure';
import type { MailTransport, OutgoingMail } from './mail-transport.port';
import { ticketMessage } from './mail-test-messages.fixture';

const T0 = new Date('2026-03-12T10:00:00Z');
const ERASED_ADDRESS = 'hortense.vandervelde@example.org';
const ERASED_NAME = 'Hortense Vandervelde';
const id = (n: number) => `<R-2026-00000${n}@periscol.local>`;

let dataDir: string;
let db: Database.Database;
let mail: MailServices;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'periscol-mail-erasure-'));
  db = openOperationsDatabase(dataDir);
});
afterEach(() => {
  mail?.transport.close();
  if (db.open) db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A message of the family to erase: its address and its children's names in the body. */
const familyMessage = (n: number) => ticketMessage(n, { to: ERASED_ADDRESS, text: `Bonjour ${ERASED_NAME}, ticket ${n}.` });

/** Files under the data folder (the database, its WAL, `.eml` files) that still hold the name or the address. */
function filesWithTraces(): string[] {
  const files = readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return files
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => [ERASED_ADDRESS, ERASED_NAME].some((needle) => readFileSync(file).includes(needle)));
}

describe('eraseMail (R17)', () => {
  it("removes the family's messages, sent or not, and their .eml files, from every file of the data folder", async () => {
    mail = createMail({ PERISCOL_DATA_DIR: dataDir }, { db, clock: () => T0 });
    await mail.outbox.enqueue(familyMessage(1));
    await mail.dispatcher.dispatchDue(T0); // .eml written, row delivered
    await mail.outbox.enqueue(familyMessage(2)); // not sent yet
    await mail.outbox.enqueue(ticketMessage(3)); // another family's
    expect(filesWithTraces().length).toBeGreaterThan(1);

    await eraseMail(mail, [id(1), id(2)]);

    expect(await mail.outbox.get(id(1))).toBeUndefined();
    expect(await mail.outbox.get(id(2))).toBeUndefined();
    expect(filesWithTraces()).toEqual([]);
    expect(readdirSync(join(dataDir, 'outbox'))).toEqual([]);
    // The unsent one is never sent; the other family's is.
    expect((await mail.dispatcher.dispatchDue(new Date(T0.getTime() + 3_600_000))).delivered).toEqual([id(3)]);
  });

  it('keeps an erased Message-ID taken: enqueuing it again (a replayed ticket) stores nothing', async () => {
    mail = createMail({ PERISCOL_DATA_DIR: dataDir }, { db, clock: () => T0 });
    await eraseMail(mail, [id(1)]);
    expect(await mail.outbox.enqueue(familyMessage(1))).toEqual({ outcome: 'erased', messageId: id(1) });
    expect(await mail.outbox.list()).toEqual([]);
    expect(filesWithTraces()).toEqual([]);
  });

  it('removes the .eml file of a message being written while the erasure runs', async () => {
    const eml = new EmlFileTransport(join(dataDir, 'outbox'));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: MailTransport = {
      kind: 'eml',
      send: async (outgoing: OutgoingMail) => {
        await gate;
        return eml.send(outgoing);
      },
      forget: (messageId) => eml.forget(messageId),
      close: () => eml.close(),
    };
    mail = createMail({ PERISCOL_DATA_DIR: dataDir }, { db, clock: () => T0, transport: slow });
    await mail.outbox.enqueue(familyMessage(1));
    const sending = mail.dispatcher.dispatchDue(T0);
    await new Promise<void>((resolve) => setImmediate(resolve));

    await eraseMail(mail, [id(1)]);
    release();
    await sending;

    expect(readdirSync(join(dataDir, 'outbox'))).toEqual([]);
    expect(await mail.outbox.get(id(1))).toBeUndefined();
    expect(filesWithTraces()).toEqual([]);
  });
});
