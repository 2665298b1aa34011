import { demoCatalog } from '../catalog';
import { DEFAULT_MAX_AMOUNT_CENTS, DEFAULT_MAX_BALANCE_CENTS, MAX_REPRESENTABLE_CENTS } from '../shared';
import { familyCommand as cmd, slot } from '../testing';
import { base, monday, now, QF600, request, spec } from './decide/family-decider.fixture';
import { createFamilyDecider } from './family.decide';

describe('the family decider (dispatch)', () => {
  it('refuses FAMILY_NOT_REGISTERED for any command but RegisterFamily on an unregistered family', () => {
    spec.given([]).when(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now)).thenFails('FAMILY_NOT_REGISTERED');
    spec.given([]).when(request('o1', [slot('c1', 'restauration', monday)])).thenFails('FAMILY_NOT_REGISTERED');
    spec.given([]).when(cmd('GrantGoodwillCredit', { creditId: 'g1', amountCents: 100, reason: 'Geste' }, now)).thenFails('FAMILY_NOT_REGISTERED');
  });

  it('refuses INVALID_COMMAND with the zod issues, for a malformed command', () => {
    spec
      .given(base)
      .when(cmd('RequestReservation', { orderId: 'o1', slots: [slot('c1', 'restauration', '2026-02-30')], pricing: QF600 }, now))
      .thenFails('INVALID_COMMAND', (failure) => expect(Array.isArray(failure.details)).toBe(true));
    spec.given(base).when({ type: 'RequestReservation', data: { orderId: 'o1' }, metadata: { now } } as never).thenFails('INVALID_COMMAND');
    spec.given(base).when({ type: 'Teleport', data: {}, metadata: { now } } as never).thenFails('INVALID_COMMAND');
    spec.given(base).when(cmd('ExpireOrder', { orderId: 'o1' }, 'yesterday')).thenFails('INVALID_COMMAND');
  });

  it('the default bounds are 1,000,000 € per amount and per family credit, named domain constants (R1, R11)', () => {
    expect(DEFAULT_MAX_AMOUNT_CENTS).toBe(100_000_000);
    expect(DEFAULT_MAX_BALANCE_CENTS).toBe(100_000_000);
    expect(MAX_REPRESENTABLE_CENTS).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER / 1000);
  });

  it('a hold or a bound that makes no sense is a RangeError when the decider is created', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, MAX_REPRESENTABLE_CENTS + 1]) {
      expect(() => createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxAmountCents: bad })).toThrow(RangeError);
      expect(() => createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxBalanceCents: bad })).toThrow(RangeError);
    }
    for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createFamilyDecider({ catalog: demoCatalog, holdMinutes: bad })).toThrow(RangeError);
    }
  });
});
