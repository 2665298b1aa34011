import type { StoredEvent } from '@periscol/event-store';
import { demoCatalog, FAMILY_EVENT_SCHEMA_VERSIONS, foldFamily, upcastFamilyEvent } from '@periscol/reservation-domain';
import type { FamilyEvent } from '@periscol/reservation-domain';
import { historyEntryOf, historyEntrySchema } from './family-history';

const T = '2026-11-26T09:00:00.000Z';
const line = (date: string, unitPriceCents: number) => ({ childId: 'c1', activityId: 'restauration', date, unitPriceCents, tariff: { effectiveFrom: '2026-09-01', bracket: 'qf<=700' } });

/** A family's life, in the order the decider would record it. */
const events: FamilyEvent[] = [
  { type: 'FamilyRegistered', data: { familyId: 'f1', resident: true, registeredAt: T } },
  { type: 'ChildEnrolled', data: { familyId: 'f1', childId: 'c1', activityIds: ['restauration', 'mercredi'], rank: 1, enrolledAt: T } },
  { type: 'ChildEnrolmentChanged', data: { familyId: 'f1', childId: 'c1', activityIds: [], changedAt: T } },
  {
    type: 'ReservationRequested',
    data: { orderId: 'o1', familyId: 'f1', lines: [line('2026-12-07', 350), line('2026-12-08', 350), line('2026-12-10', 350), line('2026-12-11', 350)], totalCents: 1400, creditAppliedCents: 0, amountDueCents: 1400, requestedAt: T, expiresAt: T },
  },
  { type: 'PaymentStarted', data: { orderId: 'o1', paymentId: 'p1', provider: 'simulated', amountCents: 1400, startedAt: T } },
  { type: 'PaymentConfirmed', data: { orderId: 'o1', paymentId: 'p1', provider: 'simulated', amountCents: 1400, paidAt: '2026-11-26T09:05:00.000Z', outcome: 'order_confirmed' } },
  { type: 'ReservationConfirmed', data: { orderId: 'o1', confirmedAt: T, via: 'payment', paymentId: 'p1' } },
  { type: 'PaymentTicketIssued', data: { orderId: 'o1', paymentId: 'p1', ticketNumber: 'R-2026-000001', amountCents: 1400, issuedAt: T } },
  {
    type: 'ReservationCancelled',
    data: { cancellationId: 'x1', familyId: 'f1', lines: [{ childId: 'c1', activityId: 'restauration', date: '2026-12-11', orderId: 'o1', creditCents: 350 }], totalCents: 350, cancelledAt: T, reason: 'parent' },
  },
  { type: 'CreditIssued', data: { creditId: 'k1', familyId: 'f1', amountCents: 350, source: 'cancellation', sourceId: 'x1', issuedAt: T } },
  { type: 'CreditNoteIssued', data: { creditId: 'k1', creditNoteNumber: 'A-2026-000001', issuedAt: T } },
  {
    type: 'ReservationRequested',
    data: { orderId: 'o2', familyId: 'f1', lines: [line('2026-12-14', 350)], totalCents: 350, creditAppliedCents: 350, amountDueCents: 0, requestedAt: T, expiresAt: T },
  },
  { type: 'ReservationExpired', data: { orderId: 'o2', expiredAt: T, reason: 'abandoned', creditReleasedCents: 350 } },
  { type: 'CreditIssued', data: { creditId: 'k2', familyId: 'f1', amountCents: 500, source: 'goodwill', sourceId: 'k2', reason: 'Absence justifiée', issuedAt: T } },
  { type: 'CreditRefunded', data: { refundId: 'r1', familyId: 'f1', amountCents: 850, reference: 'VIR-1', refundedAt: T } },
  { type: 'RefundRequested', data: { requestId: 'rr1', familyId: 'f1', amountCents: 200, reason: 'Départ', creditIds: ['k2'], requestedBy: 'regisseur-1', requestedAt: T } },
  { type: 'RefundRequestRejected', data: { requestId: 'rr1', familyId: 'f1', reason: 'Doublon', rejectedBy: 'admin-1', rejectedAt: T } },
  { type: 'RefundRequested', data: { requestId: 'rr2', familyId: 'f1', amountCents: 300, reason: 'Départ', creditIds: ['k2'], requestedBy: 'regisseur-1', requestedAt: T } },
  { type: 'RefundRequestValidated', data: { requestId: 'rr2', familyId: 'f1', amountCents: 300, validatedBy: 'admin-1', validatedAt: T } },
  {
    type: 'AbsenceDeclared',
    data: { absenceId: 'ab1', familyId: 'f1', childId: 'c1', activityId: 'restauration', date: '2026-12-10', orderId: 'o1', unitPriceCents: 350, proof: { sha256: 'a'.repeat(64), mediaType: 'application/pdf', sizeBytes: 1000, storageId: 'p1' }, declaredAt: T },
  },
  { type: 'AbsenceAccepted', data: { absenceId: 'ab1', familyId: 'f1', creditCents: 350, cancellationId: 'ab1-cancellation', creditId: 'ab1-credit', acceptedBy: 'agent-1', acceptedAt: T } },
  { type: 'AbsenceRefused', data: { absenceId: 'ab2', familyId: 'f1', reason: 'Justificatif illisible', refusedBy: 'agent-1', refusedAt: T } },
  { type: 'PersonalDataErased', data: { familyId: 'f1', erasedAt: T, reason: 'Fin de conservation' } },
];

