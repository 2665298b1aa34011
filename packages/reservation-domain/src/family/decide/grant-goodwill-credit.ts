/**
 * GrantGoodwillCredit — R15, R1, R11 (docs/rules.md): an agent credits the family, with a reason
 * (a justified absence after the deadline…). The amount is a positive whole number of cents, at
 * most maxAmountCents, and may not take the family's credit (balance + held) above
 * maxBalanceCents. The same grant again changes nothing; its credit id with other content is
 * ID_CONFLICT.
 */
import { right } from 'fp-ts/Either';
import type { GrantGoodwillCredit } from '../family.commands';
import type { CreditIssued } from '../family.events';
import type { RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { refuse } from '../refusal';
import { amountAboveMax, creditAboveMax, invalidAmount, isPositiveCents } from './amount-bounds';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { withLapsedHoldsExpired } from './lapsed-holds';

export function grantGoodwillCredit(command: GrantGoodwillCredit, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { creditId, amountCents, reason } = command.data;
  if (!isPositiveCents(amountCents)) return invalidAmount(amountCents);
  const existing = family.credits.get(creditId);
  if (existing) {
    if (existing.source === 'goodwill' && existing.amountCents === amountCents && existing.reason === reason) return NOTHING;
    return refuse('ID_CONFLICT', `Credit ${creditId} already exists with other content`);
  }
  if (amountCents > context.maxAmountCents) return amountAboveMax(context, amountCents, 'A goodwill credit');
  // Lapsed holds first (R6), so the balance this credit is added to — and answered with — is whole.
  const { expiries, working } = withLapsedHoldsExpired(family, epochMsOfInstant(command.metadata.now));
  const tooMuch = creditAboveMax(context, working, amountCents, 'This goodwill credit');
  if (tooMuch) return tooMuch;
  const credit: CreditIssued = {
    type: 'CreditIssued',
    data: { creditId, familyId: family.familyId, amountCents, source: 'goodwill', sourceId: creditId, reason, issuedAt: command.metadata.now },
  };
  return right(expiries.length === 0 ? [credit] : [...expiries, credit]);
}
