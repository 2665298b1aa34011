/**
 * IssuePaymentTicket — R8 (docs/rules.md): each confirmed payment gets exactly one ticket, with
 * a number no other payment of the family carries (the number comes from the town's numbering).
 * The same ticket again changes nothing; another number for it, or its number for another
 * payment, is ID_CONFLICT; a payment not confirmed yet has no ticket.
 */
import { right } from 'fp-ts/Either';
import type { IssuePaymentTicket } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { refuse } from '../refusal';
import { NOTHING, type Decision } from './decision-context';

export function issuePaymentTicket(command: IssuePaymentTicket, family: RegisteredFamilyState): Decision {
  const { paymentId, ticketNumber } = command.data;
  const payment = family.payments.get(paymentId);
  if (!payment) return refuse('UNKNOWN_PAYMENT', `Unknown payment ${paymentId}`);
  if (payment.status !== 'confirmed') return refuse('PAYMENT_NOT_CONFIRMED', `Payment ${paymentId} is not confirmed yet`);
  if (payment.ticketNumber !== undefined) {
    if (payment.ticketNumber === ticketNumber) return NOTHING;
    return refuse('ID_CONFLICT', `Payment ${paymentId} already has ticket ${payment.ticketNumber}`);
  }
  let taken: string | undefined;
  family.payments.forEach((other) => {
    if (other.ticketNumber === ticketNumber) taken = other.paymentId;
  });
  if (taken !== undefined) return refuse('ID_CONFLICT', `Ticket ${ticketNumber} already belongs to payment ${taken}`);
  return right([
    {
      type: 'PaymentTicketIssued',
      data: { paymentId, orderId: payment.orderId, ticketNumber, amountCents: payment.amountCents, issuedAt: command.metadata.now },
    },
  ]);
}
