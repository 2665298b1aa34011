import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulatedSession } from './simulated-session-store.port';
import { SqliteSimulatedSessionStore } from './sqlite-simulated-session-store.adapter';

let dir: string;
const opened: SqliteSimulatedSessionStore[] = [];
const open = (name = 'payments.sqlite') => {
  const store = SqliteSimulatedSessionStore.open(join(dir, name));
  opened.push(store);
  return store;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'periscol-sim-'));
});
afterEach(() => {
  for (const store of opened.splice(0)) store.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const session: SimulatedSession = {
  sessionId: 'sim_cs_1',
  idempotencyKey: 'key-1',
  orderId: 'order-1',
  paymentId: 'pay-1',
  familyId: 'fam-1',
  amountCents: 700,
  currency: 'eur',
  lines: [
    { label: 'Lundi', amountCents: 350 },
    { label: 'Mardi', amountCents: 350 },
  ],
  createdAt: new Date('2026-03-12T10:00:00Z'),
  expiresAt: new Date('2026-03-12T11:00:00Z'),
  successUrl: 'http://localhost:3000/ok',
  cancelUrl: 'http://localhost:3000/ko',
  status: 'open',
};

describe('SqliteSimulatedSessionStore', () => {
  it('keeps sessions and their payment across a reopen of the file', () => {
    const store = open();
    store.insertOrGet(session);
    store.markPaid('sim_cs_1', new Date('2026-03-12T10:05:00Z'), 'sim_pi_1');
    store.db.close();
    opened.length = 0;

    expect(open().findById('sim_cs_1')).toEqual({
      ...session,
      status: 'paid',
      paidAt: new Date('2026-03-12T10:05:00Z'),
      providerPaymentId: 'sim_pi_1',
    });
  });

  it('returns the first session for a reused idempotency key', () => {
    const store = open();
    store.insertOrGet(session);
    expect(store.insertOrGet({ ...session, sessionId: 'sim_cs_2' })).toEqual(session);
    expect(store.findById('sim_cs_2')).toBeUndefined();
  });

  it('marks a session paid once: a second payment record changes nothing', () => {
    const store = open();
    store.insertOrGet(session);
    store.markPaid('sim_cs_1', new Date('2026-03-12T10:05:00Z'), 'sim_pi_1');
    expect(store.markPaid('sim_cs_1', new Date('2026-03-12T10:06:00Z'), 'sim_pi_2')).toMatchObject({ providerPaymentId: 'sim_pi_1' });
    expect(store.markPaid('sim_cs_unknown', new Date(), 'sim_pi_3')).toBeUndefined();
  });

  it('creates the installation secret once and keeps it; another installation has its own', () => {
    const first = open().installationSecret();
    expect(first).toMatch(/^whsec_sim_[0-9a-f]{64}$/);
    expect(open().installationSecret()).toBe(first);
    expect(open('other.sqlite').installationSecret()).not.toBe(first);
  });
});
