import type { EventStoreDBClient } from '@eventstore/db-client';
import type { EventStore } from '@periscol/event-store';
import { EventStoreDbEventStore, FakeEventStoreDbClient } from '@periscol/event-store/testing';
import Database from 'better-sqlite3';
import { MailDispatcher } from './mail-dispatcher.service';
import type { MailOutbox } from './mail-outbox.port';
import type { MailTransport } from './mail-transport.port';
import { ticketMessage } from './mail-test-messages.fixture';
import { SqliteMailOutbox } from './sqlite-mail-outbox.adapter';
import { outboxIdentity, StoreClaimedMailOutbox } from './store-claimed-mail-outbox';

const T0 = new Date('2026-03-12T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** A host on EventStoreDB: its own operations database and outbox, one store for all. */
function host(name: string, store: EventStore, db = new Database(':memory:')) {
  const sent: string[] = [];
  const transport: MailTransport = {
    kind: 'test',
    send: async (mail) => {
      sent.push(mail.messageId);
      return { response: `250 OK from ${name}` };
    },
    close: () => undefined,
  };
  const local = new SqliteMailOutbox(db, { clock: () => T0 });
  const outbox: MailOutbox = new StoreClaimedMailOutbox(local, store, outboxIdentity(db, name));
  const dispatcher = new MailDispatcher({ outbox, transport, from: 'x@exemple.fr' });
  return { db, outbox, dispatcher, sent };
}

function eventStoreDb(): EventStore {
  return new EventStoreDbEventStore(new FakeEventStoreDbClient() as unknown as EventStoreDBClient, { clock: () => T0 });
}

describe('StoreClaimedMailOutbox: hosts with their own outboxes over EventStoreDB (fake client)', () => {
  it('sends a message both hosts enqueued once: the first to claim it sends, the other drops its copy', async () => {
    const store = eventStoreDb();
    const a = host('host-a', store);
    const b = host('host-b', store);
    for (const h of [a, b]) for (const n of [1, 2, 3]) await h.outbox.enqueue(ticketMessage(n));

    await Promise.all([a.dispatcher.dispatchDue(T0), b.dispatcher.dispatchDue(T0)]);
    await Promise.all([a.dispatcher.dispatchDue(at(1)), b.dispatcher.dispatchDue(at(1))]);

    const sent = [...a.sent, ...b.sent].sort();
    expect(sent).toEqual([1, 2, 3].map((n) => ticketMessage(n).messageId).sort());
    for (const h of [a, b]) {
      expect((await h.outbox.counts()).delivered).toBe(3);
      for (const record of await h.outbox.list()) {
        if (!h.sent.includes(record.messageId)) expect(record.response).toMatch(/^not sent here: claimed by host-/);
      }
    }
  });

  it('a host that claimed a message and died sends it once restarted on its data folder; the other host never does', async () => {
    const store = eventStoreDb();
    const dataFolder = new Database(':memory:');
    const a = host('host-a', store, dataFolder);
    await a.outbox.enqueue(ticketMessage(1));
    // Claimed (in the store too), then the process dies before sending.
    expect(await a.outbox.claimDue(T0, { claimToken: 'dead', leaseMs: 60_000, limit: 1 })).toHaveLength(1);

    const b = host('host-b', store);
    await b.outbox.enqueue(ticketMessage(1));
    await b.dispatcher.dispatchDue(at(120_000));
    expect(b.sent).toEqual([]);

    const restarted = host('another-name-after-restart', store, dataFolder);
    await restarted.dispatcher.dispatchDue(at(120_000));
    expect(restarted.sent).toEqual([ticketMessage(1).messageId]);
  });
});
