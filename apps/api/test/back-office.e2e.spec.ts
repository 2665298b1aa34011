import request from 'supertest';
import type { TokenClaims } from '../src/platform/auth/actor';
import { JwtTokenService } from '../src/platform/auth/jwt-token.service';
import { expectErrorShape, newKey } from './support/http';
import { JourneyApp, MARTIN, slot, W50 } from './journey.support';

/**
 * The routes the agents' back office adds (the family search, enrolling a child, the closure
 * preview) and what each back-office role may do: every route a screen hides from a role
 * answers that role 403 (demo families: Martin, Bernard, Nguyen).
 */
describe("the back office's routes", () => {
  let j: JourneyApp;
  const as = (role: 'admin' | 'agent' | 'auditor' | 'regisseur') => j.t.app.get(JwtTokenService).sign({ sub: `test-${role}`, role } as TokenClaims);
  const get = (path: string, role: Parameters<typeof as>[0]) => request(j.url).get(path).auth(as(role), { type: 'bearer' });
  const send = (method: 'post' | 'put', path: string, role: Parameters<typeof as>[0], body: object, key: string | null = newKey()) => {
    const req = request(j.url)[method](path).auth(as(role), { type: 'bearer' });
    return (key === null ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const search = async (q: string, role: Parameters<typeof as>[0] = 'agent') =>
    (await get(`/api/admin/families/search?q=${encodeURIComponent(q)}`, role).expect(200)).body as { total: number; families: { familyId: string; name: string }[] };

  beforeAll(async () => {
    j = await JourneyApp.start();
  });
  afterAll(() => j.close());

  describe('GET /api/admin/families/search', () => {
    it('finds families by family name, parent, child, school or class, accents and case ignored', async () => {
      expect((await search('martin')).families.map((f) => f.familyId)).toEqual([MARTIN.familyId]);
      expect((await search('Sophie')).families.map((f) => f.familyId)).toEqual(['famille-bernard']);
      expect((await search('ines')).families.map((f) => f.familyId)).toEqual(['famille-bernard']);
      expect((await search('jules ferry')).families.map((f) => f.familyId)).toEqual([MARTIN.familyId, 'famille-nguyen']);
      expect((await search('jules cm2')).families.map((f) => f.familyId)).toEqual(['famille-nguyen']);
      expect(await search('tilleuls ms')).toMatchObject({ total: 1, families: [{ familyId: 'famille-bernard', name: 'Sophie et Karim Bernard' }] });
      expect(await search('personne')).toEqual({ query: 'personne', total: 0, families: [] });
    });

    it('pages with limit and counts every match', async () => {
      const res = (await get('/api/admin/families/search?q=ecole&limit=1', 'auditor').expect(200)).body;
      expect(res.total).toBe(3);
      expect(res.families).toHaveLength(1);
    });

    it('refuses an empty query or a bad limit with 400, never 5xx', async () => {
      expectErrorShape((await get('/api/admin/families/search?q=', 'agent').expect(400)).body, 'VALIDATION_FAILED');
      expectErrorShape((await get('/api/admin/families/search', 'agent').expect(400)).body, 'VALIDATION_FAILED');
      expectErrorShape((await get('/api/admin/families/search?q=a&limit=1000', 'agent').expect(400)).body, 'VALIDATION_FAILED');
      expectErrorShape((await get(`/api/admin/families/search?q=${'x'.repeat(201)}`, 'agent').expect(400)).body, 'VALIDATION_FAILED');
    });

    it('is open to every back-office role, not to parents', async () => {
      for (const role of ['admin', 'agent', 'auditor', 'regisseur'] as const) await get('/api/admin/families/search?q=martin', role).expect(200);
      await request(j.url).get('/api/admin/families/search?q=martin').auth(j.token(MARTIN.familyId), { type: 'bearer' }).expect(403);
    });
  });

  describe('POST /api/admin/families/:familyId/children', () => {
    const path = `/api/admin/families/${MARTIN.familyId}/children`;
    const zoe = { firstName: 'Zoé', lastName: 'Martin', school: 'École maternelle Les Tilleuls', grade: 'PS', activityIds: ['restauration'] };

    it('enrols a new child (activities in the family stream, identity in the person stream); a replay changes nothing', async () => {
      const key = newKey();
      const res = await send('post', path, 'agent', zoe, key).expect(201);
      const child = (res.body as { children: { childId: string; firstName: string; activityIds: string[] }[] }).children.find((c) => c.firstName === 'Zoé');
      if (!child) throw new Error('Zoé is not in the answer');
      expect(child).toMatchObject({ lastName: 'Martin', school: 'École maternelle Les Tilleuls', grade: 'PS', activityIds: ['restauration'] });
      const before = await j.store.headPosition();
      const again = await send('post', path, 'agent', zoe, key).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(await j.store.headPosition()).toBe(before);
      expect((await search('zoe tilleuls')).families.map((f) => f.familyId)).toEqual([MARTIN.familyId]);
      const family = JSON.stringify((await j.store.readStream(`family-${MARTIN.familyId}`)).events.map((e) => e.data));
      expect(family).not.toContain('Zoé');
      // The child can be booked at once.
      await j.reserve(MARTIN.familyId, [slot(child.childId, 'restauration', W50.monday)]).expect(201);
    });

    it('refuses what the domain refuses, with its code, and records nothing in the family', async () => {
      const streams = async () => [(await j.store.readStream(`family-${MARTIN.familyId}`)).events.length, (await j.store.readStream(`person-${MARTIN.familyId}`)).events.length];
      const before = await streams();
      expectErrorShape((await send('post', path, 'agent', { ...zoe, activityIds: ['piscine'] }).expect(422)).body, 'UNKNOWN_ACTIVITY');
      expectErrorShape((await send('post', path, 'agent', { ...zoe, childId: MARTIN.lea }).expect(409)).body, 'CHILD_ALREADY_ENROLLED');
      expectErrorShape((await send('post', '/api/admin/families/famille-inconnue/children', 'agent', zoe).expect(404)).body, 'FAMILY_NOT_REGISTERED');
      expectErrorShape((await send('post', path, 'agent', { ...zoe, firstName: '' }).expect(400)).body, 'VALIDATION_FAILED');
      expectErrorShape((await send('post', path, 'agent', zoe, null).expect(400)).body, 'IDEMPOTENCY_KEY_REQUIRED');
      expect(await streams()).toEqual(before);
    });
  });

  describe('POST /api/admin/closures/preview', () => {
    it('says what closing the day would do, per family, and records nothing; the closure then does exactly that', async () => {
      await j.reserve('famille-bernard', [slot('ines-bernard', 'restauration', W50.thursday), slot('nathan-bernard', 'restauration', W50.thursday)]).expect(201);
      const order = (await j.reserve('famille-nguyen', [slot('lina-nguyen', 'restauration', W50.thursday)]).expect(201)).body as { orderId: string };
      // Bernard's order is confirmed (paid by credit), Nguyen's still awaits payment.
      await j.grant('famille-bernard', 5000).expect(201);
      const bernardOrder = (await j.reserve('famille-bernard', [slot('jade-bernard', 'restauration', W50.thursday)]).expect(201)).body as { orderId: string; action: string };
      await j.post(`/api/orders/${bernardOrder.orderId}/confirm`, 'famille-bernard', {}).expect(200);
      const head = await j.store.headPosition();
      const body = { activityId: 'restauration', date: W50.thursday, reason: 'Grève du personnel de cuisine' };
      const preview = (await send('post', '/api/admin/closures/preview', 'admin', body, null).expect(200)).body;
      expect(await j.store.headPosition()).toBe(head);
      const bernard = preview.families.find((f: { familyId: string }) => f.familyId === 'famille-bernard');
      expect(preview).toMatchObject({ activityId: 'restauration', date: W50.thursday, alreadyClosed: false });
      expect(bernard.children.map((c: { firstName: string }) => c.firstName).sort()).toEqual(['Jade']);
      expect(preview.families.find((f: { familyId: string }) => f.familyId === 'famille-nguyen')).toMatchObject({ cancelledSlots: 0, creditedCents: 0, expiredOrders: 1 });
      expect(order.orderId).toBeDefined();

      const closed = (await send('post', '/api/admin/closures', 'admin', body).expect(200)).body;
      expect(closed).toMatchObject({ cancelledSlots: preview.cancelledSlots, creditedCents: preview.creditedCents, expiredOrders: preview.expiredOrders });
      const after = (await send('post', '/api/admin/closures/preview', 'admin', body, null).expect(200)).body;
      expect(after).toMatchObject({ alreadyClosed: true, cancelledSlots: 0, creditedCents: 0, expiredOrders: 0, families: [] });
    });

    it('refuses a day that cannot be closed, with the closure’s own codes', async () => {
      expectErrorShape((await send('post', '/api/admin/closures/preview', 'admin', { activityId: 'piscine', date: W50.friday }, null).expect(422)).body, 'UNKNOWN_ACTIVITY');
      expectErrorShape((await send('post', '/api/admin/closures/preview', 'admin', { activityId: 'restauration', date: '2026-12-12' }, null).expect(422)).body, 'NOT_SERVED');
      expectErrorShape((await send('post', '/api/admin/closures/preview', 'admin', { activityId: 'restauration', date: '2026-02-30' }, null).expect(400)).body, 'VALIDATION_FAILED');
    });
  });

  describe('each role reaches what its screens show, and is refused the rest', () => {
    const fam = MARTIN.familyId;
    const reads = [`/api/families/${fam}`, `/api/families/${fam}/history`, `/api/families/${fam}/credits`, `/api/families/${fam}/payments`, '/api/admin/families/search?q=martin', '/api/catalog'];

    it('agent: reads families, registers, enrols, updates the QF, reads attendance; cannot close a day, preview it, grant credit or erase', async () => {
      for (const path of [...reads, `/api/admin/attendance?date=${W50.monday}&activityId=restauration`]) await get(path, 'agent').expect(200);
      await send('put', `/api/admin/families/${fam}/quotient-familial`, 'agent', { quotientFamilial: 700 }).expect(200);
      for (const [path, body] of [
        ['/api/admin/closures', { activityId: 'restauration', date: W50.friday, reason: 'Sortie' }],
        ['/api/admin/closures/preview', { activityId: 'restauration', date: W50.friday }],
        [`/api/admin/families/${fam}/credits`, { amountCents: 100, reason: 'Geste' }],
        [`/api/admin/families/${fam}/erase-personal-data`, { reason: 'Fin' }],
      ] as const) {
        expectErrorShape((await send('post', path, 'agent', body).expect(403)).body, 'FORBIDDEN');
      }
    });

    it('auditor: reads everything the file shows; every change is refused with 403 and records nothing', async () => {
      for (const path of reads) await get(path, 'auditor').expect(200);
      const head = await j.store.headPosition();
      const changes: [('post' | 'put'), string, object][] = [
        ['post', '/api/admin/families', { name: 'X', email: 'x@example.fr', resident: true, children: [] }],
        ['post', `/api/admin/families/${fam}/children`, { firstName: 'A', lastName: 'B', school: 'C', grade: 'CP', activityIds: [] }],
        ['put', `/api/admin/families/${fam}/quotient-familial`, { quotientFamilial: 100 }],
        ['post', '/api/admin/closures', { activityId: 'restauration', date: W50.friday, reason: 'Sortie' }],
        ['post', '/api/admin/closures/preview', { activityId: 'restauration', date: W50.friday }],
      ];
      for (const [method, path, body] of changes) expectErrorShape((await send(method, path, 'auditor', body).expect(403)).body, 'FORBIDDEN');
      expect(await j.store.headPosition()).toBe(head);
    });

    it('régisseur: reads the family file and searches; cannot register, enrol, update the QF nor close a day', async () => {
      for (const path of reads) await get(path, 'regisseur').expect(200);
      await send('post', `/api/admin/families/${fam}/children`, 'regisseur', { firstName: 'A', lastName: 'B', school: 'C', grade: 'CP', activityIds: [] }).expect(403);
      await send('put', `/api/admin/families/${fam}/quotient-familial`, 'regisseur', { quotientFamilial: 100 }).expect(403);
      await send('post', '/api/admin/closures/preview', 'regisseur', { activityId: 'restauration', date: W50.friday }).expect(403);
      await get(`/api/admin/attendance?date=${W50.monday}&activityId=restauration`, 'regisseur').expect(403);
    });

    it('the demo token route gives an agent token', async () => {
      const res = await request(j.url).post('/api/auth/demo-token').send({ role: 'agent' }).expect(200);
      await request(j.url).get('/api/admin/families/search?q=martin').auth(res.body.token, { type: 'bearer' }).expect(200);
    });
  });

  it('serves the back office at /agents/ (and /agents redirects there)', async () => {
    const page = await request(j.url).get('/agents/').expect(200);
    expect(page.text).toContain('<html lang="fr"');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    await request(j.url).get('/agents').expect(301);
  });
});
