import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { simpleParser } from 'mailparser';
import { demoMunicipality } from '@periscol/reservation-domain';
import { expectErrorShape } from './support/http';
import { mailServices } from './support/payments-journey';
import { BERNARD, JourneyApp, MARTIN, NGUYEN, slot, W50 } from './journey.support';

/**
 * R23 over HTTP: a town whose Wednesday centre takes two children a day. Léa and Jade take the
 * two places of W50's Wednesday; Lina's request is refused DAY_FULL, her planning says
 * « Complet », and she joins the waiting list (rank 1). Jade's family cancels: the place is
 * offered to Lina at once — a pending order holding it for a day, her planning shows it with its
 * end, the e-mail waits in the outbox (read back from its .eml file) — and her family confirms it
 * with its credit. A withdrawal leaves the line.
 */
describe('capacity and waiting list over HTTP (R23)', () => {
  let j: JourneyApp;
  let dir: string;
  const lea = slot(MARTIN.lea, 'mercredi', W50.wednesday);
  const jade = slot(BERNARD.jade, 'mercredi', W50.wednesday);
  const lina = slot(NGUYEN.lina, 'mercredi', W50.wednesday);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-places-'));
    const file = path.join(dir, 'municipality.json');
    const municipality = structuredClone(demoMunicipality) as unknown as { activities: Record<string, unknown>[] };
    municipality.activities = municipality.activities.map((activity) => (activity['id'] === 'mercredi' ? { ...activity, capacity: { placesPerDay: 2, offerHoldMinutes: 1440 } } : activity));
    fs.writeFileSync(file, JSON.stringify(municipality));
    j = await JourneyApp.start({ env: { PERISCOL_MUNICIPALITY_FILE: file } });
  });
  afterAll(async () => {
    await j.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const confirm = (familyId: string, orderId: string) => j.post(`/api/orders/${orderId}/confirm`, familyId);

  it('takes two children; the third is told DAY_FULL and sees « Complet »; joining the line gives rank 1', async () => {
    await j.grant(BERNARD.familyId, 5_000, 'Avance').expect(201);
    expect((await j.reserve(MARTIN.familyId, [lea]).expect(201)).body).toMatchObject({ status: 'awaiting_payment' });
    const jadeOrder = (await j.reserve(BERNARD.familyId, [jade]).expect(201)).body as { orderId: string };
    await confirm(BERNARD.familyId, jadeOrder.orderId).expect(200);

    expectErrorShape((await j.reserve(NGUYEN.familyId, [lina]).expect(409)).body, 'DAY_FULL');
    expect(await j.slotStatus(NGUYEN.familyId, W50.week, lina)).toMatchObject({ status: 'free', full: true });

    const joined = await j.post(`/api/families/${NGUYEN.familyId}/waiting-list`, NGUYEN.familyId, lina).expect(201);
    expect(joined.body).toEqual({ ...lina, rank: 1 });
    expect(await j.slotStatus(NGUYEN.familyId, W50.week, lina)).toMatchObject({ status: 'free', full: true, waitingRank: 1 });
    // Joining again changes nothing; a family holding the day cannot join; a day with a place left is booked instead.
    expect((await j.post(`/api/families/${NGUYEN.familyId}/waiting-list`, NGUYEN.familyId, lina).expect(201)).body).toEqual({ ...lina, rank: 1 });
    expectErrorShape((await j.post(`/api/families/${MARTIN.familyId}/waiting-list`, MARTIN.familyId, lea).expect(409)).body, 'SLOT_TAKEN');
    expectErrorShape((await j.post(`/api/families/${NGUYEN.familyId}/waiting-list`, NGUYEN.familyId, slot(NGUYEN.lina, 'mercredi', '2026-12-16')).expect(409)).body, 'PLACE_LEFT');
  });

  it('offers the place Jade gives back to Lina: a pending order held for a day, shown on her planning and e-mailed', async () => {
    await j.grant(NGUYEN.familyId, 5_000, 'Avance').expect(201);
    await j.cancel(BERNARD.familyId, [jade]).expect(201);

    const offered = await j.slotStatus(NGUYEN.familyId, W50.week, lina);
    expect(offered).toMatchObject({ status: 'pending', offerExpiresAt: '2026-11-27T09:00:00.000Z' });
    const orderId = (offered as unknown as { orderId: string }).orderId;
    // The line is empty now, and the day full again.
    expect(await j.slotStatus(BERNARD.familyId, W50.week, jade)).toMatchObject({ status: 'free', full: true });

    await j.settle();
    // The enqueue kicked the dispatcher: its run writes the .eml file.
    await mailServices(j.t).timer.settled();
    const mail = await simpleParser(fs.readFileSync(path.join(j.t.dataDir, 'outbox', `offre-${orderId}@periscol.local.eml`)));
    expect(mail.subject).toBe('Une place s’est libérée : Accueil du mercredi du mercredi 9 décembre 2026');
    expect(mail.text).toContain('Elle lui est réservée jusqu’au vendredi 27 novembre 2026 à 10:00.');
    expect(mail.text).toContain('Lina');
    expect(mail.text).toContain('ne pas y répondre');

    await confirm(NGUYEN.familyId, orderId).expect(200);
    expect(await j.slotStatus(NGUYEN.familyId, W50.week, lina)).toMatchObject({ status: 'reserved' });
  });

  it('lets a family withdraw from the line (NOT_WAITING once out of it)', async () => {
    // Hugo is not enrolled in the Wednesday centre: the slot rules come first (R2).
    expectErrorShape((await j.post(`/api/families/${MARTIN.familyId}/waiting-list`, MARTIN.familyId, slot(MARTIN.hugo, 'mercredi', W50.wednesday)).expect(422)).body, 'NOT_ENROLLED');
    expect((await j.post(`/api/families/${BERNARD.familyId}/waiting-list`, BERNARD.familyId, jade).expect(201)).body).toEqual({ ...jade, rank: 1 });
    const withdraw = () =>
      request(j.url).delete(`/api/families/${BERNARD.familyId}/waiting-list/${jade.childId}/mercredi/${jade.date}`).auth(j.token(BERNARD.familyId), { type: 'bearer' }).set('Idempotency-Key', `withdraw-${Math.random()}`);
    expect((await withdraw().expect(200)).body).toEqual({ ...jade, rank: 0 });
    expectErrorShape((await withdraw().expect(404)).body, 'NOT_WAITING');
    expect(await j.slotStatus(BERNARD.familyId, W50.week, jade)).toMatchObject({ status: 'free', full: true });
    expect(await j.slotStatus(BERNARD.familyId, W50.week, jade)).not.toHaveProperty('waitingRank');
  });

  it('the auditor verifies the history', async () => {
    await j.settle();
    const report = await j.verify();
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  });
});
