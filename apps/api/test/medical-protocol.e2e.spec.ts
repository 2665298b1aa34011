import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { demoMunicipality } from '@periscol/reservation-domain';
import { expectErrorShape, newKey } from './support/http';
import { pdfText } from './support/payments-journey';
import { JourneyApp, MARTIN, slot, W50 } from './journey.support';

/**
 * PUT /api/admin/families/:familyId/children/:childId/medical-protocol: an agent records that a
 * child eats a packed lunch under a medical protocol (PAI); the demo file, with a PAI price of
 * 1,45 € added to its canteen grids, then prices that child's canteen days at 1,45 € (R3), the
 * order detail says « PAI », and the flag stays in the person stream (R17).
 */
describe('a child under a medical protocol (PAI) over HTTP (R3, R17)', () => {
  let j: JourneyApp;
  let dir: string;
  const { familyId, lea, hugo } = MARTIN;
  const target = (childId: string = lea) => `/api/admin/families/${familyId}/children/${childId}/medical-protocol`;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-pai-'));
    const file = JSON.parse(JSON.stringify(demoMunicipality)) as { activities: { id: string; tariffs: Record<string, unknown>[] }[] };
    for (const grid of file.activities.find((a) => a.id === 'restauration')?.tariffs ?? []) grid['medicalProtocol'] = { priceCents: 145 };
    const municipalityFile = path.join(dir, 'municipality.json');
    fs.writeFileSync(municipalityFile, JSON.stringify(file));
    j = await JourneyApp.start({ env: { PERISCOL_MUNICIPALITY_FILE: municipalityFile } });
  });
  afterAll(async () => {
    await j.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const put = (body: object, childId: string = lea, as = 'agent', key: string | null = newKey()) => {
    const req = request(j.url).put(target(childId)).auth(j.token(as), { type: 'bearer' });
    return (key === null ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const personEvents = async () => (await j.store.readStream(`person-${familyId}`)).events;
  const canteenPrice = async (childId: string, date: string) => (await j.slotStatus(familyId, W50.week, slot(childId, 'restauration', date)))?.priceCents;

  it('prices the child at the PAI price from now on, says « PAI » on the order detail, and leaves its sibling alone', async () => {
    expect(await canteenPrice(lea, W50.monday)).toBe(210);
    expect((await put({ medicalProtocol: true }).expect(200)).body).toEqual({ familyId, childId: lea, medicalProtocol: true });
    expect(await canteenPrice(lea, W50.monday)).toBe(145);
    expect(await canteenPrice(hugo, W50.monday)).toBe(210);

    const order = (await j.reserve(familyId, [slot(lea, 'restauration', W50.monday), slot(hugo, 'restauration', W50.monday)]).expect(201)).body as { orderId: string; totalCents: number };
    expect(order.totalCents).toBe(145 + 210);
    const family = JSON.stringify((await j.store.readStream(`family-${familyId}`)).events.map((e) => e.data));
    expect(family).toContain('fixe+pai');

    const bytes = await request(j.url)
      .get(`/api/orders/${order.orderId}/pdf`)
      .auth(j.token(familyId), { type: 'bearer' })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const pdf = await pdfText(bytes.body as Buffer);
    expect(pdf).toContain('Tarifs appliqués');
    expect(pdf).toContain('PAI (panier repas)');
  });

  it('keeps the flag in the person stream only, with the agent who set it; the same again records nothing; false ends it', async () => {
    const events = await personEvents();
    expect(events.at(-1)).toMatchObject({ type: 'ChildMedicalProtocolSet', data: { familyId, childId: lea, medicalProtocol: true }, metadata: { actor: { role: 'agent' } } });
    const elsewhere = (await j.store.readAll()).filter((e) => !e.streamId.startsWith('person-'));
    expect(JSON.stringify(elsewhere.map((e) => e.data))).not.toContain('medicalProtocol');

    await put({ medicalProtocol: true }).expect(200);
    expect((await personEvents()).length).toBe(events.length);
    expect((await put({ medicalProtocol: false }).expect(200)).body).toEqual({ familyId, childId: lea, medicalProtocol: false });
    expect(await canteenPrice(lea, W50.tuesday)).toBe(210);
  });

  it('refuses an unknown child, a bad body, a parent, and a missing key, recording nothing', async () => {
    const count = (await personEvents()).length;
    expectErrorShape((await put({ medicalProtocol: true }, 'nobody').expect(422)).body, 'UNKNOWN_CHILD');
    expectErrorShape((await put({ medicalProtocol: 'oui' }).expect(400)).body, 'VALIDATION_FAILED');
    await put({ medicalProtocol: true }, lea, familyId).expect(403);
    expectErrorShape((await put({ medicalProtocol: true }, lea, 'agent', null).expect(400)).body, 'IDEMPOTENCY_KEY_REQUIRED');
    expect((await personEvents()).length).toBe(count);
  });
});
