import { createFamilyDecider, demoCatalog, foldPerson, type PersonState } from '@periscol/reservation-domain';
import { demoDates, familyCommand, FamilyHistory, slot } from '@periscol/reservation-domain/testing';
import { cancellationDetailInput, orderDetailInput, paymentTicketInput, recapInput } from './document-inputs.mapper';

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
const now = demoDates.now; // 2026-09-07T08:00:00.000Z
const later = (minutes: number) => new Date(Date.parse(now) + minutes * 60_000).toISOString();

const person: PersonState = foldPerson([
  { type: 'FamilyIdentityRecorded', data: { familyId: 'F1', name: 'Famille Dupré', email: 'dupre@example.org' } },
  { type: 'ChildIdentityRecorded', data: { childId: 'c1', firstName: 'Léa', lastName: 'Dupré', school: 'Jules-Ferry', grade: 'CE1' } },
]);

function history(): FamilyHistory {
  const h = new FamilyHistory(decider);
  h.run(familyCommand('RegisterFamily', { familyId: 'F1', resident: true }, now));
  h.run(familyCommand('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now));
  h.run(
    familyCommand(
      'RequestReservation',
      { orderId: 'o1', slots: [slot('c1', 'restauration', demoDates.monday), slot('c1', 'restauration', demoDates.tuesday)], pricing: { quotientFamilial: 650 } },
      now,
    ),
  );
  return h;
}

describe('document inputs from the read models', () => {
  it('stamps the order detail with its last change, and shows a lapsed hold as expired', () => {
    const h = history();
    const pending = orderDetailInput({ catalog: demoCatalog, person }, h.state, 'o1', later(5));
    expect(pending).toMatchObject({
      issuedAt: now,
      family: { familyId: 'F1', name: 'Famille Dupré' },
      municipality: { name: demoCatalog.municipality.name },
      timeZone: 'Europe/Paris',
      order: { status: 'awaiting_payment', totalCents: 420, amountDueCents: 420 },
    });
    expect(pending?.order.lines).toEqual([
      { childId: 'c1', childName: 'Léa Dupré', activityLabel: 'Restauration scolaire', date: demoDates.monday, unitPriceCents: 210 },
      { childId: 'c1', childName: 'Léa Dupré', activityLabel: 'Restauration scolaire', date: demoDates.tuesday, unitPriceCents: 210 },
    ]);
    const lapsed = orderDetailInput({ catalog: demoCatalog, person }, h.state, 'o1', later(90));
    expect(lapsed).toMatchObject({ issuedAt: later(60), order: { status: 'expired' } });

    h.run(familyCommand('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'simulated', amountCents: 420 }, later(10)));
    expect(orderDetailInput({ catalog: demoCatalog, person }, h.state, 'o1', later(500))).toMatchObject({ issuedAt: later(10), order: { status: 'confirmed' } });
    expect(orderDetailInput({ catalog: demoCatalog, person }, h.state, 'o-unknown')).toBeUndefined();
  });

  it('builds the ticket only once numbered, stamped with the ticket’s issue; a credited payment gets one « avoir » line', () => {
    const h = history();
    h.run(familyCommand('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents: 420 }, later(10)));
    expect(paymentTicketInput({ catalog: demoCatalog, person }, h.state, 'p1')).toBeUndefined();
    h.run(familyCommand('IssuePaymentTicket', { paymentId: 'p1', ticketNumber: 'R-2026-000007' }, later(11)));
    const ticket = paymentTicketInput({ catalog: demoCatalog, person }, h.state, 'p1');
    expect(ticket).toMatchObject({
      issuedAt: later(11),
      ticket: { ticketNumber: 'R-2026-000007', paidAt: later(10), amountCents: 420, totalCents: 420, creditAppliedCents: 0, amountPaidCents: 420, provider: 'stripe' },
    });
    expect(ticket?.ticket.lines).toHaveLength(2);

    // A second payment of the confirmed order becomes credit (R7).
    h.run(familyCommand('ConfirmPayment', { paymentId: 'p2', orderId: 'o1', provider: 'stripe', amountCents: 420 }, '2026-09-07T21:30:00.000Z'));
    h.run(familyCommand('IssuePaymentTicket', { paymentId: 'p2', ticketNumber: 'R-2026-000008' }, later(30)));
    const credited = paymentTicketInput({ catalog: demoCatalog, person: undefined }, h.state, 'p2');
    expect(credited?.family.name).toBeNull();
    expect(credited?.ticket).toMatchObject({ totalCents: 420, creditAppliedCents: 0, amountPaidCents: 420 });
    // 23:30 in Paris: the line carries the local date.
    expect(credited?.ticket.lines).toEqual([{ childId: 'F1', childName: null, activityLabel: 'Paiement porté en avoir', date: '2026-09-07', unitPriceCents: 420 }]);
  });

  it('stamps the cancellation detail with its credit note once numbered, and names nobody once erased', () => {
    const h = history();
    h.run(familyCommand('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents: 420 }, later(1)));
    h.run(familyCommand('CancelReservation', { cancellationId: 'k1', creditId: 'cr1', slots: [slot('c1', 'restauration', demoDates.tuesday)] }, later(2)));
    expect(cancellationDetailInput({ catalog: demoCatalog, person }, h.state, 'k1')).toMatchObject({ issuedAt: later(2), cancellation: { totalCents: 210, creditBalanceCents: 210 } });
    h.run(familyCommand('NumberCreditNote', { creditId: 'cr1', creditNoteNumber: 'A-2026-000003' }, later(3)));
    const numbered = cancellationDetailInput({ catalog: demoCatalog, person: undefined }, h.state, 'k1');
    expect(numbered).toMatchObject({ issuedAt: later(3), cancellation: { creditNoteNumber: 'A-2026-000003' } });
    expect(numbered?.cancellation.lines).toEqual([{ childName: null, activityLabel: 'Restauration scolaire', date: demoDates.tuesday, creditCents: 210 }]);
  });

  it('stamps the recap with the last change it reflects in its period', () => {
    const h = history();
    const period = { from: '2026-09-01', to: '2026-09-30' } as const;
    expect(recapInput({ catalog: demoCatalog, person }, h.state, period)).toMatchObject({ issuedAt: now, children: [] });
    h.run(familyCommand('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents: 420 }, later(1)));
    h.run(familyCommand('CancelReservation', { cancellationId: 'k1', creditId: 'cr1', slots: [slot('c1', 'restauration', demoDates.tuesday)] }, later(2)));
    const recap = recapInput({ catalog: demoCatalog, person }, h.state, period);
    expect(recap).toMatchObject({ issuedAt: later(2) });
    expect(recap?.children).toEqual([{ childId: 'c1', childName: 'Léa Dupré', activities: [{ activityLabel: 'Restauration scolaire', dates: [demoDates.monday], totalCents: 210 }] }]);
    // A period the cancellation does not touch speaks for the confirmation only.
    expect(recapInput({ catalog: demoCatalog, person }, h.state, { from: demoDates.monday, to: demoDates.monday })?.issuedAt).toBe(later(1));
  });

  it('draws a recap with the layout in force when it was issued: layout 1 before the adoption, byte for byte as then', () => {
    const h = history();
    h.run(familyCommand('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents: 420 }, later(1)));
    const period = { from: '2026-09-01', to: '2026-12-31' } as const;
    const sources = { catalog: demoCatalog, person };
    const before = recapInput(sources, h.state, period);
    expect(before).not.toHaveProperty('layout');
    expect(before).not.toHaveProperty('holidays');
    // Adopted after this recap's last change: it keeps layout 1 (the input it was served with).
    expect(recapInput(sources, h.state, period, [{ document: 'recap', layout: 2, from: later(2) }])).toEqual(before);
    // Adopted before it: layout 2, with the municipality file's closed dates to shade.
    const after = recapInput(sources, h.state, period, [{ document: 'recap', layout: 2, from: now }]);
    expect(after).toMatchObject({ layout: 2, issuedAt: later(1) });
    expect(after?.holidays).toContainEqual({ from: '2026-12-19', to: '2027-01-03', label: 'Vacances de Noël' });
  });
});
