import { DEFAULT_MAX_AMOUNT_CENTS } from '../../shared';
import { familyCommand as cmd, FamilyHistory } from '../../testing';
import { at, base, canteen, decider, F, goodwill, ledgerBalanced, monday, requested, spec } from './family-decider.fixture';

describe('RefundCredit (R15, R10)', () => {
  const refund = (amountCents: number, refundId = 'r1', reference = 'VIR-0042', minutes = 1) => cmd('RefundCredit', { refundId, amountCents, reference }, at(minutes));
  const withCredit = [...base, goodwill('g1', 350)];

  it('refunds at most the balance, with its reference', () => {
    spec.given(withCredit).when(refund(350)).then([
      { type: 'CreditRefunded', data: { refundId: 'r1', familyId: F, amountCents: 350, reference: 'VIR-0042', refundedAt: at(1) } },
    ]);
    spec.given(withCredit).when(refund(351)).thenFails('INSUFFICIENT_CREDIT', (failure) => expect(failure.details).toEqual({ balanceCents: 350 }));
    spec.given(withCredit).when(refund(-1)).thenFails('AMOUNT_INVALID');
  });

  it('the same refund again changes nothing; its id with other content is ID_CONFLICT', () => {
    const refunded = new FamilyHistory(decider, withCredit);
    refunded.run(refund(100));
    spec.given(refunded.events).when(refund(100)).thenNothingHappened();
    spec.given(refunded.events).when(refund(200)).thenFails('ID_CONFLICT');
    expect(ledgerBalanced(refunded.events)).toMatchObject({ goodwillCents: 350, balanceCents: 250, refundedCents: 100 });
  });

  it('credit held by a pending order cannot be refunded until its hold is over (R6)', () => {
    const held = [...base, goodwill('g1', 350), requested('o1', [canteen('c1', monday)], 350)];
    spec.given(held).when(refund(350)).thenFails('INSUFFICIENT_CREDIT');
    spec.given(held).when(refund(350, 'r1', 'VIR', 61)).then([
      { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(60), reason: 'timeout', creditReleasedCents: 210 } },
      { type: 'CreditRefunded', data: { refundId: 'r1', familyId: F, amountCents: 350, reference: 'VIR', refundedAt: at(61) } },
    ]);
  });

  it('refuses AMOUNT_OUT_OF_BOUNDS above the maximum amount (R1, R11)', () => {
    spec.given([...base, goodwill('g0', DEFAULT_MAX_AMOUNT_CENTS)]).when(refund(DEFAULT_MAX_AMOUNT_CENTS + 1)).thenFails('AMOUNT_OUT_OF_BOUNDS');
  });
});
