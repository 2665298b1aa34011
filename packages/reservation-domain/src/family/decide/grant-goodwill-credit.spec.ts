import { demoCatalog } from '../../catalog';
import { DEFAULT_MAX_AMOUNT_CENTS, DEFAULT_MAX_BALANCE_CENTS } from '../../shared';
import { familyCommand as cmd, FamilyHistory } from '../../testing';
import { createFamilyDecider } from '../family.decide';
import type { FamilyEvent } from '../family.events';
import { at, base, canteen, decider, F, goodwill, monday, now, paid, requested, spec, specFor, tuesday } from './family-decider.fixture';

describe('GrantGoodwillCredit (R15)', () => {
  const grant = (amountCents: number, creditId = 'g1', reason = 'Absence justifiée', minutes = 0) =>
    cmd('GrantGoodwillCredit', { creditId, amountCents, reason }, at(minutes));
  const granted = (amountCents: number, creditId = 'g1', minutes = 0): FamilyEvent => ({
    type: 'CreditIssued',
    data: { creditId, familyId: F, amountCents, source: 'goodwill', sourceId: creditId, reason: 'Absence justifiée', issuedAt: at(minutes) },
  });

  it('grants a goodwill credit with its reason; the same grant again changes nothing; its id with other content is ID_CONFLICT', () => {
    spec.given(base).when(grant(350, 'g1', 'Absence justifiée (certificat médical)')).then([
      {
        type: 'CreditIssued',
        data: { creditId: 'g1', familyId: F, amountCents: 350, source: 'goodwill', sourceId: 'g1', reason: 'Absence justifiée (certificat médical)', issuedAt: now },
      },
    ]);
    const history = new FamilyHistory(decider, base);
    history.run(grant(350));
    spec.given(history.events).when(grant(350)).thenNothingHappened();
    spec.given(history.events).when(grant(400)).thenFails('ID_CONFLICT');
  });

  it('refuses AMOUNT_INVALID for an amount that is not a positive whole number of cents, INVALID_COMMAND for a blank reason', () => {
    spec.given(base).when(grant(0)).thenFails('AMOUNT_INVALID');
    spec.given(base).when(grant(2.5)).thenFails('AMOUNT_INVALID');
    spec.given(base).when(grant(350, 'g1', '   ')).thenFails('INVALID_COMMAND');
  });

  it('refuses AMOUNT_OUT_OF_BOUNDS above the maximum amount (R1, R11)', () => {
    spec.given(base).when(grant(9_007_199_254_740_991)).thenFails('AMOUNT_OUT_OF_BOUNDS', (failure) =>
      expect(failure.details).toMatchObject({ amountCents: 9_007_199_254_740_991, maxAmountCents: DEFAULT_MAX_AMOUNT_CENTS }),
    );
    spec.given(base).when(grant(DEFAULT_MAX_AMOUNT_CENTS + 1)).thenFails('AMOUNT_OUT_OF_BOUNDS');
    spec.given(base).when(grant(1e300)).thenFails('AMOUNT_OUT_OF_BOUNDS');
    spec.given(base).when(grant(DEFAULT_MAX_AMOUNT_CENTS)).then([granted(DEFAULT_MAX_AMOUNT_CENTS)]);
  });

  it('refuses a goodwill credit that would take the family credit (balance + held) above the maximum balance', () => {
    const nearlyFull = [...base, goodwill('g0', DEFAULT_MAX_BALANCE_CENTS - 100)];
    spec.given(nearlyFull).when(grant(101)).thenFails('AMOUNT_OUT_OF_BOUNDS', (failure) =>
      expect(failure.details).toMatchObject({ maxBalanceCents: DEFAULT_MAX_BALANCE_CENTS }),
    );
    spec.given(nearlyFull).when(grant(100)).then([granted(100)]);
    // Credit held by a pending order still counts: it comes back when the order expires.
    const held = [...nearlyFull, requested('o1', [canteen('c1', monday)], DEFAULT_MAX_BALANCE_CENTS - 100)];
    spec.given(held).when(grant(101)).thenFails('AMOUNT_OUT_OF_BOUNDS');
  });

  it("uses the town's own bounds", () => {
    const town = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxAmountCents: 5_000, maxBalanceCents: 10_000 });
    specFor(town).given(base).when(grant(5_001)).thenFails('AMOUNT_OUT_OF_BOUNDS');
    specFor(town).given(base).when(grant(5_000)).then([granted(5_000)]);
    specFor(town).given([...base, goodwill('g0', 6_000)]).when(grant(4_001)).thenFails('AMOUNT_OUT_OF_BOUNDS');
    specFor(town).given([...base, goodwill('g0', 6_000)]).when(grant(4_000)).then([granted(4_000)]);
  });

  it('a goodwill credit at the end instant of a hold first records the lapsed hold, so the balance it answers with is whole (R6)', () => {
    const lapsing = [...base, requested('o1', [canteen('c1', monday)]), ...paid('o1', 'p1', 210), goodwill('g1', 100), requested('o2', [canteen('c1', tuesday)], 100)];
    const events = spec
      .given(lapsing)
      .when(grant(350, 'g2', 'Geste', 60))
      .then((recorded) => expect(recorded.map((e) => e.type)).toEqual(['ReservationExpired', 'CreditIssued']));
    expect(new FamilyHistory(decider, [...lapsing, ...events]).state).toMatchObject({ balanceCents: 450, heldCents: 0 });
  });
});