function stored(event: FamilyEvent, revision: number, schemaVersion = FAMILY_EVENT_SCHEMA_VERSIONS[event.type]): StoredEvent {
  return {
    type: event.type,
    data: event.data,
    streamId: 'family-f1',
    revision,
    position: 100 + revision,
    metadata: { eventId: `e${revision}`, schemaVersion, previousHash: '', hash: '', recordedAt: T },
  };
}

describe('family history entries', () => {
  const state = foldFamily(events);
  const entries = events.map((event, revision) => historyEntryOf(stored(event, revision), { catalog: demoCatalog, state }));

  it('says what happened in French, with amounts in euros, for every event type of the family stream', () => {
    expect(entries.map((e) => e.summary)).toEqual([
      'Famille inscrite aux services périscolaires (résidente de la commune)',
      'Enfant n° 1 inscrit : Restauration scolaire, Accueil du mercredi',
      "Inscriptions d'un enfant modifiées : aucune activité",
      'Demande de réservation de 4 jours — 14,00 €',
      'Paiement en ligne commencé — 14,00 €',
      'Paiement reçu — 14,00 €',
      'Réservation validée par le paiement — 14,00 €',
      'Ticket de paiement R-2026-000001 émis — 14,00 €',
      'Annulation de 1 jour — 3,50 €',
      "Avoir émis pour l'annulation — 3,50 €",
      "Note d'avoir A-2026-000001 émise — 3,50 €",
      'Demande de réservation de 1 jour — 3,50 € (avoir déduit : 3,50 €, reste à payer : 0,00 €)',
      'Demande de réservation abandonnée ; avoir de 3,50 € restitué',
      'Avoir exceptionnel accordé par la mairie — 5,00 €',
      'Avoir remboursé — 8,50 €',
      "Remboursement d'avoir demandé par la régie — 2,00 €",
      "Demande de remboursement d'avoir refusée — 2,00 €",
      "Remboursement d'avoir demandé par la régie — 3,00 €",
      "Remboursement d'avoir validé par la mairie — 3,00 €",
      'Absence signalée avec un justificatif : Restauration scolaire du jeudi 10 décembre 2026',
      'Absence avec justificatif acceptée : le jour est porté en avoir — 3,50 €',
      'Absence avec justificatif refusée',
      'Données personnelles effacées (noms, coordonnées, école, quotient familial) ; les montants et numéros sont conservés',
    ]);
    expect(new Set(entries.map((e) => e.type))).toEqual(new Set(Object.keys(FAMILY_EVENT_SCHEMA_VERSIONS)));
    for (const entry of entries) expect(historyEntrySchema.parse(entry)).toEqual(entry);
  });

  it('links each entry to the order, payment, cancellation or credit it concerns, at the time it happened', () => {
    expect(entries[3]).toEqual({ position: 103, revision: 3, at: T, type: 'ReservationRequested', orderId: 'o1', amountCents: 1400, summary: expect.any(String) });
    expect(entries[5]).toMatchObject({ orderId: 'o1', paymentId: 'p1', amountCents: 1400, at: '2026-11-26T09:05:00.000Z' });
    expect(entries[7]).toMatchObject({ ticketNumber: 'R-2026-000001', paymentId: 'p1' });
    expect(entries[9]).toMatchObject({ creditId: 'k1', cancellationId: 'x1', amountCents: 350 });
    expect(entries[10]).toMatchObject({ creditId: 'k1', creditNoteNumber: 'A-2026-000001', amountCents: 350 });
    expect(entries[14]).toMatchObject({ refundId: 'r1', amountCents: 850 });
    // Free texts typed by agents (goodwill reason, refund reference, erasure reason) are not repeated.
    expect(JSON.stringify(entries)).not.toMatch(/Absence justifiée|VIR-1|Fin de conservation/);
  });

  it('without the state, an entry still says what its event holds', () => {
    const bare = historyEntryOf(stored(events[6], 6), { catalog: demoCatalog });
    expect(bare).toMatchObject({ summary: 'Réservation validée par le paiement', orderId: 'o1', paymentId: 'p1' });
    expect(bare.amountCents).toBeUndefined();
  });

  it('reads older schema versions through the upcaster (R16)', () => {
    const v2 = events[3] as Extract<FamilyEvent, { type: 'ReservationRequested' }>;
    const v1Data = { ...v2.data, lines: v2.data.lines.map(({ tariff: _tariff, ...rest }) => rest) };
    const old = { ...stored(events[3], 3, 1), data: v1Data };
    expect(upcastFamilyEvent(old).data).toMatchObject({ lines: [expect.objectContaining({ tariff: { effectiveFrom: '2026-12-07', bracket: 'unknown' } }), expect.anything(), expect.anything(), expect.anything()] });
    expect(historyEntryOf(old, { catalog: demoCatalog, state })).toEqual(entries[3]);
  });
});
