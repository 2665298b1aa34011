import { familyCommand as cmd, FamilyHistory } from '../../testing';
import type { AttachUnmatchedPayment } from '../family.commands';
import type { FamilyEvent } from '../family.events';
import { at, base, decider, F, ledgerBalanced, now, spec } from './family-decider.fixture';

describe('AttachUnmatchedPayment (R7, R18)', () => {
  const attach = (data: Partial<AttachUnmatchedPayment['data']> = {}, paidAt = now) =>
    cmd(
      'AttachUnmatchedPayment',
      { paymentId: 'attached-1', orderId: 'ord-x', provider: 'payfip', amountCents: 700, providerReference: 'idop-1', method: 'direct_debit', reason: 'Nom du payeur', ...data },
      paidAt,
    );
  const attached: FamilyEvent[] = [
    {
      type: 'PaymentConfirmed',
      data: { paymentId: 'attached-1', orderId: 'ord-x', provider: 'payfip', amountCents: 700, paidAt: now, outcome: 'credited', providerReference: 'idop-1', method: 'direct_debit' },
    },
    { type: 'CreditIssued', data: { creditId: 'attached-1-credit', familyId: F, amountCents: 700, source: 'unapplied_payment', sourceId: 'attached-1', reason: 'Nom du payeur', issuedAt: now } },
  ];

  it('records the payment as a receipt credited in full, with the reason on the credit; the ledger balances', () => {
    spec.given(base).when(attach()).then(attached);
    const state = new FamilyHistory(decider, [...base, ...attached]).state;
    expect(state.balanceCents).toBe(700);
    expect(state.payments.get('attached-1')).toMatchObject({ status: 'confirmed', outcome: 'credited', providerReference: 'idop-1' });
    ledgerBalanced([...base, ...attached]);
  });

  it('changes nothing when attached again; the same ids or provider payment with other content are ID_CONFLICT', () => {
    spec.given([...base, ...attached]).when(attach({}, at(5))).thenNothingHappened();
    spec.given([...base, ...attached]).when(attach({ amountCents: 800 })).thenFails('ID_CONFLICT');
    spec.given([...base, ...attached]).when(attach({ paymentId: 'attached-2' })).thenFails('ID_CONFLICT');
  });

  it('refuses an amount that cannot be recorded, a blank reason, and an unregistered family', () => {
    spec.given(base).when(attach({ amountCents: 0 })).thenFails('AMOUNT_INVALID');
    spec.given(base).when(attach({ amountCents: 1e300 })).thenFails('AMOUNT_OUT_OF_BOUNDS');
    spec.given(base).when(attach({ reason: '  ' })).thenFails('INVALID_COMMAND');
    spec.given([]).when(attach()).thenFails('FAMILY_NOT_REGISTERED');
  });
});
