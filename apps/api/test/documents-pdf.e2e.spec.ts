import request from 'supertest';
import { expectErrorShape } from './support/http';
import {
  adminToken,
  auditorToken,
  dupreFamily,
  euros,
  getBinary,
  parentToken,
  pdfText,
  postStripeWebhook,
  requestOrder,
  runFamily,
  seedFamily,
  slot,
  startPaymentsApp,
  STRIPE_ENV,
  stripeCheckoutEvent,
  stripeSignature,
  W50,
} from './support/payments-journey';
import type { TestApp } from './support/test-app';

describe('PDF documents (order, cancellation, payment ticket, recap)', () => {
  let t: TestApp;
  let token: string;

  beforeEach(async () => {
    // No ticket process: tickets and credit notes come from the webhook or the PDF request itself.
    t = await startPaymentsApp({ env: { ...STRIPE_ENV }, overrides: { startTicketProcess: false } });
    await seedFamily(t, dupreFamily());
    token = parentToken(t, 'fam-dupre');
  });

  afterEach(async () => {
    await t.close();
  });

  async function pay(orderId: string, paymentId: string, amountCents: number) {
    const payload = stripeCheckoutEvent({ orderId, paymentId, familyId: 'fam-dupre', amountCents, paymentIntent: `pi_${paymentId}`, created: t.clock.now() });
    return (await postStripeWebhook(t, payload, stripeSignature(payload, t.clock.now())).expect(200)).body as { ticketNumber: string; outcome: string };
  }

  async function pdf(path: string, as = token): Promise<{ bytes: Buffer; text: string; disposition: string }> {
    const res = await getBinary(t, path, as).expect(200).expect('Content-Type', 'application/pdf');
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    return { bytes, text: await pdfText(bytes), disposition: String(res.headers['content-disposition']) };
  }

  /** Two canteen days of Léa and one of Noah at 2,10 € (QF 650), one after-school care of Léa. */
  async function orderFour() {
    return requestOrder(
      t,
      'fam-dupre',
      'ord-1',
      [slot('c-lea', 'restauration', W50.monday), slot('c-lea', 'restauration', W50.tuesday), slot('c-noah', 'restauration', W50.monday), slot('c-lea', 'accueil-soir', W50.thursday)],
      650,
    );
  }

  it('renders the reservation detail with its lines, totals and status, the same bytes every time until the order changes', async () => {
    const order = await orderFour();
    const evening = order.lines.find((line) => line.activityId === 'accueil-soir')?.unitPriceCents ?? -1;
    expect(order.totalCents).toBe(3 * 210 + evening);

    const first = await pdf('/api/orders/ord-1/pdf');
    expect(first.disposition).toBe(`inline; filename="Detail des reservations ord-1.pdf"; filename*=UTF-8''D%C3%A9tail%20des%20r%C3%A9servations%20ord-1.pdf`);
    expect(first.text).toContain('Détail des réservations');
    expect(first.text).toContain('Famille Dupré');
    expect(first.text).toContain('En attente de paiement');
    expect(first.text).toContain('lundi 7 décembre 2026');
    expect(first.text).toContain('jeudi 10 décembre 2026');
    expect(first.text).toContain('Noah Dupré');
    expect(first.text).toContain('Accueil du soir');
    expect(first.text).toContain(euros(evening));
    expect(first.text).toContain(euros(order.totalCents));
    expect(first.text.match(/Léa Dupré/g)?.length).toBe(3);

    t.clock.advance({ minutes: 5 });
    const again = await pdf('/api/orders/ord-1/pdf');
    expect(Buffer.compare(again.bytes, first.bytes)).toBe(0);

    await pay('ord-1', 'pay-1', order.amountDueCents);
    const confirmed = await pdf('/api/orders/ord-1/pdf');
    expect(confirmed.text).toContain('Validée');
    t.clock.advance({ days: 3 });
    token = parentToken(t, 'fam-dupre'); // the previous one expired meanwhile
    expect(Buffer.compare((await pdf('/api/orders/ord-1/pdf')).bytes, confirmed.bytes)).toBe(0);
  });

  it('renders the payment ticket with its number, lines and amount, identical on every request and for every reader', async () => {
    const order = await orderFour();
    const { ticketNumber } = await pay('ord-1', 'pay-1', order.amountDueCents);
    expect(ticketNumber).toBe('R-2026-000001');

    const ticket = await pdf('/api/payments/pay-1/ticket.pdf');
    expect(ticket.disposition).toContain(`filename*=UTF-8''Ticket%20de%20paiement%20R-2026-000001.pdf`);
    expect(ticket.text).toContain('Ticket de paiement');
    expect(ticket.text).toContain('R-2026-000001');
    expect(ticket.text).toContain(`Montant payé ${euros(order.amountDueCents)}`);
    expect(ticket.text).toContain(`Montant réglé ${euros(order.amountDueCents)}`);
    expect(ticket.text).toContain('Commande n° ord-1');
    expect(ticket.text).toContain('mardi 8 décembre 2026');
    t.clock.advance({ days: 40 });
    const auditor = auditorToken(t);
    expect(Buffer.compare((await pdf('/api/payments/pay-1/ticket.pdf', auditor)).bytes, ticket.bytes)).toBe(0);
    expect(Buffer.compare((await pdf('/api/payments/pay-1/ticket.pdf', adminToken(t))).bytes, ticket.bytes)).toBe(0);
  });

  it('prints a payment turned into credit as such on its ticket', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    const { outcome, ticketNumber } = await pay('ord-1', 'pay-1', 999); // not the amount due: credited (R7)
    expect(outcome).toBe('credited');
    const ticket = await pdf('/api/payments/pay-1/ticket.pdf');
    expect(ticket.text).toContain(ticketNumber);
    expect(ticket.text).toContain('Famille Dupré Paiement porté en avoir jeudi 26 novembre 2026 9,99 €');
    expect(ticket.text).toContain('Montant payé 9,99 €');
  });

  it('answers 404 for a payment without ticket, an unknown one, and another family’s documents', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    await runFamily(t, 'fam-dupre', { type: 'StartPayment', data: { orderId: 'ord-1', paymentId: 'pay-started', provider: 'stripe' } }, 'start');
    const missing = await getBinary(t, '/api/payments/pay-started/ticket.pdf', token).expect(404);
    expectErrorShape(JSON.parse(String(missing.body)), 'NOT_FOUND');
    await getBinary(t, '/api/payments/pay-nope/ticket.pdf', token).expect(404);
    await getBinary(t, '/api/cancellations/can-nope/pdf', token).expect(404);

    await seedFamily(t, { familyId: 'fam-other', name: 'Famille Martin', email: 'martin@example.org', children: [] });
    const stranger = parentToken(t, 'fam-other');
    await getBinary(t, '/api/orders/ord-1/pdf', stranger).expect(404);
    await getBinary(t, '/api/families/fam-dupre/recap.pdf', stranger).expect(404);
    await request(t.url).get('/api/orders/ord-1/pdf').expect(401);
  });

  it('renders the cancellation detail with its credit note number, issued on the spot when the ticket process has not run', async () => {
    const order = await orderFour();
    await pay('ord-1', 'pay-1', order.amountDueCents);
    await runFamily(
      t,
      'fam-dupre',
      { type: 'CancelReservation', data: { cancellationId: 'can-1', creditId: 'cr-1', slots: [slot('c-lea', 'restauration', W50.tuesday), slot('c-noah', 'restauration', W50.monday)] } },
      'cancel-1',
    );
    const first = await pdf('/api/cancellations/can-1/pdf');
    expect(first.disposition).toContain(`filename*=UTF-8''D%C3%A9tail%20des%20annulations%20can-1.pdf`);
    expect(first.text).toContain('Détail des annulations');
    expect(first.text).toContain('A-2026-000001');
    expect(first.text).toContain('mardi 8 décembre 2026');
    expect(first.text).toContain('Noah Dupré');
    expect(first.text).toContain(euros(420));
    t.clock.advance({ hours: 1 });
    expect(Buffer.compare((await pdf('/api/cancellations/can-1/pdf')).bytes, first.bytes)).toBe(0);
  });

  it('renders the recap of confirmed reservations over a period, stable across renders, refusing bad periods', async () => {
    const order = await orderFour();
    await pay('ord-1', 'pay-1', order.amountDueCents);
    await requestOrder(t, 'fam-dupre', 'ord-2', [slot('c-noah', 'restauration', W50.friday)], 650); // pending: not in the recap

    const recap = await pdf('/api/families/fam-dupre/recap.pdf?from=2026-12-01&to=2026-12-31');
    expect(recap.disposition).toContain(`filename*=UTF-8''R%C3%A9capitulatif%20des%20inscriptions%20du%202026-12-01%20au%202026-12-31.pdf`);
    expect(recap.text).toContain('Récapitulatif des inscriptions périscolaires');
    expect(recap.text).toContain('Léa Dupré');
    expect(recap.text).toContain('Noah Dupré');
    expect(recap.text).toContain('Restauration scolaire');
    expect(recap.text).toContain('Accueil du soir');
    expect(recap.text).toContain(euros(order.totalCents));
    expect(recap.text).not.toContain(euros(order.totalCents + 210)); // Noah's pending Friday is not reserved
    t.clock.advance({ days: 1 });
    token = parentToken(t, 'fam-dupre');
    expect(Buffer.compare((await pdf('/api/families/fam-dupre/recap.pdf?from=2026-12-01&to=2026-12-31')).bytes, recap.bytes)).toBe(0);

    const schoolYear = await pdf('/api/families/fam-dupre/recap.pdf');
    expect(schoolYear.disposition).toContain('2026-09-01%20au%202027-07-03');

    const reversed = await getBinary(t, '/api/families/fam-dupre/recap.pdf?from=2026-12-31&to=2026-12-01', token).expect(400);
    expectErrorShape(JSON.parse(String(reversed.body)), 'VALIDATION_FAILED');
    await getBinary(t, '/api/families/fam-dupre/recap.pdf?from=2026-01-01&to=2027-06-30', token).expect(400);
    await getBinary(t, '/api/families/fam-dupre/recap.pdf?from=2026-13-01', token).expect(400);
  });

  it('keeps a recap issued before the current layout in its own layout, byte for byte, and draws later ones in the new layout', async () => {
    const order = await orderFour();
    await pay('ord-1', 'pay-1', order.amountDueCents);
    // The first recap asked for records, in the store, from when the current layout is in use;
    // this recap's last change (the payment) is older: it is the recap as it was issued then.
    t.clock.advance({ minutes: 5 });
    const issued = await pdf('/api/families/fam-dupre/recap.pdf?from=2026-12-01&to=2026-12-31');
    expect(issued.text).toContain('Période du mardi 1 décembre 2026 au jeudi 31 décembre 2026');
    expect(issued.text).not.toContain('Service fermé sur la période');
    expect((await t.store.readStream('document-layouts')).events.map((event) => event.data)).toEqual([
      { document: 'recap', layout: 2, from: t.clock.now().toISOString() },
    ]);
    t.clock.advance({ hours: 1 });
    token = parentToken(t, 'fam-dupre');
    expect(Buffer.compare((await pdf('/api/families/fam-dupre/recap.pdf?from=2026-12-01&to=2026-12-31')).bytes, issued.bytes)).toBe(0);

    // A change after the adoption: the recap of that period is a new document, in layout 2.
    const second = await requestOrder(t, 'fam-dupre', 'ord-2', [slot('c-noah', 'restauration', W50.friday)], 650);
    await pay('ord-2', 'pay-2', second.amountDueCents);
    const next = await pdf('/api/families/fam-dupre/recap.pdf?from=2026-12-01&to=2026-12-31');
    expect(next.text).toContain('Période du mardi 1er décembre 2026 au jeudi 31 décembre 2026');
    expect(next.text).toContain('Service fermé sur la période (cases bleues des calendriers) : Vacances de Noël (du samedi 19 décembre 2026 au dimanche 3 janvier 2027).');
    expect((await t.store.readStream('document-layouts')).events).toHaveLength(1);
  });

  it('prints « données effacées » in place of names once the person stream is deleted (R17); numbers and amounts stay', async () => {
    const order = await orderFour();
    await pay('ord-1', 'pay-1', order.amountDueCents);
    const before = await pdf('/api/payments/pay-1/ticket.pdf');
    expect(before.text).toContain('Léa Dupré');

    await t.store.deleteStream('person-fam-dupre');
    t.clock.advance({ days: 20 }); // R17: a family is forgotten once its last reserved day is past
    await runFamily(t, 'fam-dupre', { type: 'RecordPersonalDataErased', data: { reason: 'Fin de la durée de conservation' } }, 'erase');
    const admin = adminToken(t);
    const after = await pdf('/api/payments/pay-1/ticket.pdf', admin);
    expect(after.text).not.toContain('Dupré');
    expect(after.text).toContain('données effacées');
    expect(after.text).toContain('R-2026-000001');
    expect(after.text).toContain(`Montant payé ${euros(order.amountDueCents)}`);
    const recap = await pdf('/api/families/fam-dupre/recap.pdf?from=2026-12-01&to=2026-12-31', admin);
    expect(recap.text).toContain('données effacées');
    expect(recap.text).not.toContain('Léa');
  });
});
