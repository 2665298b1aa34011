/**
 * « Historique »: the view reads every page of GET …/history (following `next`) and shows the
 * newest change first. The rendering itself runs in Chromium (portal.e2e.spec.ts).
 */
import { join } from 'node:path';

interface Entry { at: string; revision: number; summary: string }
interface HistoryModule {
  loadHistory(get: (path: string) => Promise<{ entries?: Entry[]; next?: number }>, path: string): Promise<Entry[]>;
  newestFirst(entries: Entry[]): Entry[];
}
const { loadHistory, newestFirst } = jest.requireActual<HistoryModule>(join(__dirname, '..', '..', 'public', 'js', 'views', 'history.view.js'));

const entry = (revision: number, at = '2026-11-26T09:00:00.000Z'): Entry => ({ at, revision, summary: `opération ${revision}` });

describe('history view', () => {
  it('follows `next` until the last page and keeps every entry once, oldest first', async () => {
    const pages: Record<string, { entries: Entry[]; next?: number }> = {
      '/h?limit=1000': { entries: [entry(0), entry(1)], next: 1 },
      '/h?limit=1000&after=1': { entries: [entry(2), entry(3)], next: 3 },
      '/h?limit=1000&after=3': { entries: [entry(4)] },
    };
    const asked: string[] = [];
    const entries = await loadHistory(async (path) => {
      asked.push(path);
      return pages[path];
    }, '/h');
    expect(asked).toEqual(Object.keys(pages));
    expect(entries.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops after a bounded number of pages if the server kept answering `next`', async () => {
    let calls = 0;
    const entries = await loadHistory(async () => ({ entries: [entry(calls)], next: ++calls }), '/h');
    expect(calls).toBe(50);
    expect(entries).toHaveLength(50);
  });

  it('shows the newest change first, the later revision first within the same instant', () => {
    const sorted = newestFirst([entry(0, '2026-11-01T08:00:00.000Z'), entry(1), entry(2), entry(3, '2026-11-02T08:00:00.000Z')]);
    expect(sorted.map((e) => e.revision)).toEqual([2, 1, 3, 0]);
  });
});

interface Item { at: string; revision: number; summary: string; detail?: { kind: string; id: string }; pdf?: { kind: string; id: string; number?: string } }
const { parentHistory } = jest.requireActual<{ parentHistory(entries: object[], names?: { childName?: (id: string) => string | undefined }): Item[] }>(
  join(__dirname, '..', '..', 'public', 'js', 'history-entries.js'),
);

/** formatEuros writes a narrow no-break space before « € ». */
const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('the history a parent reads', () => {
  const at = (minute: number) => `2026-11-26T09:${String(minute).padStart(2, '0')}:00.000Z`;
  // What GET …/history answers for: a registration, an enrolment, a paid reservation, a cancellation.
  const entries = [
    { revision: 0, at: at(0), type: 'FamilyRegistered', summary: 'Famille inscrite aux services périscolaires (résidente de la commune)' },
    { revision: 1, at: at(0), type: 'ChildEnrolled', childId: 'lea', summary: 'Enfant n° 1 inscrit : Restauration scolaire, Accueil du soir' },
    { revision: 2, at: at(1), type: 'ReservationRequested', orderId: 'o1', amountCents: 740, summary: 'Demande de réservation de 2 jours — 7,40 €' },
    { revision: 3, at: at(2), type: 'PaymentStarted', orderId: 'o1', paymentId: 'p1', amountCents: 740, summary: 'Paiement en ligne commencé — 7,40 €' },
    { revision: 4, at: at(3), type: 'PaymentConfirmed', orderId: 'o1', paymentId: 'p1', amountCents: 740, summary: 'Paiement reçu — 7,40 €' },
    { revision: 5, at: at(3), type: 'ReservationConfirmed', orderId: 'o1', paymentId: 'p1', amountCents: 740, summary: 'Réservation validée par le paiement — 7,40 €' },
    { revision: 6, at: at(4), type: 'PaymentTicketIssued', orderId: 'o1', paymentId: 'p1', ticketNumber: 'R-2026-000001', amountCents: 740, summary: 'Ticket de paiement R-2026-000001 émis — 7,40 €' },
    { revision: 7, at: at(5), type: 'ReservationCancelled', cancellationId: 'k1', amountCents: 370, summary: 'Annulation de 1 jour — 3,70 €' },
    { revision: 8, at: at(5), type: 'CreditIssued', cancellationId: 'k1', creditId: 'c1', amountCents: 370, summary: "Avoir émis pour l'annulation — 3,70 €" },
    { revision: 9, at: at(6), type: 'CreditNoteIssued', creditId: 'c1', creditNoteNumber: 'A-2026-000001', amountCents: 370, summary: "Note d'avoir A-2026-000001 émise — 3,70 €" },
    { revision: 10, at: at(7), type: 'ReservationConfirmed', orderId: 'o2', amountCents: 370, summary: "Réservation validée (« OK », réglée par l'avoir) — 3,70 €" },
  ];

  it('names the child, folds a payment into one entry and a cancellation with its credit note into another, each linked', () => {
    const items = parentHistory(entries, { childName: (id) => (id === 'lea' ? 'Léa' : undefined) });
    expect(items.map((item) => spaces(item.summary))).toEqual([
      'Famille inscrite aux services périscolaires (résidente de la commune)',
      'Inscription de Léa : Restauration scolaire, Accueil du soir',
      'Demande de réservation de 2 jours — 7,40 €',
      'Paiement reçu — 7,40 € : réservation validée, ticket de paiement R-2026-000001',
      'Annulation de 1 jour — 3,70 € ; avoir A-2026-000001',
      "Réservation validée (« OK », réglée par l'avoir) — 3,70 €",
    ]);
    const payment = items[3];
    expect(payment).toMatchObject({ at: at(4), revision: 6, detail: { kind: 'order', id: 'o1' }, pdf: { kind: 'ticket', id: 'p1', number: 'R-2026-000001' } });
    expect(items[4]).toMatchObject({ detail: { kind: 'cancellation', id: 'k1' }, pdf: { kind: 'cancellation', id: 'k1' } });
    expect(items[2]).toMatchObject({ detail: { kind: 'order', id: 'o1' }, pdf: { kind: 'order', id: 'o1' } });
    expect(items[5]).toMatchObject({ detail: { kind: 'order', id: 'o2' } });
    expect(items.some((item) => item.summary.includes('Enfant n°'))).toBe(false);
  });

  it('says a payment only started is not received yet, and an erased child is « un enfant »', () => {
    const items = parentHistory([entries[1], entries[3]]);
    expect(items.map((item) => spaces(item.summary))).toEqual(["Inscription d'un enfant : Restauration scolaire, Accueil du soir", 'Paiement en ligne commencé — 7,40 € (pas encore reçu)']);
    expect(items[1].pdf).toBeUndefined();
  });
});
