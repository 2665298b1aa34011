import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERASED_LINE_LABEL, type SimulatedSession } from './simulated-session-store.port';
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

  it('redacts a family’s line labels (they name its children) and keeps its amounts; no file keeps the names', () => {
    const store = open();
    const named = { ...session, lines: [{ label: 'Anatole — Restauration scolaire — lundi 16 mars 2026', amountCents: 700 }] };
    store.insertOrGet(named);
    store.insertOrGet({ ...session, sessionId: 'sim_cs_2', idempotencyKey: 'key-2', familyId: 'fam-2', lines: [{ label: 'Bérénice — Accueil du soir', amountCents: 700 }] });
    store.markPaid('sim_cs_1', new Date('2026-03-12T10:05:00Z'), 'sim_pi_1');

    expect(store.redactFamily('fam-1')).toBe(1);
    expect(store.findById('sim_cs_1')).toMatchObject({ status: 'paid', amountCents: 700, lines: [{ label: ERASED_LINE_LABEL, amountCents: 700 }] });
    expect(store.findById('sim_cs_2')?.lines[0].label).toBe('Bérénice — Accueil du soir');
    expect(store.redactFamily('fam-1')).toBe(0); // a retried erasure changes nothing
    const files = readdirSync(dir).map((file) => readFileSync(join(dir, file)).toString('utf8'));
    expect(files.some((content) => content.includes('Anatole'))).toBe(false);
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
