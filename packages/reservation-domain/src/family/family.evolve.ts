/**
 * `evolve` of the family decider: pure, and copying only what an event changes (see
 * ./internal/state-draft). Each event's effect is in ./evolve, by concept.
 */
import type { FamilyEvent } from './family.events';
import { initialFamilyState, type FamilyState } from './family.state';
import { creditIssued, creditNoteIssued, creditRefunded, reservationCancelled } from './evolve/credits.evolve';
import { absenceAccepted, absenceDeclared, absenceRefused } from './evolve/absences.evolve';
import { refundRequested, refundRequestRejected, refundRequestValidated } from './evolve/refund-requests.evolve';
import { reservationConfirmed, reservationExpired, reservationRequested } from './evolve/orders.evolve';
import { paymentConfirmed, paymentStarted, paymentTicketIssued } from './evolve/payments.evolve';
import { childEnrolled, childEnrolmentChanged, familyRegistered, personalDataErased } from './evolve/registration.evolve';

export function evolveFamily(state: FamilyState, event: FamilyEvent): FamilyState {
  switch (event.type) {
    case 'FamilyRegistered':
      return familyRegistered(state, event.data);
    case 'ChildEnrolled':
      return childEnrolled(state, event.data);
    case 'ChildEnrolmentChanged':
      return childEnrolmentChanged(state, event.data);
    case 'ReservationRequested':
      return reservationRequested(state, event.data);
    case 'ReservationConfirmed':
      return reservationConfirmed(state, event.data);
    case 'ReservationExpired':
      return reservationExpired(state, event.data);
    case 'PaymentStarted':
      return paymentStarted(state, event.data);
    case 'PaymentConfirmed':
      return paymentConfirmed(state, event.data);
    case 'PaymentTicketIssued':
      return paymentTicketIssued(state, event.data);
    case 'ReservationCancelled':
      return reservationCancelled(state, event.data);
    case 'CreditIssued':
      return creditIssued(state, event.data);
    case 'CreditNoteIssued':
      return creditNoteIssued(state, event.data);
    case 'CreditRefunded':
      return creditRefunded(state, event.data);
    case 'RefundRequested':
      return refundRequested(state, event.data);
    case 'RefundRequestValidated':
      return refundRequestValidated(state, event.data);
    case 'RefundRequestRejected':
      return refundRequestRejected(state, event.data);
    case 'PersonalDataErased':
      return personalDataErased(state, event.data);
    case 'AbsenceDeclared':
      return absenceDeclared(state, event.data);
    case 'AbsenceAccepted':
      return absenceAccepted(state, event.data);
    case 'AbsenceRefused':
      return absenceRefused(state, event.data);
    default:
      return state;
  }
}

/** Folds events into a state, from `initialFamilyState()` unless a state is given. */
export function foldFamily(events: Iterable<FamilyEvent>, from: FamilyState = initialFamilyState()): FamilyState {
  let state = from;
  for (const event of events) state = evolveFamily(state, event);
  return state;
}
