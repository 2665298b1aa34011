/**
 * R3 and R17 — recording a family's quotient familial (QF). An agent records it for a registered
 * family whose personal data is still kept: once erased (R17) nothing can be recorded about the
 * family any more. The QF is dated by its attestation (`effectiveAt`, default now), never in the
 * future: the person stream keeps one current QF, not a schedule. Orders already requested keep
 * the prices frozen in their events; every later request is priced with the new QF.
 */
import { left, right, type Either } from 'fp-ts/Either';
import { refuse, type FamilyState, type Refusal } from '../family';
import type { Instant } from '../shared';
import type { UpdateQuotientFamilial } from './person.decide';

export interface QuotientFamilialUpdate {
  readonly quotientFamilial: number | null;
  /** The attestation's date; now when absent. */
  readonly effectiveAt?: Instant;
}

/** The refusal of anything recorded about a family after its personal data was erased (R17). */
export function personalDataErasedRefusal(familyId: string): Refusal {
  return { code: 'PERSONAL_DATA_ERASED', message: `The personal data of family ${familyId} was erased (R17): nothing can be recorded about it any more` };
}

/**
 * The person command that records `update` for the family in `family`, or why it cannot be
 * recorded. `now` is the request's time.
 */
export function decideQuotientFamilialUpdate(family: FamilyState, familyId: string, update: QuotientFamilialUpdate, now: Instant): Either<Refusal, UpdateQuotientFamilial> {
  if (family.status !== 'registered') return refuse('FAMILY_NOT_REGISTERED', `Family ${familyId} is not registered`);
  if (family.erasedAt !== null) return left(personalDataErasedRefusal(familyId));
  const effectiveAt = update.effectiveAt ?? now;
  if (Number.isNaN(Date.parse(effectiveAt))) return refuse('INVALID_COMMAND', `effectiveAt ${effectiveAt} is not an instant`, [{ path: ['effectiveAt'], message: 'must be an instant' }]);
  if (Date.parse(effectiveAt) > Date.parse(now)) {
    return refuse('EFFECTIVE_DATE_IN_FUTURE', `The attestation's date ${effectiveAt} is after now (${now}): a QF is recorded once it applies`, [
      { path: ['effectiveAt'], message: 'must not be in the future' },
    ]);
  }
  return right({ type: 'UpdateQuotientFamilial', data: { quotientFamilial: update.quotientFamilial }, metadata: { now: effectiveAt } });
}
