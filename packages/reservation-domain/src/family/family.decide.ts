/**
 * The family decider (emmett shape): `decide(command, state)` returns the events to append or a
 * refusal; `evolve` folds them. Pure: time and ids come in with the command. A command that
 * changes nothing succeeds with no events (the same orderId with the same slots, the same
 * paymentId confirmed twice, …), the cheapest idempotency there is.
 *
 * This file only dispatches: each command's rules are in ./decide/<command>.ts, opening with the
 * rules (docs/rules.md) it enforces. Every command but `RegisterFamily` needs a registered family.
 */
import type { FamilyCommand } from './family.commands';
import { FamilyCommandSchema } from './family.command-schema';
import type { FamilyEvent } from './family.events';
import { evolveFamily } from './family.evolve';
import { initialFamilyState, type FamilyState } from './family.state';
import { isWellFormedFamilyCommand } from './internal/command-validator';
import { refuse } from './refusal';
import { abandonOrder } from './decide/abandon-order';
import { acceptAbsence } from './decide/accept-absence';
import { declareAbsence } from './decide/declare-absence';
import { refuseAbsence } from './decide/refuse-absence';
import { attachUnmatchedPayment } from './decide/attach-unmatched-payment';
import { cancelReservation } from './decide/cancel-reservation';
import { changeEnrolment } from './decide/change-enrolment';
import { closeServiceDay } from './decide/close-service-day';
import { confirmPayment } from './decide/confirm-payment';
import { confirmWithCredit } from './decide/confirm-with-credit';
import { decisionContextOf, type Decision, type FamilyDeciderDeps } from './decide/decision-context';
import { enrolChild } from './decide/enrol-child';
import { expireOrder } from './decide/expire-order';
import { grantGoodwillCredit } from './decide/grant-goodwill-credit';
import { issuePaymentTicket } from './decide/issue-payment-ticket';
import { numberCreditNote } from './decide/number-credit-note';
import { recordPersonalDataErased } from './decide/record-personal-data-erased';
import { refundCredit } from './decide/refund-credit';
import { rejectRefundRequest } from './decide/reject-refund-request';
import { requestRefund } from './decide/request-refund';
import { validateRefundRequest } from './decide/validate-refund-request';
import { registerFamily } from './decide/register-family';
import { requestReservation } from './decide/request-reservation';
import { startPayment } from './decide/start-payment';

export type { Decision, FamilyDeciderDeps, PlacesView } from './decide/decision-context';

export interface FamilyDecider {
  decide(command: FamilyCommand, state: FamilyState): Decision;
  evolve(state: FamilyState, event: FamilyEvent): FamilyState;
  initialState(): FamilyState;
}

/** The decider of one town: its catalog, hold and bounds (RangeError for a hold or bound that makes no sense). */
export function createFamilyDecider(deps: FamilyDeciderDeps): FamilyDecider {
  const context = decisionContextOf(deps);

  function decide(input: FamilyCommand, state: FamilyState): Decision {
    // The zod schema only runs to explain a malformed command (see ./internal/command-validator).
    if (!isWellFormedFamilyCommand(input)) {
      const parsed = FamilyCommandSchema.safeParse(input);
      const issues = parsed.success ? [] : parsed.error.issues;
      return refuse('INVALID_COMMAND', `Invalid command: ${issues[0]?.message ?? 'malformed'}`, issues);
    }
    const command = input;
    if (command.type === 'RegisterFamily') return registerFamily(command, state);
    if (state.status !== 'registered') return refuse('FAMILY_NOT_REGISTERED', 'This family is not registered');

    switch (command.type) {
      case 'EnrolChild':
        return enrolChild(command, state, context);
      case 'ChangeEnrolment':
        return changeEnrolment(command, state, context);
      case 'RequestReservation':
        return requestReservation(command, state, context);
      case 'ConfirmWithCredit':
        return confirmWithCredit(command, state);
      case 'StartPayment':
        return startPayment(command, state, context);
      case 'ConfirmPayment':
        return confirmPayment(command, state, context);
      case 'AttachUnmatchedPayment':
        return attachUnmatchedPayment(command, state);
      case 'IssuePaymentTicket':
        return issuePaymentTicket(command, state);
      case 'ExpireOrder':
        return expireOrder(command, state);
      case 'AbandonOrder':
        return abandonOrder(command, state);
      case 'CancelReservation':
        return cancelReservation(command, state, context);
      case 'NumberCreditNote':
        return numberCreditNote(command, state);
      case 'GrantGoodwillCredit':
        return grantGoodwillCredit(command, state, context);
      case 'RefundCredit':
        return refundCredit(command, state, context);
      case 'RequestRefund':
        return requestRefund(command, state, context);
      case 'ValidateRefundRequest':
        return validateRefundRequest(command, state);
      case 'RejectRefundRequest':
        return rejectRefundRequest(command, state);
      case 'CloseServiceDay':
        return closeServiceDay(command, state, context);
      case 'RecordPersonalDataErased':
        return recordPersonalDataErased(command, state, context);
      case 'DeclareAbsence':
        return declareAbsence(command, state, context);
      case 'AcceptAbsence':
        return acceptAbsence(command, state, context);
      case 'RefuseAbsence':
        return refuseAbsence(command, state);
      default: {
        const _exhaustive: never = command;
        return refuse('INVALID_COMMAND', `Unknown command ${(_exhaustive as { type: string }).type}`);
      }
    }
  }

  return { decide, evolve: evolveFamily, initialState: initialFamilyState };
}

/** Applies a decision's events to `state` (a convenience for callers holding state in memory). */
export function applyDecision(state: FamilyState, events: readonly FamilyEvent[]): FamilyState {
  let next = state;
  for (const event of events) next = evolveFamily(next, event);
  return next;
}
