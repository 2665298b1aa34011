import { familyCommand as cmd, FamilyHistory } from '../../testing';
import type { FamilyEvent } from '../family.events';
import { at, base, canteen, decider, monday, now, paid, requested, spec } from './family-decider.fixture';

describe('IssuePaymentTicket (R8)', () => {
  const paidOrder = [...base, requested('o1', [canteen('c1', monday)]), ...paid('o1', 'p1', 210)];
  const ticket = (paymentId: string, ticketNumber: string) => cmd('IssuePaymentTicket', { paymentId, ticketNumber }, at(1));

  it('issues one ticket per confirmed payment, with its number, order and amount', () => {
    spec.given(paidOrder).when(ticket('p1', 'R-2026-000001')).then([
      { type: 'PaymentTicketIssued', data: { paymentId: 'p1', orderId: 'o1', ticketNumber: 'R-2026-000001', amountCents: 210, issuedAt: at(1) } },
    ]);
  });

  it('the same ticket again changes nothing; another number for it, or its number for another payment, is ID_CONFLICT', () => {
    const issued = new FamilyHistory(decider, paidOrder);
    issued.run(ticket('p1', 'R-2026-000001'));
    spec.given(issued.events).when(ticket('p1', 'R-2026-000001')).thenNothingHappened();
    spec.given(issued.events).when(ticket('p1', 'R-2026-000002')).thenFails('ID_CONFLICT');
    issued.run(cmd('ConfirmPayment', { paymentId: 'p2', orderId: 'o1', provider: 'simulated', amountCents: 50 }, at(2)));
    spec.given(issued.events).when(ticket('p2', 'R-2026-000001')).thenFails('ID_CONFLICT');
  });

  it('refuses UNKNOWN_PAYMENT, PAYMENT_NOT_CONFIRMED and a malformed number', () => {
    spec.given(paidOrder).when(ticket('p9', 'R-2026-000001')).thenFails('UNKNOWN_PAYMENT');
    const started = [
      ...base,
      requested('o1', [canteen('c1', monday)]),
      { type: 'PaymentStarted', data: { orderId: 'o1', paymentId: 'p1', provider: 'simulated', amountCents: 210, startedAt: now } } as FamilyEvent,
    ];
    spec.given(started).when(ticket('p1', 'R-2026-000001')).thenFails('PAYMENT_NOT_CONFIRMED');
    spec.given(paidOrder).when(ticket('p1', 'A-2026-000001')).thenFails('INVALID_COMMAND');
  });
});
