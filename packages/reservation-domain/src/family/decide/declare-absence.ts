/**
 * DeclareAbsence — R22 (docs/rules.md). A parent declares a day the child holds as reserved
 * (confirmed) absent, with a proof, once its cancellation deadline has passed (before it, the
 * day is simply cancelled, R9: ABSENCE_BEFORE_DEADLINE) and until the end of the town's days of
 * grace after the day (ABSENCE_TOO_LATE), for an activity the town's rule names
 * (ABSENCE_NOT_ALLOWED); the proof is of a type the town accepts and within its size. The history
 * keeps the proof's hash and reference only: the file holds health data and is erasable (R17).
 * One absence of a day awaits a decision at a time (ABSENCE_ALREADY_DECLARED); after a refusal
 * the parent may declare it again with another proof. The same declaration again changes
 * nothing; its id reused for another is ID_CONFLICT.
 */
import { right } from 'fp-ts/Either';
import { absenceDeclarationLimitMs, absencePolicyFor, getActivity } from '../../catalog';
import type { DeclareAbsence } from '../family.commands';
import type { AbsenceProof } from '../family.events';
import { holdingStatus } from '../family.queries';
import { slotKeyOf, type RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { refuse } from '../refusal';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { cancellationOpen } from './slot-rules';

export function declareAbsence(command: DeclareAbsence, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { catalog } = context;
  const { absenceId, childId, activityId, date, proof } = command.data;
  const existing = family.absences.get(absenceId);
  if (existing) {
    const same =
      existing.childId === childId &&
      existing.activityId === activityId &&
      existing.date === date &&
      existing.proof.sha256 === proof.sha256 &&
      existing.proof.storageId === proof.storageId;
    return same ? NOTHING : refuse('ID_CONFLICT', `Absence ${absenceId} already exists with other content`);
  }
  // The proof is personal data (R17): nothing new is recorded about a family erased.
  if (family.erasedAt !== null) return refuse('PERSONAL_DATA_ERASED', 'The personal data of this family was erased');
  if (!family.children.has(childId)) return refuse('UNKNOWN_CHILD', `Child ${childId} is not a child of this family`);
  if (!getActivity(catalog, activityId)) return refuse('UNKNOWN_ACTIVITY', `Unknown activity ${activityId}`);
  const policy = absencePolicyFor(catalog, activityId);
  if (!policy) return refuse('ABSENCE_NOT_ALLOWED', `The town takes no absence with proof for ${activityId}`);

  const key = slotKeyOf(childId, activityId, date);
  const holding = family.slots.get(key);
  if (!holding) return refuse('NOT_RESERVED', `${key} is not reserved`);
  if (holdingStatus(family, holding) === 'pending') return refuse('SLOT_PENDING', `${key} awaits the confirmation of order ${holding.orderId}`);

  const nowMs = epochMsOfInstant(command.metadata.now);
  const slot = { childId, activityId, date };
  if (cancellationOpen(catalog, slot, nowMs)) {
    return refuse('ABSENCE_BEFORE_DEADLINE', `${key} may still be cancelled: cancel it instead`);
  }
  const limitMs = absenceDeclarationLimitMs(catalog, policy, date);
  if (nowMs > limitMs) {
    return refuse('ABSENCE_TOO_LATE', `An absence on ${date} had to be declared by ${new Date(limitMs).toISOString()}`, {
      limit: new Date(limitMs).toISOString(),
    });
  }
  if (!(policy.proofTypes as readonly string[]).includes(proof.mediaType)) {
    return refuse('PROOF_TYPE_NOT_ACCEPTED', `A proof of type ${proof.mediaType} is not accepted; send ${policy.proofTypes.join(', ')}`, {
      accepted: policy.proofTypes,
    });
  }
  if (proof.sizeBytes > policy.maxProofBytes) {
    return refuse('PROOF_TOO_LARGE', `The proof is ${proof.sizeBytes} bytes, above the maximum of ${policy.maxProofBytes}`, {
      maxProofBytes: policy.maxProofBytes,
    });
  }
  for (const other of family.absences.values()) {
    if (other.status === 'pending' && other.childId === childId && other.activityId === activityId && other.date === date) {
      return refuse('ABSENCE_ALREADY_DECLARED', `An absence on ${date} (${other.absenceId}) awaits its decision`, { absenceId: other.absenceId });
    }
  }
  return right([
    {
      type: 'AbsenceDeclared',
      data: {
        absenceId,
        familyId: family.familyId,
        childId,
        activityId,
        date,
        orderId: holding.orderId,
        unitPriceCents: holding.unitPriceCents,
        proof: { sha256: proof.sha256, mediaType: proof.mediaType as AbsenceProof['mediaType'], sizeBytes: proof.sizeBytes, storageId: proof.storageId },
        declaredAt: command.metadata.now,
      },
    },
  ]);
}
