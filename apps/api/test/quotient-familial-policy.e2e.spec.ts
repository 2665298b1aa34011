import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { demoMunicipality } from '@periscol/reservation-domain';
import { expectErrorShape, newKey } from './support/http';
import { JourneyApp, MARTIN, slot, W50 } from './journey.support';

/**
 * A town whose QF changes apply from the month after their attestation (the municipality file's
 * `quotientFamilial: { appliesFrom: 'nextMonth' }`), and a fostered child priced with its own QF
 * (PUT …/children/:childId/quotient-familial), over HTTP: the planning's prices and the order's
 * frozen lines follow the domain's choice (R3).
 */
describe('when a QF prices days, and a child’s own QF, over HTTP (R3)', () => {
  let j: JourneyApp;
  let dir: string;
  // QF 612. Canteen: 2,10 € in 2026; the 2027 grid (from 1 January): QF ≤ 450 1,00 €, ≤ 1400 4,18 €.
  const { familyId, lea, hugo } = MARTIN;
  const JANUARY = { week: '2027-W02', monday: '2027-01-11' } as const;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-qf-policy-'));
    const file = { ...structuredClone(demoMunicipality), quotientFamilial: { appliesFrom: 'nextMonth' } };
    const municipalityFile = path.join(dir, 'municipality.json');
    fs.writeFileSync(municipalityFile, JSON.stringify(file));
    j = await JourneyApp.start({ env: { PERISCOL_MUNICIPALITY_FILE: municipalityFile } });
    j.clock.set('2026-12-01T08:00:00.000Z'); // a Tuesday: the week of 7 December is still open
  });
  afterAll(async () => {
    await j.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const canteenPrice = async (childId: string, week: string, date: string) => (await j.slotStatus(familyId, week, slot(childId, 'restauration', date)))?.priceCents;
  const putChildQf = (body: object, childId: string = hugo, as = 'agent', key: string | null = newKey()) => {
    const req = request(j.url).put(`/api/admin/families/${familyId}/children/${childId}/quotient-familial`).auth(j.token(as), { type: 'bearer' });
    return (key === null ? req : req.set('Idempotency-Key', key)).send(body);
  };

  it('prices December at the QF attested before, January at the new one', async () => {
    expect(await canteenPrice(lea, W50.week, W50.monday)).toBe(210);
    await request(j.url).put(`/api/admin/families/${familyId}/quotient-familial`).auth(j.token('admin'), { type: 'bearer' }).set('Idempotency-Key', newKey()).send({ quotientFamilial: 1200 }).expect(200);
    expect(await canteenPrice(lea, W50.week, W50.monday)).toBe(210);
    expect(await canteenPrice(lea, JANUARY.week, JANUARY.monday)).toBe(418);
    const order = (await j.reserve(familyId, [slot(lea, 'restauration', W50.monday), slot(lea, 'restauration', JANUARY.monday)]).expect(201)).body as { totalCents: number; lines: { date: string; unitPriceCents: number }[] };
    expect(order.lines.map((line) => [line.date, line.unitPriceCents])).toEqual([
      [W50.monday, 210],
      [JANUARY.monday, 418],
    ]);
  });

  it('prices a fostered child with its own QF, recorded by an agent in the person stream; null gives it back the family’s', async () => {
    expect(await canteenPrice(hugo, JANUARY.week, JANUARY.monday)).toBe(418);
    expect((await putChildQf({ quotientFamilial: 400 }).expect(200)).body).toEqual({ familyId, childId: hugo, quotientFamilial: 400 });
    expect(await canteenPrice(hugo, JANUARY.week, JANUARY.monday)).toBe(100);
    expect(await canteenPrice(lea, JANUARY.week, JANUARY.monday)).toBe(418);
    const events = (await j.store.readStream(`person-${familyId}`)).events;
    expect(events.at(-1)).toMatchObject({ type: 'ChildQuotientFamilialSet', data: { familyId, childId: hugo, quotientFamilial: 400 }, metadata: { actor: { role: 'agent' } } });
    expect(JSON.stringify((await j.store.readStream(`family-${familyId}`)).events.map((e) => e.data))).not.toContain('ChildQuotientFamilial');
    expect((await putChildQf({ quotientFamilial: null }).expect(200)).body).toEqual({ familyId, childId: hugo, quotientFamilial: null });
    expect(await canteenPrice(hugo, JANUARY.week, JANUARY.monday)).toBe(418);
  });

  it('refuses other callers, an unknown child and bad input with a code, recording nothing', async () => {
    const before = (await j.store.readStream(`person-${familyId}`)).events.length;
    expectErrorShape((await putChildQf({ quotientFamilial: 400 }, hugo, familyId).expect(403)).body, 'FORBIDDEN');
    expectErrorShape((await putChildQf({ quotientFamilial: 400 }, 'inconnu').expect(422)).body, 'UNKNOWN_CHILD');
    for (const body of [{}, { quotientFamilial: -1 }, { quotientFamilial: '400' }, { quotientFamilial: 2_000_000 }]) expectErrorShape((await putChildQf(body).expect(400)).body, 'VALIDATION_FAILED');
    expectErrorShape((await putChildQf({ quotientFamilial: 400 }, hugo, 'agent', null).expect(400)).body, 'IDEMPOTENCY_KEY_REQUIRED');
    expect((await j.store.readStream(`person-${familyId}`)).events.length).toBe(before);
  });
});
