import request from 'supertest';
import { expectErrorShape } from './support/http';
import { adminToken, auditorToken, dupreFamily, seedFamily, startPaymentsApp, tokenFor } from './support/payments-journey';
import type { TestApp } from './support/test-app';

/** R19 over HTTP: the régisseur asks for a refund, an administrator who is someone else decides. */
describe('refund requests: asked by the régisseur, decided by another person', () => {
  let t: TestApp;
  const regisseur = () => tokenFor(t, { sub: 'claire', role: 'regisseur' });
  /** The same person, signed in as an administrator (a small town's régisseuse may be both). */
  const claireAsAdmin = () => tokenFor(t, { sub: 'claire', role: 'admin' });
  const agent = () => tokenFor(t, { sub: 'agent-7', role: 'agent' });
  const parent = () => tokenFor(t, { sub: 'parent-1', role: 'parent', familyId: 'fam-dupre' });

  const post = (path: string, token: string, key: string, body: object = {}) =>
    request(t.url).post(path).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body);
  const get = (path: string, token: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`);
  const ask = (key: string, body: object, token = regisseur()) => post('/api/regie/families/fam-dupre/refund-requests', token, key, body);
  const decide = (requestId: string, action: 'validate' | 'reject', token: string, key: string, body: object = {}) =>
    post(`/api/admin/families/fam-dupre/refund-requests/${requestId}/${action}`, token, key, body);

  let creditId: string;

  beforeEach(async () => {
    t = await startPaymentsApp();
    await seedFamily(t, dupreFamily());
    const granted = await post('/api/admin/families/fam-dupre/credits', adminToken(t), 'grant-1', { amountCents: 5000, reason: 'Trop-perçu 2025' }).expect(201);
    creditId = granted.body.creditId;
  });

  afterEach(async () => {
    await t.close();
  });

  it('a validated request refunds the credit once; the list, the credit account and the état des avoirs show it', async () => {
    const asked = await ask('ask-1', { amountCents: 3000, reason: 'Départ de la commune', creditIds: [creditId] }).expect(201);
    expect(asked.body).toMatchObject({ familyId: 'fam-dupre', amountCents: 3000, status: 'pending', requestedBy: 'claire', decidedBy: null, balanceCents: 5000, creditIds: [creditId] });
    const { requestId } = asked.body;
    // A retried request answers the same, and asks nothing more.
    expect((await ask('ask-1', { amountCents: 3000, reason: 'Départ de la commune', creditIds: [creditId] }).expect(201)).body).toEqual(asked.body);
    expect((await get('/api/regie/refund-requests?status=pending', adminToken(t)).expect(200)).body.requests).toEqual([asked.body]);

    // The person who asked cannot decide, even signed in as an administrator.
    expectErrorShape((await decide(requestId, 'validate', claireAsAdmin(), 'self-1').expect(422)).body, 'REFUND_SELF_VALIDATION');
    expectErrorShape((await decide(requestId, 'reject', claireAsAdmin(), 'self-2', { reason: 'Non' }).expect(422)).body, 'REFUND_SELF_VALIDATION');

    const validated = await decide(requestId, 'validate', adminToken(t), 'validate-1').expect(200);
    expect(validated.body).toMatchObject({ requestId, status: 'validated', decidedBy: 'agent-1', balanceCents: 2000 });
    expect((await decide(requestId, 'validate', adminToken(t), 'validate-1').expect(200)).body).toEqual(validated.body);
    expectErrorShape((await decide(requestId, 'validate', tokenFor(t, { sub: 'admin-2', role: 'admin' }), 'validate-2').expect(409)).body, 'REFUND_REQUEST_NOT_PENDING');

    const account = await get('/api/families/fam-dupre/credits', regisseur()).expect(200);
    expect(account.body.balanceCents).toBe(2000);
    expect(account.body.movements.at(-1)).toMatchObject({ kind: 'refund', amountCents: -3000, sourceId: requestId });
    const statement = await get('/api/regie/credits', regisseur()).expect(200);
    expect(statement.body.families).toEqual([expect.objectContaining({ familyId: 'fam-dupre', balanceCents: 2000 })]);
    expect((await get('/api/regie/refund-requests', auditorToken(t)).expect(200)).body.requests).toEqual([expect.objectContaining({ requestId, status: 'validated' })]);
  });

  it('a rejection keeps the credit; a request above the balance, or one the balance no longer covers, is refused', async () => {
    expectErrorShape((await ask('ask-big', { amountCents: 5001, reason: 'Départ', creditIds: [creditId] }).expect(422)).body, 'INSUFFICIENT_CREDIT');
    expectErrorShape((await ask('ask-unknown', { amountCents: 100, reason: 'Départ', creditIds: ['nope'] }).expect(404)).body, 'UNKNOWN_CREDIT');
    expectErrorShape((await ask('ask-empty', { amountCents: 100, reason: 'Départ', creditIds: [] }).expect(400)).body, 'VALIDATION_FAILED');

    const first = (await ask('ask-a', { amountCents: 4000, reason: 'Départ', creditIds: [creditId] }).expect(201)).body.requestId;
    const second = (await ask('ask-b', { amountCents: 2000, reason: 'Fin de scolarité', creditIds: [creditId] }).expect(201)).body.requestId;
    const rejected = await decide(second, 'reject', adminToken(t), 'reject-b', { reason: 'Enfant toujours inscrit' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Enfant toujours inscrit', balanceCents: 5000 });

    const third = (await ask('ask-c', { amountCents: 2000, reason: 'Départ', creditIds: [creditId] }).expect(201)).body.requestId;
    await decide(first, 'validate', adminToken(t), 'validate-a').expect(200);
    const dropped = await decide(third, 'validate', adminToken(t), 'validate-c').expect(422);
    expectErrorShape(dropped.body, 'INSUFFICIENT_CREDIT');
    expect(dropped.body.error.details).toEqual([{ balanceCents: 1000 }]);
    expectErrorShape((await decide('rr-none', 'validate', adminToken(t), 'validate-none').expect(404)).body, 'UNKNOWN_REFUND_REQUEST');
  });

  it('each role reaches only what it may: the régisseur asks, an administrator decides, the others read or nothing', async () => {
    const body = { amountCents: 100, reason: 'Départ', creditIds: [creditId] };
    for (const token of [adminToken(t), agent(), auditorToken(t), parent()]) expectErrorShape((await ask(`ask-${token.slice(-8)}`, body, token).expect(403)).body, 'FORBIDDEN');
    const { requestId } = (await ask('ask-1', body).expect(201)).body;
    for (const token of [regisseur(), agent(), auditorToken(t), parent()]) {
      expectErrorShape((await decide(requestId, 'validate', token, `v-${token.slice(-8)}`).expect(403)).body, 'FORBIDDEN');
      expectErrorShape((await decide(requestId, 'reject', token, `r-${token.slice(-8)}`, { reason: 'Non' }).expect(403)).body, 'FORBIDDEN');
    }
    for (const token of [agent(), parent()]) expectErrorShape((await get('/api/regie/refund-requests', token).expect(403)).body, 'FORBIDDEN');
    expect((await get('/api/regie/refund-requests?status=pending', regisseur()).expect(200)).body.requests).toHaveLength(1);
    expectErrorShape((await get('/api/regie/refund-requests?status=paid', regisseur()).expect(400)).body, 'VALIDATION_FAILED');
  });
});
