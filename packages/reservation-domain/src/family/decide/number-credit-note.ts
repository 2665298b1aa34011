/**
 * NumberCreditNote — R8 (docs/rules.md): each credit (*avoir*) gets one credit-note number
 * (`A-2026-000045`), carried by no other credit of the family (the number comes from the town's
 * numbering). The same number again changes nothing; another number for it, or its
 * number for another credit, is ID_CONFLICT.
 */
import { right } from 'fp-ts/Either';
import type { NumberCreditNote } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { refuse } from '../refusal';
import { NOTHING, type Decision } from './decision-context';

export function numberCreditNote(command: NumberCreditNote, family: RegisteredFamilyState): Decision {
  const { creditId, creditNoteNumber } = command.data;
  const credit = family.credits.get(creditId);
  if (!credit) return refuse('UNKNOWN_CREDIT', `Unknown credit ${creditId}`);
  if (credit.creditNoteNumber !== undefined) {
    if (credit.creditNoteNumber === creditNoteNumber) return NOTHING;
    return refuse('ID_CONFLICT', `Credit ${creditId} already has credit note ${credit.creditNoteNumber}`);
  }
  let taken: string | undefined;
  family.credits.forEach((other) => {
    if (other.creditNoteNumber === creditNoteNumber) taken = other.creditId;
  });
  if (taken !== undefined) return refuse('ID_CONFLICT', `Credit note ${creditNoteNumber} already belongs to credit ${taken}`);
  return right([{ type: 'CreditNoteIssued', data: { creditId, creditNoteNumber, issuedAt: command.metadata.now } }]);
}
