import { JourneyApp, MARTIN, slot, W50 } from './journey.support';

/**
 * « OK » (confirm with credit) and « abandon » sent at once on one order, with different
 * Idempotency-Keys: one decision wins; the other gets the refusal any later request gets
 * (ORDER_NOT_PENDING), never a second success for a single recorded event.
 */
describe('« OK » and abandon racing on one order', () => {
  let j: JourneyApp;
  const { familyId, lea } = MARTIN;

  beforeAll(async () => {
    j = await JourneyApp.start();
    await j.grant(familyId, 10_000);
  });
  afterAll(() => j.close());

  it.each([W50.monday, W50.tuesday, W50.thursday, W50.friday])('exactly one of them succeeds (%s)', async (date) => {
    const order = (await j.reserve(familyId, [slot(lea, 'restauration', date)]).expect(201)).body as { orderId: string; action: string };
    expect(order.action).toBe('ok');
    const [ok, abandon] = await Promise.all([j.post(`/api/orders/${order.orderId}/confirm`, familyId), j.post(`/api/orders/${order.orderId}/abandon`, familyId)]);
    const statuses = [ok.status, abandon.status].sort();
    expect(statuses).toEqual([200, 422]);
    const loser = ok.status === 422 ? ok : abandon;
    expect(loser.body.error.code).toBe('ORDER_NOT_PENDING');
    // A later request on the order gets the same refusal, whichever path won.
    const later = await j.post(`/api/orders/${order.orderId}/${ok.status === 200 ? 'abandon' : 'confirm'}`, familyId);
    expect(later.status).toBe(422);
    expect(later.body.error.code).toBe('ORDER_NOT_PENDING');
  });
});
