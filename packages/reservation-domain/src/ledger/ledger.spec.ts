import * as E from 'fp-ts/Either';
import { demoCatalog } from '../catalog';
import { createFamilyDecider, foldFamily, type FamilyEvent } from '../family';
import { defined, demoDates, familyCommand as cmd, FamilyHistory, slot } from '../testing';
import { auditFamilyHistory, checkLedger, ledgerOf } from './ledger';

const { now, monday, tuesday } = demoDates;
const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });

function story() {
  const history = new FamilyHistory(decider);
  history.run(cmd('RegisterFamily', { familyId: 'fam-1', resident: true }, now));
  history.run(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now));
  history.run(cmd('GrantGoodwillCredit', { creditId: 'g1', amountCents: 500, reason: 'Geste' }, now));
  history.run(cmd('RequestReservation', { orderId: 'o1', slots: [slot('c1', 'restauration', monday)], pricing: { quotientFamilial: null } }, now));
  history.run(cmd('RequestReservation', { orderId: 'o2', slots: [slot('c1', 'restauration', tuesday)], pricing: { quotientFamilial: null } }, now));
  history.run(cmd('ConfirmPayment', { paymentId: 'p1', orderId: 'o2', provider: 'simulated', amountCents: 480 }, now));
  history.run(cmd('ConfirmPayment', { paymentId: 'p2', orderId: 'o1', provider: 'simulated', amountCents: 100 }, now));
  history.run(cmd('RefundCredit', { refundId: 'r1', amountCents: 30, reference: 'VIR' }, now));
  return history;
}

describe('ledger (R11)', () => {
  it('computes each term from the records and balances them', () => {
    const state = story().state;
    // Goodwill 500: o1 (490) holds 490 of it, o2 takes the last 10 and is paid 480; p2 (100, not
    // the amount o1 awaits) becomes credit, 30 of which is refunded.
    expect(ledgerOf(state)).toEqual({
      paymentsCents: 580,
      goodwillCents: 500,
      reservedValueCents: 490,
      balanceCents: 70,
      heldCents: 490,
      refundedCents: 30,
    });
    expect(E.isRight(checkLedger(state))).toBe(true);
  });

  it('catches a history whose amounts do not add up', () => {
    const events = [...story().events];
    const tampered = events.map((event): FamilyEvent =>
      event.type === 'CreditIssued' ? { ...event, data: { ...event.data, amountCents: event.data.amountCents + 1 } } : event,
    );
    const result = checkLedger(foldFamily(tampered));
    expect(E.isLeft(result) && result.left.code).toBe('LEDGER_UNBALANCED');
  });

  it('auditFamilyHistory reports a slot held twice and the ledger', () => {
    const history = story();
    expect(auditFamilyHistory(history.events)).toMatchObject({ ok: true, eventsChecked: history.events.length });
    const duplicate = defined(history.events.find((e) => e.type === 'ReservationRequested' && e.data.orderId === 'o1'));
    const forged: FamilyEvent = { ...duplicate, data: { ...(duplicate.data as object), orderId: 'o9' } } as FamilyEvent;
    const audit = auditFamilyHistory([...history.events, forged]);
    expect(audit.ok).toBe(false);
    expect(audit.checks.find((c) => c.name === 'no slot held twice')).toMatchObject({ ok: false });
  });
});
