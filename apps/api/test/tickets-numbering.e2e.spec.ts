import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '../src/platform/clock/clock';
import { DocumentNumbering } from '@periscol/application';
import {
  dupreFamily,
  eventsOfType,
  familyState,
  mailServices,
  postStripeWebhook,
  requestOrder,
  runFamily,
  seedFamily,
  slot,
  startPaymentsApp,
  STRIPE_ENV,
  stripeCheckoutEvent,
  stripeSignature,
  streamEvents,
  ticketProcess,
  W50,
} from './support/payments-journey';
import { TEST_START, type TestApp } from './support/test-app';

const ticket = (n: number, year = 2026) => `R-${year}-${String(n).padStart(6, '0')}`;

function paid(t: TestApp, familyId: string, orderId: string, paymentId: string, amountCents: number) {
  const payload = stripeCheckoutEvent({ orderId, paymentId, familyId, amountCents, paymentIntent: `pi_${paymentId}`, created: t.clock.now() });
  return postStripeWebhook(t, payload, stripeSignature(payload, t.clock.now()));
}

describe('payment ticket numbers (R8): continuous per year, one per payment', () => {
  const apps: TestApp[] = [];
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-tickets-'));
  });

  afterEach(async () => {
    for (const app of apps.splice(0).reverse()) await app.close({ keepData: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(instanceId: string, options: { clock?: ManualClock; startTicketProcess?: boolean } = {}): Promise<TestApp> {
    const app = await startPaymentsApp({
      dataDir,
      clock: options.clock,
      env: { ...STRIPE_ENV, PERISCOL_INSTANCE_ID: instanceId },
      overrides: { startTicketProcess: options.startTicketProcess },
    });
    apps.push(app);
    return app;
  }

  it('stays continuous when two API processes over one store confirm payments at the same time', async () => {
    const clock = new ManualClock(TEST_START);
    const a = await start('api-a', { clock });
    const b = await start('api-b', { clock });
    const families = Array.from({ length: 12 }, (_, i) => `fam-${i}`);
    for (const familyId of families) {
      await seedFamily(a, { familyId, name: `Famille ${familyId}`, email: `${familyId}@example.org`, children: [{ childId: `${familyId}-c`, firstName: 'Alex', lastName: 'Martin', activityIds: ['restauration'] }] });
      await requestOrder(a, familyId, `ord-${familyId}`, [slot(`${familyId}-c`, 'restauration', W50.monday)], null);
    }

    // Every payment lands at the same time, alternately on each process.
    const answers = await Promise.all(families.map((familyId, i) => paid(i % 2 === 0 ? a : b, familyId, `ord-${familyId}`, `pay-${familyId}`, 490)));
    await Promise.all([ticketProcess(a).settled(), ticketProcess(b).settled()]);

    const numbers = answers.map((answer) => answer.body.ticketNumber as string);
    expect([...numbers].sort()).toEqual(families.map((_, i) => ticket(i + 1)));
    const stream = await streamEvents(a, 'numbering-R-2026');
    expect(stream.map((event) => (event.data as { sequence: number }).sequence)).toEqual(families.map((_, i) => i + 1));
    expect(new Set(stream.map((event) => (event.data as { sourceId: string }).sourceId)).size).toBe(families.length);
    for (const [i, familyId] of families.entries()) {
      const issued = await eventsOfType(a, `family-${familyId}`, 'PaymentTicketIssued');
      expect(issued.map((event) => (event.data as { ticketNumber: string }).ticketNumber)).toEqual([numbers[i]]);
    }
    // One e-mail per ticket in the outbox both processes share.
    expect((await mailServices(a).outbox.counts()).pending).toBe(families.length);
    expect((await mailServices(b).outbox.list()).map((mail) => mail.messageId).sort()).toEqual(families.map((_, i) => `<${ticket(i + 1)}@periscol.local>`));
  });

  it('takes the year in the municipality’s time zone: a payment at 23:30 UTC on 31 December is numbered in the next year', async () => {
    const clock = new ManualClock('2026-12-31T21:00:00Z'); // 22:00 in Paris
    const t = await start('api', { clock });
    await seedFamily(t, dupreFamily());
    // After-school care closes at 18:00 the day before: Monday 4 and Tuesday 5 January are open.
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'accueil-soir', '2027-01-04')], 650);
    await requestOrder(t, 'fam-dupre', 'ord-2', [slot('c-lea', 'accueil-soir', '2027-01-05')], 650);
    const amount = (await familyState(t, 'fam-dupre')).orders.get('ord-1')?.amountDueCents ?? 0;

    clock.set('2026-12-31T22:59:00Z'); // 23:59 in Paris
    expect((await paid(t, 'fam-dupre', 'ord-1', 'pay-1', amount).expect(200)).body.ticketNumber).toBe(ticket(1, 2026));
    clock.set('2026-12-31T23:00:00Z'); // midnight in Paris
    expect((await paid(t, 'fam-dupre', 'ord-2', 'pay-2', amount).expect(200)).body.ticketNumber).toBe(ticket(1, 2027));
    expect(await streamEvents(t, 'numbering-R-2027')).toHaveLength(1);
  });

  it('issues the ticket of a payment recorded while no ticket process ran, after a restart, reusing a number assigned before a crash', async () => {
    const clock = new ManualClock(TEST_START);
    let t = await start('api', { clock, startTicketProcess: false });
    await seedFamily(t, dupreFamily());
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    await requestOrder(t, 'fam-dupre', 'ord-2', [slot('c-noah', 'restauration', W50.monday)], 650);
    // Confirmed by another path than this process's webhook (a process that died right after).
    await runFamily(t, 'fam-dupre', { type: 'ConfirmPayment', data: { paymentId: 'pay-1', orderId: 'ord-1', provider: 'stripe', amountCents: 210 } }, 'crash:pay-1');
    await runFamily(t, 'fam-dupre', { type: 'ConfirmPayment', data: { paymentId: 'pay-2', orderId: 'ord-2', provider: 'stripe', amountCents: 210 } }, 'crash:pay-2');
    // pay-1's number was assigned just before the crash; its ticket was never recorded.
    const assigned = await new DocumentNumbering(t.store).assign({ prefix: 'R', year: 2026, familyId: 'fam-dupre', sourceId: 'pay-1' });
    expect(assigned.number).toBe(ticket(1));
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentTicketIssued')).toHaveLength(0);
    await t.close({ keepData: true });
    apps.splice(apps.indexOf(t), 1);

    t = await start('api', { clock });
    await ticketProcess(t).settled();
    const state = await familyState(t, 'fam-dupre');
    expect(state.payments.get('pay-1')?.ticketNumber).toBe(ticket(1));
    expect(state.payments.get('pay-2')?.ticketNumber).toBe(ticket(2));
    expect(await streamEvents(t, 'numbering-R-2026')).toHaveLength(2);
    expect((await mailServices(t).outbox.counts()).pending).toBe(2);

    // Once more: the checkpoint is saved, nothing is done twice.
    const head = await t.store.headPosition();
    await t.close({ keepData: true });
    apps.splice(apps.indexOf(t), 1);
    t = await start('api', { clock });
    await ticketProcess(t).settled();
    expect(await t.store.headPosition()).toBe(head);
    expect((await mailServices(t).outbox.counts()).pending).toBe(2);
  });

  it('numbers the credit notes of cancellations (A-<year>), not goodwill credits', async () => {
    const t = await start('api');
    await seedFamily(t, dupreFamily());
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday), slot('c-noah', 'restauration', W50.monday)], 650);
    await paid(t, 'fam-dupre', 'ord-1', 'pay-1', 420).expect(200);
    await runFamily(t, 'fam-dupre', { type: 'CancelReservation', data: { cancellationId: 'can-1', creditId: 'cr-1', slots: [slot('c-noah', 'restauration', W50.monday)] } }, 'cancel-1');
    await runFamily(t, 'fam-dupre', { type: 'GrantGoodwillCredit', data: { creditId: 'gw-1', amountCents: 300, reason: 'Absence justifiée' } }, 'goodwill-1');
    await ticketProcess(t).settled();
    const state = await familyState(t, 'fam-dupre');
    expect(state.credits.get('cr-1')).toMatchObject({ amountCents: 210, source: 'cancellation', creditNoteNumber: 'A-2026-000001' });
    expect(state.credits.get('gw-1')?.creditNoteNumber).toBeUndefined();
    expect(await streamEvents(t, 'numbering-A-2026')).toHaveLength(1);
  });
});
