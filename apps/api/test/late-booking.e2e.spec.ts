import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { demoMunicipality } from '@periscol/reservation-domain';
import { expectErrorShape } from './support/http';
import { pdfText } from './support/payments-journey';
import { JourneyApp, MARTIN, slot, W50 } from './journey.support';

/**
 * A town that takes late bookings (docs/rules.md §2, R2, R3 step 6): the demo canteen, booked
 * « by Tuesday 23:59 for the week after », also taken late at +1,00 € until 9:00 the same day.
 * The planning shows the late price and the hard limit before the parent confirms, the quote
 * and the request price it the same way, the order's PDF says why, and after the limit the
 * day is locked.
 */
describe('late booking over HTTP', () => {
  let j: JourneyApp;
  let dir: string;
  const { familyId, lea } = MARTIN;
  const leaMonday = slot(lea, 'restauration', W50.monday);
  // W50's canteen deadline: Tuesday 2026-12-01 23:59 Paris; late bookings until 2026-12-07 09:00 Paris (08:00Z).
  const LIMIT = '2026-12-07T08:00:59.999Z';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-late-'));
    const file = path.join(dir, 'municipality.json');
    const municipality = structuredClone(demoMunicipality) as unknown as { activities: Record<string, unknown>[] };
    const canteen = municipality.activities.find((activity) => activity['id'] === 'restauration');
    if (!canteen) throw new Error('no canteen in the demo municipality');
    canteen['startTime'] = '11:45';
    canteen['lateBooking'] = { price: { surchargeCents: 100 }, until: { daysBefore: 0, time: '09:00', workingDays: false } };
    fs.writeFileSync(file, JSON.stringify(municipality));
    j = await JourneyApp.start({ env: { PERISCOL_MUNICIPALITY_FILE: file } });
  });
  afterAll(async () => {
    await j.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('before the deadline: the normal price, and the late-booking limit announced', async () => {
    const day = await j.slotStatus(familyId, W50.week, leaMonday);
    expect(day).toMatchObject({ status: 'free', reservationDeadline: '2026-12-01T22:59:59.999Z', lateBookingUntil: LIMIT });
    expect(day).not.toHaveProperty('late');
  });

  it('after the deadline: the planning and the quote show the late price; the request is accepted at it; the PDF says why', async () => {
    j.clock.set('2026-12-03T10:00:00.000Z');
    const day = await j.slotStatus(familyId, W50.week, leaMonday);
    expect(day).toMatchObject({ status: 'free', late: true, lateBookingUntil: LIMIT });
    const { priceCents, normalPriceCents } = day as unknown as { priceCents: number; normalPriceCents: number };
    expect(priceCents).toBe(normalPriceCents + 100);

    const quoted = (await j.post(`/api/families/${familyId}/quote`, familyId, { reserve: [leaMonday] }, null).expect(200)).body as { reservation: { totalCents: number } };
    expect(quoted.reservation.totalCents).toBe(priceCents);

    const order = (await j.reserve(familyId, [leaMonday]).expect(201)).body as { orderId: string; totalCents: number };
    expect(order.totalCents).toBe(priceCents);
    const pdf = await request(j.url)
      .get(`/api/orders/${order.orderId}/pdf`)
      .auth(j.token(familyId), { type: 'bearer' })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(await pdfText(pdf.body as Buffer)).toContain('tarif majoré — réservation tardive (+1,00 €)');
  });

  it('after the town’s hard limit: locked, and DEADLINE_PASSED', async () => {
    const hugoMonday = slot(MARTIN.hugo, 'restauration', W50.monday);
    j.clock.set('2026-12-07T08:00:30.000Z');
    expect(await j.slotStatus(familyId, W50.week, hugoMonday)).toMatchObject({ status: 'free', late: true });
    // Nothing recorded since: the planning follows the clock past the limit (no stale answer).
    j.clock.set('2026-12-07T08:01:00.000Z');
    const tuesday = slot(lea, 'restauration', W50.tuesday);
    expect(await j.slotStatus(familyId, W50.week, hugoMonday)).toMatchObject({ status: 'locked' });
    expect(await j.slotStatus(familyId, W50.week, tuesday)).toMatchObject({ status: 'free', late: true }); // Tuesday's limit is Tuesday 9:00
    expectErrorShape((await j.reserve(familyId, [slot(MARTIN.hugo, 'restauration', W50.monday)]).expect(422)).body, 'DEADLINE_PASSED');
  });

  it('the auditor verifies a history holding a late booking (the ledger sums its frozen late price)', async () => {
    await j.settle();
    const report = await j.verify();
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
