import { familyCommand as cmd, FamilyHistory } from '../../testing';
import { at, base, canteen, decider, F, goodwill, ledgerBalanced, monday, requested, spec } from './family-decider.fixture';

describe('Refund requests: asked by one person, decided by another (R19, R15, R10)', () => {
  const ask = (amountCents: number, requestId = 'rr1', creditIds = ['g1'], requestedBy = 'regisseur-1', minutes = 1) =>
    cmd('RequestRefund', { requestId, amountCents, reason: 'Départ de la commune', creditIds, requestedBy }, at(minutes));
  const validate = (validatedBy = 'admin-1', requestId = 'rr1', minutes = 2) => cmd('ValidateRefundRequest', { requestId, validatedBy }, at(minutes));
  const reject = (rejectedBy = 'admin-1', reason = 'Enfant toujours inscrit', requestId = 'rr1') => cmd('RejectRefundRequest', { requestId, rejectedBy, reason }, at(2));
  const withCredit = [...base, goodwill('g1', 350)];
  const asked = new FamilyHistory(decider, withCredit);
  asked.run(ask(300));

  it('a request records who asked, how much, why and for which credits, and moves no money', () => {
    spec.given(withCredit).when(ask(300)).then([
      {
        type: 'RefundRequested',
        data: { requestId: 'rr1', familyId: F, amountCents: 300, reason: 'Départ de la commune', creditIds: ['g1'], requestedBy: 'regisseur-1', requestedAt: at(1) },
      },
    ]);
    expect(asked.state.balanceCents).toBe(350);
    expect(asked.state.refundRequests.get('rr1')?.status).toBe('pending');
  });

  it('refuses a request above the balance, for credits the family does not have, or of no amount', () => {
    spec.given(withCredit).when(ask(351)).thenFails('INSUFFICIENT_CREDIT', (failure) => expect(failure.details).toEqual({ balanceCents: 350 }));
    spec.given(withCredit).when(ask(100, 'rr1', ['g9'])).thenFails('UNKNOWN_CREDIT');
    spec.given(withCredit).when(ask(0)).thenFails('AMOUNT_INVALID');
    spec.given(withCredit).when(ask(100, 'rr1', [])).thenFails('INVALID_COMMAND');
  });

  it('the same request again changes nothing; its id with other content is ID_CONFLICT', () => {
    spec.given(asked.events).when(ask(300)).thenNothingHappened();
    spec.given(asked.events).when(ask(200)).thenFails('ID_CONFLICT');
    spec.given(asked.events).when(ask(300, 'rr1', ['g1'], 'regisseur-2')).thenFails('ID_CONFLICT');
  });

  it('validated by another person, it refunds the credit in the same decision', () => {
    spec.given(asked.events).when(validate()).then([
      { type: 'RefundRequestValidated', data: { requestId: 'rr1', familyId: F, amountCents: 300, validatedBy: 'admin-1', validatedAt: at(2) } },
      { type: 'CreditRefunded', data: { refundId: 'rr1', familyId: F, amountCents: 300, reference: 'Départ de la commune', refundedAt: at(2) } },
    ]);
    const validated = new FamilyHistory(decider, asked.events);
    validated.run(validate());
    expect(validated.state.balanceCents).toBe(50);
    expect(validated.state.refundRequests.get('rr1')).toMatchObject({ status: 'validated', decidedBy: 'admin-1', decidedAt: at(2) });
    expect(ledgerBalanced(validated.events)).toMatchObject({ goodwillCents: 350, balanceCents: 50, refundedCents: 300 });
  });

  it('the person who asked cannot validate nor reject it (REFUND_SELF_VALIDATION)', () => {
    spec.given(asked.events).when(validate('regisseur-1')).thenFails('REFUND_SELF_VALIDATION');
    spec.given(asked.events).when(reject('regisseur-1')).thenFails('REFUND_SELF_VALIDATION');
  });

  it('is decided once: the same validation again changes nothing, any other decision is REFUND_REQUEST_NOT_PENDING', () => {
    const validated = new FamilyHistory(decider, asked.events);
    validated.run(validate('admin-1'));
    spec.given(validated.events).when(validate('admin-1')).thenNothingHappened();
    spec.given(validated.events).when(validate('admin-2')).thenFails('REFUND_REQUEST_NOT_PENDING');
    spec.given(validated.events).when(reject('admin-2')).thenFails('REFUND_REQUEST_NOT_PENDING');
    const rejected = new FamilyHistory(decider, asked.events);
    rejected.run(reject('admin-1'));
    spec.given(rejected.events).when(reject('admin-1')).thenNothingHappened();
    spec.given(rejected.events).when(validate('admin-2')).thenFails('REFUND_REQUEST_NOT_PENDING');
    spec.given(withCredit).when(validate()).thenFails('UNKNOWN_REFUND_REQUEST');
  });

  it('a rejection keeps the credit and records its reason', () => {
    spec.given(asked.events).when(reject()).then([
      { type: 'RefundRequestRejected', data: { requestId: 'rr1', familyId: F, reason: 'Enfant toujours inscrit', rejectedBy: 'admin-1', rejectedAt: at(2) } },
    ]);
    const rejected = new FamilyHistory(decider, asked.events);
    rejected.run(reject());
    expect(rejected.state.balanceCents).toBe(350);
    expect(rejected.state.refundRequests.get('rr1')).toMatchObject({ status: 'rejected', decidedBy: 'admin-1', rejectionReason: 'Enfant toujours inscrit' });
  });

  it('a balance that dropped since the request is refused at validation, and the request stays pending', () => {
    // A reservation of 2,10 € used part of the credit after the request.
    const spent = [...asked.events, requested('o1', [canteen('c1', monday)], 210)];
    spec.given(spent).when(validate('admin-1', 'rr1', 3)).thenFails('INSUFFICIENT_CREDIT', (failure) => expect(failure.details).toEqual({ balanceCents: 140 }));
    // Two requests each within the balance, not both: the second validated is refused.
    const two = new FamilyHistory(decider, asked.events);
    two.run(ask(200, 'rr2'));
    two.run(validate('admin-1', 'rr1'));
    spec.given(two.events).when(validate('admin-1', 'rr2')).thenFails('INSUFFICIENT_CREDIT');
  });
});
