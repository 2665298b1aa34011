import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { demoMunicipality } from '@periscol/reservation-domain';
import { expectErrorShape } from './support/http';
import { adminToken, auditorToken, dupreFamily, eventsOfType, getBinary, parentToken, pdfText, requestOrder, seedFamily, slot, startPaymentsApp, tokenFor, W50 } from './support/payments-journey';
import type { TestApp } from './support/test-app';

/**
 * The régie's arrêté in the municipality file (docs/rules.md §2, R18) over HTTP: a payment start
 * it does not allow is refused with its code and records nothing; `GET /api/regie/position` gives
 * the arrêté, who is in office and the cash held against the plafond d'encaisse.
 */
describe('the régie’s arrêté: payments outside it refused, the plafond d’encaisse', () => {
  let dir: string;
  let t: TestApp | undefined;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-regie-'));
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The demo town with its `regie` section changed (or removed with `null`). */
  async function townWith(name: string, regie: Record<string, unknown> | null): Promise<TestApp> {
    const { regie: demoRegie, ...rest } = structuredClone(demoMunicipality) as unknown as Record<string, unknown> & { regie: Record<string, unknown> };
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(regie === null ? rest : { ...rest, regie: { ...demoRegie, ...regie } }));
    t = await startPaymentsApp({ env: { PERISCOL_MUNICIPALITY_FILE: file } });
    await seedFamily(t, dupreFamily());
    return t;
  }

  const checkout = (app: TestApp, orderId: string, key: string) =>
    request(app.url).post(`/api/orders/${orderId}/checkout`).set('Authorization', `Bearer ${parentToken(app, 'fam-dupre')}`).set('Idempotency-Key', key).send({});
  const position = (app: TestApp, token = tokenFor(app, { sub: 'regisseur-1', role: 'regisseur' })) => request(app.url).get('/api/regie/position').set('Authorization', `Bearer ${token}`);

  /** The parent pays on the simulated site (4,20 € for two canteen days at QF 650). */
  async function pay(app: TestApp, orderId: string, key: string): Promise<void> {
    const started = await checkout(app, orderId, key).expect(200);
    await request(app.url).post(`${started.body.checkoutUrl.slice(app.config.publicUrl.length)}/pay`).type('form').send('').expect(303);
  }

  it('a town whose arrêté accepts only PayFiP refuses a simulated payment start with PAYMENT_METHOD_NOT_ACCEPTED, and records nothing', async () => {
    const app = await townWith('payfip-only', { paymentMethods: ['card', 'direct_debit'] });
    await requestOrder(app, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    const refused = await checkout(app, 'ord-1', 'pay-1').expect(422);
    expectErrorShape(refused.body, 'PAYMENT_METHOD_NOT_ACCEPTED');
    expect(refused.body.error.details).toEqual([{ provider: 'simulated', accepted: ['card', 'direct_debit'] }]);
    expect(await eventsOfType(app, 'family-fam-dupre', 'PaymentStarted')).toHaveLength(0);
    // The order is still the parent's to pay another way, or to abandon.
    const order = await request(app.url).get('/api/orders/ord-1').set('Authorization', `Bearer ${parentToken(app, 'fam-dupre')}`).expect(200);
    expect(order.body).toMatchObject({ status: 'awaiting_payment' });
  });

  it('refuses REVENUE_TYPE_NOT_IN_REGIE for an order with an activity the régie does not collect, naming it', async () => {
    const app = await townWith('care-only', { revenueTypes: ['accueil-soir'] });
    await requestOrder(app, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday), slot('c-lea', 'accueil-soir', W50.monday)], 650);
    const refused = await checkout(app, 'ord-1', 'pay-1').expect(422);
    expectErrorShape(refused.body, 'REVENUE_TYPE_NOT_IN_REGIE');
    expect(refused.body.error.details).toEqual([{ activityIds: ['restauration'] }]);
    expect(await eventsOfType(app, 'family-fam-dupre', 'PaymentStarted')).toHaveLength(0);
  });

  it('gives the arrêté, the régisseur in office and the cash held; near and over the plafond it says a versement is due', async () => {
    const app = await townWith('small-plafond', {
      plafondEncaisseCents: 800,
      versement: { frequency: 'monthly', thresholdCents: 400 },
      regisseurs: [
        { name: 'Claire Martin', from: '2026-07-01', to: '2026-11-25' },
        { name: 'Paul Girard', from: '2026-11-26' },
      ],
    });
    const empty = await position(app).expect(200);
    expect(empty.body).toEqual({
      asOf: '2026-11-26',
      arrete: { reference: 'Arrêté n° 2026-041 portant création de la régie de recettes périscolaire', date: '2026-07-01' },
      revenueTypes: ['restauration', 'accueil-matin', 'accueil-soir', 'mercredi'],
      paymentMethods: ['card', 'direct_debit', 'stripe', 'simulated'],
      versementFrequency: 'monthly',
      regisseur: { name: 'Paul Girard', from: '2026-11-26' },
      mandataires: [{ name: 'Sophie Leroy', from: '2026-07-01' }],
      cash: { since: '2026-11-01', dueBy: '2026-11-30', cashHeldCents: 0, receiptCount: 0, plafondCents: 800, thresholdCents: 400, percentOfPlafond: 0, level: 'ok', versementDue: false },
    });

    await requestOrder(app, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday), slot('c-noah', 'restauration', W50.monday)], 650);
    await pay(app, 'ord-1', 'pay-1');
    expect((await position(app, auditorToken(app)).expect(200)).body.cash).toMatchObject({ cashHeldCents: 420, receiptCount: 1, percentOfPlafond: 52, level: 'near', versementDue: true });

    await requestOrder(app, 'fam-dupre', 'ord-2', [slot('c-lea', 'restauration', W50.tuesday), slot('c-noah', 'restauration', W50.tuesday)], 650);
    await pay(app, 'ord-2', 'pay-2');
    expect((await position(app, adminToken(app)).expect(200)).body.cash).toMatchObject({ cashHeldCents: 840, receiptCount: 2, percentOfPlafond: 105, level: 'over', versementDue: true });

    // December starts a new period: November's receipts went with its bordereau de versement.
    app.clock.set('2026-12-01T07:00:00.000Z');
    expect((await position(app).expect(200)).body.cash).toMatchObject({ since: '2026-12-01', cashHeldCents: 0, level: 'ok' });

    // The pack names the arrêté and the régisseur who signs it.
    const pdf = await getBinary(app, '/api/regie/months/2026-11/pack.pdf', tokenFor(app, { sub: 'regisseur-1', role: 'regisseur' })).expect(200);
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('Régie instituée par Arrêté n° 2026-041 portant création de la régie de recettes périscolaire du 01/07/2026');
    expect(text).toContain('Paul Girard');
  });

  it('is read by the régie’s readers only', async () => {
    const app = await townWith('readers', {});
    expectErrorShape((await position(app, parentToken(app, 'fam-dupre')).expect(403)).body, 'FORBIDDEN');
    await request(app.url).get('/api/regie/position').expect(401);
  });

  it('without a `regie` section: every payment starts as before, and the position says there is no arrêté', async () => {
    const app = await townWith('no-regie', null);
    await requestOrder(app, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    await checkout(app, 'ord-1', 'pay-1').expect(200);
    expect((await position(app).expect(200)).body).toEqual({
      asOf: '2026-11-26',
      arrete: null,
      revenueTypes: [],
      paymentMethods: [],
      versementFrequency: null,
      regisseur: null,
      mandataires: [],
      cash: null,
    });
  });
});
