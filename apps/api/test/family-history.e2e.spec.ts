import request from 'supertest';
import { expectErrorShape } from './support/http';
import { JourneyApp, MARTIN, slot, W50 } from './journey.support';

interface HistoryEntry {
  position: number;
  revision: number;
  at: string;
  type: string;
  summary: string;
  amountCents?: number;
  orderId?: string;
  cancellationId?: string;
  paymentId?: string;
  creditId?: string;
  ticketNumber?: string;
}
interface History {
  familyId: string;
  entries: HistoryEntry[];
  next?: number;
}

/**
 * « Historique » (GET /api/families/:id/history): every change of the family's account, read
 * from its financial stream, with a French sentence per change and no personal data (R17).
 */
describe('family history over HTTP', () => {
  let j: JourneyApp;
  const { familyId, lea, hugo } = MARTIN;
  const days = [slot(lea, 'restauration', W50.monday), slot(lea, 'restauration', W50.tuesday), slot(hugo, 'restauration', W50.monday), slot(hugo, 'restauration', W50.tuesday)];

  beforeAll(async () => {
    j = await JourneyApp.start();
  });
  afterAll(() => j.close());

  const history = async (query = '', as: string = familyId) => (await j.get(`/api/families/${familyId}/history${query}`, as).expect(200)).body as History;

  async function payOnSimulatedSite(orderId: string): Promise<void> {
    const { checkoutUrl } = (await j.post(`/api/orders/${orderId}/checkout`, familyId).expect(200)).body as { checkoutUrl: string };
    await request(j.url).post(`${new URL(checkoutUrl).pathname}/pay`).type('form').send('').expect(303);
  }

  it('tells the demo family how it was registered, before anything else happened', async () => {
    const { entries, next } = await history();
    expect(next).toBeUndefined();
    expect(entries.map((e) => e.type)).toEqual(['FamilyRegistered', 'ChildEnrolled', 'ChildEnrolled']);
    expect(entries.map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(entries[0].summary).toBe('Famille inscrite aux services périscolaires (résidente de la commune)');
    expect(entries[1].summary).toMatch(/^Enfant n° 1 inscrit : Restauration scolaire/);
  });

  let orderId: string;
  it('shows a reservation request the moment it is answered (read-your-writes), with its amount in euros', async () => {
    const order = (await j.reserve(familyId, days).expect(201)).body as { orderId: string; totalCents: number };
    orderId = order.orderId;
    expect(order.totalCents).toBe(840);
    const last = (await history()).entries.at(-1);
    expect(last).toMatchObject({ type: 'ReservationRequested', orderId, amountCents: 840, summary: 'Demande de réservation de 4 jours — 8,40 €', at: '2026-11-26T09:00:00.000Z' });
  });

  it('follows the payment, the ticket, a cancellation and its credit, in the order they happened', async () => {
    await payOnSimulatedSite(orderId);
    const cancellation = (await j.cancel(familyId, [days[1]]).expect(201)).body as { cancellationId: string };
    await j.settle(); // the credit note is numbered by the ticket process
    const { entries } = await history();
    const tail = entries.slice(4);
    expect(tail.map((e) => e.type)).toEqual([
      'PaymentStarted',
      'PaymentConfirmed',
      'ReservationConfirmed',
      'PaymentTicketIssued',
      'ReservationCancelled',
      'CreditIssued',
      'CreditNoteIssued',
    ]);
    const byType = Object.fromEntries(tail.map((e) => [e.type, e]));
    expect(byType.PaymentConfirmed).toMatchObject({ orderId, amountCents: 840, summary: 'Paiement reçu — 8,40 €' });
    expect(byType.ReservationConfirmed).toMatchObject({ orderId, summary: 'Réservation validée par le paiement — 8,40 €' });
    expect(byType.PaymentTicketIssued.summary).toMatch(/^Ticket de paiement R-2026-\d{6} émis — 8,40 €$/);
    expect(byType.ReservationCancelled).toMatchObject({ cancellationId: cancellation.cancellationId, amountCents: 210, summary: 'Annulation de 1 jour — 2,10 €' });
    expect(byType.CreditIssued).toMatchObject({ cancellationId: cancellation.cancellationId, amountCents: 210, summary: "Avoir émis pour l'annulation — 2,10 €" });
    expect(byType.CreditNoteIssued.summary).toMatch(/^Note d'avoir A-2026-\d{6} émise — 2,10 €$/);
    // Positions follow the global order, revisions the stream's.
    expect(entries.map((e) => e.revision)).toEqual(entries.map((_, i) => i));
    expect([...entries.map((e) => e.position)].sort((a, b) => a - b)).toEqual(entries.map((e) => e.position));
  });

  it('holds no personal data: no name, school, e-mail nor quotient familial (R17)', async () => {
    const text = JSON.stringify(await history());
    for (const personal of ['Camille', 'Léa', 'Hugo', 'Jules-Ferry', '@', 'quotientFamilial', 'CE2']) expect(text).not.toContain(personal);
  });

  it('pages by stream revision: `next` goes in `after`, and is absent on the last page', async () => {
    const all = (await history()).entries;
    const pages: HistoryEntry[][] = [];
    let after: number | undefined;
    for (;;) {
      const page = await history(`?limit=4${after === undefined ? '' : `&after=${after}`}`);
      pages.push(page.entries);
      if (page.next === undefined) break;
      expect(page.next).toBe(page.entries.at(-1)?.revision);
      after = page.next;
    }
    expect(pages.map((p) => p.length)).toEqual([4, 4, 3]);
    expect(pages.flat()).toEqual(all);
    expect((await history(`?after=${all.length - 1}`)).entries).toEqual([]);
  });

  it('answers the parent of the family, an agent and an auditor; anyone else gets 404 or 403', async () => {
    await history('', 'admin');
    await history('', 'auditor');
    expectErrorShape((await j.get(`/api/families/${familyId}/history`, 'famille-bernard').expect(404)).body, 'NOT_FOUND');
    expectErrorShape((await j.get('/api/families/famille-inconnue/history', 'admin').expect(404)).body, 'NOT_FOUND');
    await request(j.url).get(`/api/families/${familyId}/history`).expect(401);
  });

  it('refuses a malformed page with 400 and the zod issues', async () => {
    for (const query of ['?limit=0', '?limit=1001', '?after=-1', '?after=abc']) {
      const res = await j.get(`/api/families/${familyId}/history${query}`, familyId).expect(400);
      expectErrorShape(res.body, 'VALIDATION_FAILED');
    }
  });

  it('is declared in the OpenAPI document', async () => {
    const doc = (await request(j.url).get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.paths['/api/families/{familyId}/history']?.get?.operationId).toBe('getFamilyHistory');
  });
});
