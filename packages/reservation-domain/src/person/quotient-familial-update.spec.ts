import { isLeft, isRight } from 'fp-ts/Either';
import { foldFamily, type FamilyEvent } from '../family';
import { base, now } from '../family/decide/family-decider.fixture';
import { decideQuotientFamilialUpdate } from './quotient-familial-update';

const erased: FamilyEvent = { type: 'PersonalDataErased', data: { familyId: 'f1', erasedAt: now, reason: 'Fin de la durée de conservation' } };
const codeOf = (decision: ReturnType<typeof decideQuotientFamilialUpdate>) => (isLeft(decision) ? decision.left.code : 'accepted');

describe('recording a quotient familial (R3, R17)', () => {
  it('gives the person command, dated now by default', () => {
    const decision = decideQuotientFamilialUpdate(foldFamily(base), 'f1', { quotientFamilial: 650 }, now);
    expect(isRight(decision) && decision.right).toEqual({ type: 'UpdateQuotientFamilial', data: { quotientFamilial: 650 }, metadata: { now } });
  });

  it("dates it by the attestation when given, and records 'no QF known' as null", () => {
    const decision = decideQuotientFamilialUpdate(foldFamily(base), 'f1', { quotientFamilial: null, effectiveAt: '2026-09-01T00:00:00.000Z' }, now);
    expect(isRight(decision) && decision.right.metadata.now).toBe('2026-09-01T00:00:00.000Z');
  });

  it.each([
    ['a family not registered', [] as FamilyEvent[], {}, 'FAMILY_NOT_REGISTERED'],
    ['a family whose personal data was erased', [...base, erased], {}, 'PERSONAL_DATA_ERASED'],
    ['an attestation dated in the future', base, { effectiveAt: '2999-01-01T00:00:00.000Z' }, 'EFFECTIVE_DATE_IN_FUTURE'],
    ['an attestation date that is not an instant', base, { effectiveAt: 'yesterday' }, 'INVALID_COMMAND'],
  ])('refuses %s', (_, given, over, code) => {
    expect(codeOf(decideQuotientFamilialUpdate(foldFamily(given), 'f1', { quotientFamilial: 800, ...over }, now))).toBe(code);
  });
});
