import * as E from 'fp-ts/Either';
import { demoCatalog, demoMunicipality, loadCatalog, withClosures, type Catalog } from '../catalog';
import { checkLedger } from '../ledger';
import { DEFAULT_MAX_AMOUNT_CENTS, DEFAULT_MAX_BALANCE_CENTS, MAX_REPRESENTABLE_CENTS } from '../shared';
import { creditAccountView } from '../projections';
import { deciderSpecification, defined, demoDates, familyCommand as cmd, FamilyHistory, slot } from '../testing';
import { REFUSAL_CODES, type RefusalCode } from './refusal';
import { createFamilyDecider } from './family.decide';
import type { FamilyEvent, ReservationLine, ReservationRequested } from './family.events';
import type { Pricing } from './family.commands';

const { now, monday, tuesday, wednesday, thursday, friday, holiday, beforeSchoolYear } = demoDates;
const F = 'fam-1';
const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });

// Every refusal code asserted through `thenFails` is recorded; the last test checks none is missing.
const refusalsSeen = new Set<string>();
function specFor(d = decider) {
  const spec = deciderSpecification(d);
  return {
    given: (events: readonly FamilyEvent[]) => {
      const given = spec.given(events);
      return {
        state: given.state,
        when: (command: Parameters<typeof d.decide>[0]) => {
          const when = given.when(command);
          return {
            ...when,
            thenFails: (code: RefusalCode, details?: Parameters<typeof when.thenFails>[1]) => {
              refusalsSeen.add(code);
              return when.thenFails(code, details);
            },
          };
        },
      };
    },
  };
}
const spec = specFor();

const QF600: Pricing = { quotientFamilial: 600 };
const at = (minutesAfterNow: number) => new Date(Date.parse(now) + minutesAfterNow * 60_000).toISOString();
const registered: FamilyEvent = {
  type: 'FamilyRegistered',
  data: { familyId: F, resident: true, registeredAt: '2026-09-01T08:00:00.000Z' },
};
const enrolled = (childId: string, rank: number, activityIds = ['restauration', 'accueil-soir', 'mercredi']): FamilyEvent => ({
  type: 'ChildEnrolled',
  data: { familyId: F, childId, activityIds, rank, enrolledAt: '2026-09-01T08:00:00.000Z' },
});
const base = [registered, enrolled('c1', 1)];
const canteen = (childId: string, date: string, cents = 210, bracket = 'qf<=700', effectiveFrom = '2026-09-01'): ReservationLine => ({
  childId,
  activityId: 'restauration',
  date,
  unitPriceCents: cents,
  tariff: { effectiveFrom, bracket },
});
function requested(orderId: string, lines: ReservationLine[], balanceCents = 0, requestedAt = now): ReservationRequested {
  const totalCents = lines.reduce((sum, line) => sum + line.unitPriceCents, 0);
  const creditAppliedCents = Math.min(balanceCents, totalCents);
  return {
    type: 'ReservationRequested',
    data: {
      orderId,
      familyId: F,
      lines,
      totalCents,
      creditAppliedCents,
      amountDueCents: totalCents - creditAppliedCents,
      requestedAt,
      expiresAt: new Date(Date.parse(requestedAt) + 60 * 60_000).toISOString(),
    },
  };
}
const request = (orderId: string, slots: ReturnType<typeof slot>[], at_ = now, pricing = QF600) =>
  cmd('RequestReservation', { orderId, slots, pricing }, at_);
const goodwill = (creditId: string, amountCents: number, issuedAt = '2026-09-02T08:00:00.000Z'): FamilyEvent => ({
  type: 'CreditIssued',
  data: { creditId, familyId: F, amountCents, source: 'goodwill', sourceId: creditId, reason: 'Geste commercial', issuedAt },
});
const confirmedByCredit = (orderId: string, confirmedAt = now): FamilyEvent => ({
  type: 'ReservationConfirmed',
  data: { orderId, confirmedAt, via: 'credit' },
});
const paid = (orderId: string, paymentId: string, amountCents: number, paidAt = now): FamilyEvent[] => [
  {
    type: 'PaymentConfirmed',
    data: { paymentId, orderId, provider: 'simulated', amountCents, paidAt, outcome: 'order_confirmed' },
  },
  { type: 'ReservationConfirmed', data: { orderId, confirmedAt: paidAt, via: 'payment', paymentId } },
];
/** c1 has canteen on Monday and Tuesday of W38, paid 420 cents by p1. */
const reservedMonTue = [...base, requested('o1', [canteen('c1', monday), canteen('c1', tuesday)]), ...paid('o1', 'p1', 420)];

function ledgerBalanced(events: readonly FamilyEvent[]) {
  const state = new FamilyHistory(decider, events).state;
  const ledger = checkLedger(state);
  if (E.isLeft(ledger)) throw new Error(ledger.left.message);
  return ledger.right;
}

describe('family decider', () => {
  describe('registration and enrolment', () => {
    it('registers a family once; the same registration again changes nothing', () => {
      spec.given([]).when(cmd('RegisterFamily', { familyId: F, resident: false }, now)).then([
        { type: 'FamilyRegistered', data: { familyId: F, resident: false, registeredAt: now } },
      ]);
      spec.given([registered]).when(cmd('RegisterFamily', { familyId: F, resident: true }, now)).thenNothingHappened();
    });

    it('refuses FAMILY_ALREADY_REGISTERED for another registration of the stream', () => {
      spec.given([registered]).when(cmd('RegisterFamily', { familyId: F, resident: false }, now)).thenFails('FAMILY_ALREADY_REGISTERED');
      spec.given([registered]).when(cmd('RegisterFamily', { familyId: 'fam-2', resident: true }, now)).thenFails('FAMILY_ALREADY_REGISTERED');
    });

    it('refuses FAMILY_NOT_REGISTERED for any other command on an unregistered family', () => {
      spec.given([]).when(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now)).thenFails('FAMILY_NOT_REGISTERED');
      spec.given([]).when(request('o1', [slot('c1', 'restauration', monday)])).thenFails('FAMILY_NOT_REGISTERED');
    });

    it('enrols children with their sibling rank in enrolment order', () => {
      spec.given([registered]).when(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now)).then([
        { type: 'ChildEnrolled', data: { familyId: F, childId: 'c1', activityIds: ['restauration'], rank: 1, enrolledAt: now } },
      ]);
      spec.given(base).when(cmd('EnrolChild', { childId: 'c2', activityIds: ['mercredi'] }, now)).then([
        { type: 'ChildEnrolled', data: { familyId: F, childId: 'c2', activityIds: ['mercredi'], rank: 2, enrolledAt: now } },
      ]);
    });

    it('enrolling the same child with the same activities changes nothing; with others is CHILD_ALREADY_ENROLLED', () => {
      spec
        .given(base)
        .when(cmd('EnrolChild', { childId: 'c1', activityIds: ['mercredi', 'restauration', 'accueil-soir'] }, now))
        .thenNothingHappened();
      spec.given(base).when(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now)).thenFails('CHILD_ALREADY_ENROLLED');
    });

    it('changes an enrolment with ChangeEnrolment; unknown children and activities are refused', () => {
      spec.given(base).when(cmd('ChangeEnrolment', { childId: 'c1', activityIds: ['restauration'] }, now)).then([
        { type: 'ChildEnrolmentChanged', data: { familyId: F, childId: 'c1', activityIds: ['restauration'], changedAt: now } },
      ]);
      spec.given(base).when(cmd('ChangeEnrolment', { childId: 'c9', activityIds: ['restauration'] }, now)).thenFails('UNKNOWN_CHILD');
      spec.given(base).when(cmd('EnrolChild', { childId: 'c2', activityIds: ['piscine'] }, now)).thenFails('UNKNOWN_ACTIVITY');
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
  });

  describe('R2 bookable slots and R4 reservation requests', () => {
    it('records the request with frozen prices, totals and the hold (R3, R4)', () => {
      spec
        .given(base)
        .when(request('o1', [slot('c1', 'restauration', monday), slot('c1', 'accueil-soir', monday), slot('c1', 'mercredi', wednesday)]))
        .then([
          requested('o1', [
            canteen('c1', monday),
            { childId: 'c1', activityId: 'accueil-soir', date: monday, unitPriceCents: 216, tariff: { effectiveFrom: '2026-09-01', bracket: 'taux-effort' } },
            { childId: 'c1', activityId: 'mercredi', date: wednesday, unitPriceCents: 800, tariff: { effectiveFrom: '2026-09-01', bracket: 'qf<=700' } },
          ]),
        ]);
    });

    it('prices with the highest price without a QF, the non-resident price, the sibling rank and the grid of the date (R3)', () => {
      spec.given(base).when(request('o1', [slot('c1', 'restauration', monday)], now, { quotientFamilial: null })).then([
        requested('o1', [canteen('c1', monday, 490, 'no-qf')]),
      ]);
      const nonResident: FamilyEvent = { type: 'FamilyRegistered', data: { familyId: F, resident: false, registeredAt: now } };
      spec.given([nonResident, enrolled('c1', 1)]).when(request('o1', [slot('c1', 'restauration', monday)])).then([
        requested('o1', [canteen('c1', monday, 650, 'non-resident')]),
      ]);
      spec
        .given([...base, enrolled('c2', 2), enrolled('c3', 3)])
        .when(request('o1', [slot('c3', 'restauration', monday)]))
        .then([requested('o1', [canteen('c3', monday, 105, 'qf<=700+rank3-50%')])]);
      spec.given(base).when(request('o1', [slot('c1', 'restauration', '2027-01-04')])).then([
        requested('o1', [canteen('c1', '2027-01-04', 214, 'qf<=700', '2027-01-01')]),
      ]);
    });

    it('refuses every slot that is not bookable, naming each one (R2)', () => {
      const failure = spec
        .given([...base, enrolled('c2', 2, ['mercredi'])])
        .when(
          request('o1', [
            slot('c1', 'restauration', monday),
            slot('c9', 'restauration', monday),
            slot('c2', 'restauration', monday),
            slot('c1', 'restauration', wednesday),
          ]),
        )
        .thenFails('UNKNOWN_CHILD');
      expect((failure.details as { code: string }[]).map((problem) => problem.code)).toEqual(['UNKNOWN_CHILD', 'NOT_ENROLLED', 'NOT_SERVED']);
    });

    it.each([
      ['UNKNOWN_ACTIVITY', slot('c1', 'piscine', monday)],
      ['NOT_ENROLLED', slot('c1', 'accueil-matin', monday)],
      ['NOT_SERVED', slot('c1', 'restauration', wednesday)],
      ['OUTSIDE_SCHOOL_YEAR', slot('c1', 'restauration', beforeSchoolYear)],
      ['OUTSIDE_SCHOOL_YEAR', slot('c1', 'restauration', '2027-07-05')],
      ['DAY_CLOSED', slot('c1', 'restauration', holiday)],
      ['DEADLINE_PASSED', slot('c1', 'restauration', '2026-09-08')],
    ] as const)('refuses %s', (code, badSlot) => {
      spec.given(base).when(request('o1', [badSlot])).thenFails(code);
    });

    it('refuses DAY_CLOSED for a day the municipality closed at run time', () => {
      const closed = withClosures(demoCatalog, [{ activityId: 'restauration', date: monday, reason: 'Grève' }]);
      specFor(createFamilyDecider({ catalog: closed, holdMinutes: 60 }))
        .given(base)
        .when(request('o1', [slot('c1', 'restauration', monday)]))
        .thenFails('DAY_CLOSED');
    });

    it('accepts up to the deadline instant included and refuses a millisecond later (R2)', () => {
      const deadline = demoDates.canteenDeadlineW38;
      const afterDeadline = new Date(Date.parse(deadline) + 1).toISOString();
      spec.given(base).when(request('o1', [slot('c1', 'restauration', monday)], deadline)).then((events) => expect(events).toHaveLength(1));
      spec.given(base).when(request('o1', [slot('c1', 'restauration', monday)], afterDeadline)).thenFails('DEADLINE_PASSED');
    });

    it('refuses EMPTY_REQUEST and DUPLICATE_SLOT', () => {
      spec.given(base).when(request('o1', [])).thenFails('EMPTY_REQUEST');
      spec.given(base).when(request('o1', [slot('c1', 'restauration', monday), slot('c1', 'restauration', monday)])).thenFails('DUPLICATE_SLOT');
    });

    it('refuses SLOT_TAKEN for a slot already reserved or pending', () => {
      spec.given(reservedMonTue).when(request('o2', [slot('c1', 'restauration', monday)])).thenFails('SLOT_TAKEN');
      spec
        .given([...base, requested('o1', [canteen('c1', thursday)])])
        .when(request('o2', [slot('c1', 'restauration', friday), slot('c1', 'restauration', thursday)]))
        .thenFails('SLOT_TAKEN', (failure) =>
          expect(failure.details).toEqual([expect.objectContaining({ date: thursday, code: 'SLOT_TAKEN' })]),
        );
    });

    it('refuses NO_TARIFF when no grid is in force on the date', () => {
      const file = JSON.parse(JSON.stringify(demoMunicipality)) as { activities: { id: string; tariffs: { effectiveFrom: string }[] }[] };
      defined(file.activities.find((a) => a.id === 'mercredi')).tariffs[0].effectiveFrom = '2026-10-01';
      const catalog = E.getOrElseW(() => {
        throw new Error('catalog');
      })(loadCatalog(file)) as Catalog;
      specFor(createFamilyDecider({ catalog, holdMinutes: 60 }))
        .given(base)
        .when(request('o1', [slot('c1', 'mercredi', wednesday)]))
        .thenFails('NO_TARIFF');
    });

    it('applies the credit balance: creditApplied = min(balance, total), amountDue = the rest (R4)', () => {
      spec.given([...base, goodwill('g1', 300)]).when(request('o1', [slot('c1', 'restauration', monday), slot('c1', 'restauration', tuesday)])).then([
        requested('o1', [canteen('c1', monday), canteen('c1', tuesday)], 300),
      ]);
      spec.given([...base, goodwill('g1', 1000)]).when(request('o1', [slot('c1', 'restauration', monday)])).then([
        requested('o1', [canteen('c1', monday)], 1000),
      ]);
    });

    it('the same orderId with the same slots changes nothing; with other slots it is ID_CONFLICT', () => {
      const given = [...base, requested('o1', [canteen('c1', monday), canteen('c1', tuesday)])];
      spec.given(given).when(request('o1', [slot('c1', 'restauration', tuesday), slot('c1', 'restauration', monday)])).thenNothingHappened();
      spec.given(given).when(request('o1', [slot('c1', 'restauration', thursday)])).thenFails('ID_CONFLICT');
    });
  });

  describe('R5 one action per pending order', () => {
    const covered = [...base, goodwill('g1', 500), requested('o1', [canteen('c1', monday)], 500)];
    const toPay = [...base, requested('o1', [canteen('c1', monday)])];

    it('« OK » confirms an order fully covered by credit', () => {
      spec.given(covered).when(cmd('ConfirmWithCredit', { orderId: 'o1' }, at(5))).then([confirmedByCredit('o1', at(5))]);
      // Another « OK » on the confirmed order is refused like any order no longer pending (retries of one request are the command loop's).
      spec.given([...covered, confirmedByCredit('o1')]).when(cmd('ConfirmWithCredit', { orderId: 'o1' }, at(5))).thenFails('ORDER_NOT_PENDING');
    });

    it('« OK » on an order with something to pay is ACTION_NOT_ALLOWED, and so is paying an order with nothing to pay', () => {
      spec.given(toPay).when(cmd('ConfirmWithCredit', { orderId: 'o1' }, at(5))).thenFails('ACTION_NOT_ALLOWED');
      spec
        .given(covered)
        .when(cmd('StartPayment', { orderId: 'o1', paymentId: 'p1', provider: 'simulated' }, at(5)))
        .thenFails('ACTION_NOT_ALLOWED');
    });

    it('starts a payment of exactly the amount due; the same start again changes nothing; another order under that id is ID_CONFLICT', () => {
      const start = cmd('StartPayment', { orderId: 'o1', paymentId: 'p1', provider: 'stripe' }, at(5));
      spec.given(toPay).when(start).then([
        { type: 'PaymentStarted', data: { orderId: 'o1', paymentId: 'p1', provider: 'stripe', amountCents: 210, startedAt: at(5) } },
      ]);
      const started = new FamilyHistory(decider, toPay);
      started.run(start);
      spec.given(started.events).when(start).thenNothingHappened();
      started.run(request('o2', [slot('c1', 'restauration', tuesday)], at(6)));
      spec.given(started.events).when(cmd('StartPayment', { orderId: 'o2', paymentId: 'p1', provider: 'stripe' }, at(7))).thenFails('ID_CONFLICT');
    });

    it('refuses UNKNOWN_ORDER and ORDER_NOT_PENDING', () => {
      spec.given(base).when(cmd('ConfirmWithCredit', { orderId: 'nope' }, now)).thenFails('UNKNOWN_ORDER');
      spec.given([...toPay, ...paid('o1', 'p1', 210)]).when(cmd('StartPayment', { orderId: 'o1', paymentId: 'p2', provider: 'simulated' }, at(5))).thenFails('ORDER_NOT_PENDING');
      spec.given(covered).when(cmd('ConfirmWithCredit', { orderId: 'o1' }, at(60))).thenFails('ORDER_NOT_PENDING');
    });
  });

  describe('R6 expiry', () => {
    const held = [...base, goodwill('g1', 100), requested('o1', [canteen('c1', monday)], 100)];
    const expired = (reason: 'timeout' | 'abandoned' | 'closure', expiredAt: string, creditReleasedCents = 100): FamilyEvent => ({
      type: 'ReservationExpired',
      data: { orderId: 'o1', expiredAt, reason, creditReleasedCents },
    });

    it('refuses ORDER_NOT_EXPIRED before expiresAt, expires at expiresAt and returns the held credit', () => {
      spec.given(held).when(cmd('ExpireOrder', { orderId: 'o1' }, at(59))).thenFails('ORDER_NOT_EXPIRED');
      spec.given(held).when(cmd('ExpireOrder', { orderId: 'o1' }, at(90))).then([expired('timeout', at(60))]);
      const after = new FamilyHistory(decider, [...held, expired('timeout', at(60))]).state;
      expect(after.balanceCents).toBe(100);
      expect(after.heldCents).toBe(0);
      expect(after.slots.size).toBe(0);
      spec.given([...held, expired('timeout', at(60))]).when(cmd('ExpireOrder', { orderId: 'o1' }, at(90))).thenNothingHappened();
    });

    it('abandoning frees the slots at once; a confirmed order cannot be abandoned', () => {
      spec.given(held).when(cmd('AbandonOrder', { orderId: 'o1' }, at(10))).then([expired('abandoned', at(10))]);
      spec.given([...held, expired('abandoned', at(10))]).when(request('o2', [slot('c1', 'restauration', monday)], at(11))).then([
        requested('o2', [canteen('c1', monday)], 100, at(11)),
      ]);
      spec.given([...held, ...paid('o1', 'p1', 110)]).when(cmd('AbandonOrder', { orderId: 'o1' }, at(10))).thenFails('ORDER_NOT_PENDING');
      spec.given([...held, ...paid('o1', 'p1', 110)]).when(cmd('ExpireOrder', { orderId: 'o1' }, at(90))).thenFails('ORDER_NOT_PENDING');
    });

    it('a new request first expires the orders whose hold is over, freeing their slots and credit', () => {
      spec.given(held).when(request('o2', [slot('c1', 'restauration', monday)], at(61))).then([
        expired('timeout', at(60)),
        requested('o2', [canteen('c1', monday)], 100, at(61)),
      ]);
    });

    it('uses the configured hold', () => {
      const short = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 15 });
      specFor(short)
        .given(base)
        .when(request('o1', [slot('c1', 'restauration', monday)]))
        .then(([event]) => expect(event.type === 'ReservationRequested' && event.data.expiresAt).toBe(at(15)));
    });
  });

  describe('R7 payments', () => {
    const toPay = [...base, goodwill('g1', 100), requested('o1', [canteen('c1', monday), canteen('c1', tuesday)], 100)];
    const confirm = (amountCents: number, minutes = 5, paymentId = 'p1', creditId?: string) =>
      cmd('ConfirmPayment', { paymentId, orderId: 'o1', provider: 'simulated', amountCents, ...(creditId ? { creditId } : {}) }, at(minutes));
    const credited = (amountCents: number, minutes = 5, paymentId = 'p1', creditId = `${paymentId}-credit`): FamilyEvent[] => [
      { type: 'PaymentConfirmed', data: { paymentId, orderId: 'o1', provider: 'simulated', amountCents, paidAt: at(minutes), outcome: 'credited' } },
      {
        type: 'CreditIssued',
        data: { creditId, familyId: F, amountCents, source: 'unapplied_payment', sourceId: paymentId, issuedAt: at(minutes) },
      },
    ];

    it('a payment of exactly the amount due confirms the pending order', () => {
      spec.given(toPay).when(confirm(320)).then(paid('o1', 'p1', 320, at(5)));
      expect(ledgerBalanced([...toPay, ...paid('o1', 'p1', 320, at(5))])).toMatchObject({ paymentsCents: 320, reservedValueCents: 420 });
    });

    it('the same payment reported twice is applied once; for another order it is ID_CONFLICT', () => {
      const once = [...toPay, ...paid('o1', 'p1', 320, at(5))];
      spec.given(once).when(confirm(320, 7)).thenNothingHappened();
      spec.given(once).when(cmd('ConfirmPayment', { paymentId: 'p1', orderId: 'o9', provider: 'simulated', amountCents: 320 }, at(7))).thenFails('ID_CONFLICT');
    });

    it('a payment of another amount becomes credit in full, and the order stays pending', () => {
      spec.given(toPay).when(confirm(300)).then(credited(300));
      spec.given(toPay).when(confirm(500, 5, 'p1', 'credit-x')).then(credited(500, 5, 'p1', 'credit-x'));
      const state = new FamilyHistory(decider, [...toPay, ...credited(300)]).state;
      expect(state.orders.get('o1')?.status).toBe('pending');
      expect(ledgerBalanced([...toPay, ...credited(300)])).toMatchObject({ paymentsCents: 300, balanceCents: 300 });
    });

    it('a second payment of a confirmed order becomes credit', () => {
      spec.given([...toPay, ...paid('o1', 'p1', 320, at(5))]).when(confirm(320, 6, 'p2')).then(credited(320, 6, 'p2'));
    });

    it('a late payment confirms an expired order whose slots are all still bookable and free, taking its credit again', () => {
      const expiredEvent: FamilyEvent = { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(60), reason: 'timeout', creditReleasedCents: 100 } };
      spec.given([...toPay, expiredEvent]).when(confirm(320, 120)).then(paid('o1', 'p1', 320, at(120)));
      // The hold is over but not recorded yet: the expiry is recorded first.
      spec.given(toPay).when(confirm(320, 120)).then([expiredEvent, ...paid('o1', 'p1', 320, at(120))]);
      const ledger = ledgerBalanced([...toPay, expiredEvent, ...paid('o1', 'p1', 320, at(120))]);
      expect(ledger).toMatchObject({ paymentsCents: 320, goodwillCents: 100, reservedValueCents: 420, balanceCents: 0, heldCents: 0 });
    });

    it('a late payment becomes credit when a slot is no longer bookable, is taken, or the credit is gone', () => {
      const expiredEvent: FamilyEvent = { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(60), reason: 'timeout', creditReleasedCents: 100 } };
      const afterDeadline = (Date.parse(demoDates.canteenDeadlineW38) - Date.parse(now)) / 60_000 + 1;
      spec.given([...toPay, expiredEvent]).when(confirm(320, afterDeadline)).then(credited(320, afterDeadline));
      const retaken = [...toPay, expiredEvent, requested('o2', [canteen('c1', monday)], 100, at(70))];
      spec.given(retaken).when(confirm(320, 80)).then(credited(320, 80));
      const spent = [...toPay, expiredEvent, requested('o2', [canteen('c1', thursday)], 100, at(70))];
      spec.given(spent).when(confirm(320, 80)).then(credited(320, 80));
    });

    it('refuses AMOUNT_INVALID for a zero, negative or fractional amount', () => {
      for (const amount of [0, -320, 3.2]) spec.given(toPay).when(confirm(amount)).thenFails('AMOUNT_INVALID');
    });

    it('refuses a payment id started for another order', () => {
      const started = [...toPay, { type: 'PaymentStarted', data: { orderId: 'o9', paymentId: 'p1', provider: 'simulated', amountCents: 1, startedAt: now } } as FamilyEvent];
      spec.given(started).when(confirm(320)).thenFails('ID_CONFLICT');
    });
  });

  describe('R8 payment tickets', () => {
    const paidOrder = [...base, requested('o1', [canteen('c1', monday)]), ...paid('o1', 'p1', 210)];
    const ticket = (paymentId: string, ticketNumber: string) => cmd('IssuePaymentTicket', { paymentId, ticketNumber }, at(1));

    it('issues one ticket per confirmed payment, with its number, order and amount', () => {
      spec.given(paidOrder).when(ticket('p1', 'R-2026-000001')).then([
        { type: 'PaymentTicketIssued', data: { paymentId: 'p1', orderId: 'o1', ticketNumber: 'R-2026-000001', amountCents: 210, issuedAt: at(1) } },
      ]);
    });

    it('the same ticket again changes nothing; another number for it, or its number for another payment, is ID_CONFLICT', () => {
      const issued = new FamilyHistory(decider, paidOrder);
      issued.run(ticket('p1', 'R-2026-000001'));
      spec.given(issued.events).when(ticket('p1', 'R-2026-000001')).thenNothingHappened();
      spec.given(issued.events).when(ticket('p1', 'R-2026-000002')).thenFails('ID_CONFLICT');
      issued.run(cmd('ConfirmPayment', { paymentId: 'p2', orderId: 'o1', provider: 'simulated', amountCents: 50 }, at(2)));
      spec.given(issued.events).when(ticket('p2', 'R-2026-000001')).thenFails('ID_CONFLICT');
    });

    it('refuses UNKNOWN_PAYMENT, PAYMENT_NOT_CONFIRMED and a malformed number', () => {
      spec.given(paidOrder).when(ticket('p9', 'R-2026-000001')).thenFails('UNKNOWN_PAYMENT');
      const started = [...base, requested('o1', [canteen('c1', monday)]), { type: 'PaymentStarted', data: { orderId: 'o1', paymentId: 'p1', provider: 'simulated', amountCents: 210, startedAt: now } } as FamilyEvent];
      spec.given(started).when(ticket('p1', 'R-2026-000001')).thenFails('PAYMENT_NOT_CONFIRMED');
      spec.given(paidOrder).when(ticket('p1', 'A-2026-000001')).thenFails('INVALID_COMMAND');
    });
  });

  describe('R9 cancellations', () => {
    const cancel = (slots: ReturnType<typeof slot>[], minutes = 10, cancellationId = 'x1', creditId = 'cr1') =>
      cmd('CancelReservation', { cancellationId, creditId, slots }, at(minutes));

    it('cancels reserved slots, crediting each at the price it was reserved at', () => {
      spec.given(reservedMonTue).when(cancel([slot('c1', 'restauration', monday)])).then([
        {
          type: 'ReservationCancelled',
          data: {
            cancellationId: 'x1',
            familyId: F,
            lines: [{ childId: 'c1', activityId: 'restauration', date: monday, orderId: 'o1', creditCents: 210 }],
            totalCents: 210,
            cancelledAt: at(10),
            reason: 'parent',
          },
        },
        { type: 'CreditIssued', data: { creditId: 'cr1', familyId: F, amountCents: 210, source: 'cancellation', sourceId: 'x1', issuedAt: at(10) } },
      ]);
    });

    it('credits the frozen price even after the tariff changed', () => {
      const file = JSON.parse(JSON.stringify(demoMunicipality)) as { activities: { id: string; tariffs: { brackets: { priceCents: number }[] }[] }[] };
      for (const bracket of defined(file.activities.find((a) => a.id === 'restauration')).tariffs[0].brackets) bracket.priceCents += 1000;
      const dearer = E.getOrElseW(() => {
        throw new Error('catalog');
      })(loadCatalog(file)) as Catalog;
      specFor(createFamilyDecider({ catalog: dearer, holdMinutes: 60 }))
        .given(reservedMonTue)
        .when(cancel([slot('c1', 'restauration', tuesday)]))
        .then((events) => expect(events.map((e) => e.type === 'CreditIssued' && e.data.amountCents)).toEqual([false, 210]));
    });

    it('refuses NOT_RESERVED, SLOT_PENDING, UNKNOWN_CHILD and the cancellation deadline', () => {
      spec.given(reservedMonTue).when(cancel([slot('c1', 'restauration', thursday)])).thenFails('NOT_RESERVED');
      spec.given([...base, requested('o1', [canteen('c1', monday)])]).when(cancel([slot('c1', 'restauration', monday)])).thenFails('SLOT_PENDING');
      spec.given(reservedMonTue).when(cancel([slot('c9', 'restauration', monday)])).thenFails('UNKNOWN_CHILD');
      const deadline = demoDates.canteenCancellationDeadlineMonday;
      const minutes = (Date.parse(deadline) - Date.parse(now)) / 60_000;
      spec.given(reservedMonTue).when(cancel([slot('c1', 'restauration', monday)], minutes)).then((events) => expect(events).toHaveLength(2));
      spec.given(reservedMonTue).when(cancel([slot('c1', 'restauration', monday)], minutes + 1)).thenFails('DEADLINE_PASSED');
    });

    it('refuses EMPTY_REQUEST and DUPLICATE_SLOT', () => {
      spec.given(reservedMonTue).when(cancel([])).thenFails('EMPTY_REQUEST');
      spec.given(reservedMonTue).when(cancel([slot('c1', 'restauration', monday), slot('c1', 'restauration', monday)])).thenFails('DUPLICATE_SLOT');
    });

    it('the same cancellation again changes nothing; its id or its credit id reused is ID_CONFLICT', () => {
      const done = new FamilyHistory(decider, reservedMonTue);
      done.run(cancel([slot('c1', 'restauration', monday)]));
      spec.given(done.events).when(cancel([slot('c1', 'restauration', monday)], 20)).thenNothingHappened();
      spec.given(done.events).when(cancel([slot('c1', 'restauration', tuesday)], 20)).thenFails('ID_CONFLICT');
      spec.given(done.events).when(cancel([slot('c1', 'restauration', tuesday)], 20, 'x2', 'cr1')).thenFails('ID_CONFLICT');
    });

    it('returns exactly what the slot cost even when credit paid for part of it', () => {
      const mixed = [...base, goodwill('g1', 100), requested('o1', [canteen('c1', monday)], 100), ...paid('o1', 'p1', 110)];
      const history = new FamilyHistory(decider, mixed);
      history.run(cancel([slot('c1', 'restauration', monday)]));
      expect(history.state.balanceCents).toBe(210);
      expect(ledgerBalanced(history.events)).toMatchObject({ paymentsCents: 110, goodwillCents: 100, balanceCents: 210, reservedValueCents: 0 });
    });
  });

  describe('R10 credit balance', () => {
    it('applies credits oldest first and never lets the balance go below zero', () => {
      const history = new FamilyHistory(decider, [...base, goodwill('g1', 150, '2026-09-02T08:00:00.000Z'), goodwill('g2', 500, '2026-09-03T08:00:00.000Z')]);
      history.run(request('o1', [slot('c1', 'restauration', monday)]));
      const credits = creditAccountView(history.state, now).credits;
      expect(credits.map((c) => [c.creditId, c.remainingCents])).toEqual([
        ['g1', 0],
        ['g2', 440],
      ]);
      history.run(request('o2', [slot('c1', 'mercredi', wednesday)], at(1)));
      expect(history.state.balanceCents).toBe(0);
      expect(history.state.orders.get('o2')).toMatchObject({ totalCents: 800, creditAppliedCents: 440, amountDueCents: 360 });
      history.run(cmd('AbandonOrder', { orderId: 'o1' }, at(2)));
      // The released credit goes back to the lot it came from, keeping the oldest-first order.
      expect(creditAccountView(history.state, at(2)).credits.map((c) => [c.creditId, c.remainingCents])).toEqual([
        ['g1', 150],
        ['g2', 60],
      ]);
    });
  });

  describe('R14 closures', () => {
    const close = (minutes = 10, cancellationId = 'k1', creditId = 'kc1', date = monday) =>
      cmd('CloseServiceDay', { activityId: 'restauration', date, reason: 'Grève', cancellationId, creditId }, at(minutes));
    const twoChildren = [
      ...base,
      enrolled('c2', 2),
      goodwill('g1', 50),
      requested('o1', [canteen('c1', monday), canteen('c2', monday), canteen('c1', tuesday)], 50),
      ...paid('o1', 'p1', 580),
    ];

    it('cancels every reservation of the day with full credit, whatever the deadline', () => {
      const afterCancellationDeadline = (Date.parse('2026-09-13T10:00:00.000Z') - Date.parse(now)) / 60_000;
      spec.given(twoChildren).when(close(afterCancellationDeadline)).then([
        {
          type: 'ReservationCancelled',
          data: {
            cancellationId: 'k1',
            familyId: F,
            lines: [
              { childId: 'c1', activityId: 'restauration', date: monday, orderId: 'o1', creditCents: 210 },
              { childId: 'c2', activityId: 'restauration', date: monday, orderId: 'o1', creditCents: 210 },
            ],
            totalCents: 420,
            cancelledAt: at(afterCancellationDeadline),
            reason: 'closure',
          },
        },
        { type: 'CreditIssued', data: { creditId: 'kc1', familyId: F, amountCents: 420, source: 'closure', sourceId: 'k1', issuedAt: at(afterCancellationDeadline) } },
      ]);
    });

    it('expires pending orders containing the day; nothing to do is no event; the same closure again changes nothing', () => {
      const pending = [...base, goodwill('g1', 50), requested('o1', [canteen('c1', monday), canteen('c1', tuesday)], 50)];
      spec.given(pending).when(close()).then([
        { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(10), reason: 'closure', creditReleasedCents: 50 } },
      ]);
      spec.given(pending).when(close(10, 'k1', 'kc1', thursday)).thenNothingHappened();
      const closed = new FamilyHistory(decider, twoChildren);
      closed.run(close());
      spec.given(closed.events).when(close(20)).thenNothingHappened();
      spec.given(closed.events).when(close(20, 'k1', 'kc9', tuesday)).thenFails('ID_CONFLICT');
      expect(ledgerBalanced(closed.events).balanceCents).toBe(420);
    });

    it('refuses an unknown activity', () => {
      spec
        .given(twoChildren)
        .when(cmd('CloseServiceDay', { activityId: 'piscine', date: monday, reason: 'Grève', cancellationId: 'k1', creditId: 'kc1' }, now))
        .thenFails('UNKNOWN_ACTIVITY');
    });
  });

  describe('R15 goodwill credits, refunds and credit notes', () => {
    const grant = (amountCents: number, creditId = 'g1', reason = 'Absence justifiée (certificat médical)') =>
      cmd('GrantGoodwillCredit', { creditId, amountCents, reason }, now);
    const refund = (amountCents: number, refundId = 'r1', reference = 'VIR-0042') => cmd('RefundCredit', { refundId, amountCents, reference }, at(1));

    it('grants a goodwill credit with its reason; the same grant again changes nothing', () => {
      spec.given(base).when(grant(350)).then([
        {
          type: 'CreditIssued',
          data: { creditId: 'g1', familyId: F, amountCents: 350, source: 'goodwill', sourceId: 'g1', reason: 'Absence justifiée (certificat médical)', issuedAt: now },
        },
      ]);
      const granted = new FamilyHistory(decider, base);
      granted.run(grant(350));
      spec.given(granted.events).when(grant(350)).thenNothingHappened();
      spec.given(granted.events).when(grant(400)).thenFails('ID_CONFLICT');
      spec.given(base).when(grant(0)).thenFails('AMOUNT_INVALID');
      spec.given(base).when(grant(350, 'g1', '   ')).thenFails('INVALID_COMMAND');
    });

    it('refunds at most the balance, with its reference', () => {
      const withCredit = [...base, goodwill('g1', 350)];
      spec.given(withCredit).when(refund(350)).then([
        { type: 'CreditRefunded', data: { refundId: 'r1', familyId: F, amountCents: 350, reference: 'VIR-0042', refundedAt: at(1) } },
      ]);
      spec.given(withCredit).when(refund(351)).thenFails('INSUFFICIENT_CREDIT');
      spec.given(withCredit).when(refund(-1)).thenFails('AMOUNT_INVALID');
      const refunded = new FamilyHistory(decider, withCredit);
      refunded.run(refund(100));
      spec.given(refunded.events).when(refund(100)).thenNothingHappened();
      spec.given(refunded.events).when(refund(200)).thenFails('ID_CONFLICT');
      expect(ledgerBalanced(refunded.events)).toMatchObject({ goodwillCents: 350, balanceCents: 250, refundedCents: 100 });
    });

    it('credit held by a pending order cannot be refunded until its hold is over', () => {
      const held = [...base, goodwill('g1', 350), requested('o1', [canteen('c1', monday)], 350)];
      spec.given(held).when(refund(350)).thenFails('INSUFFICIENT_CREDIT');
      spec.given(held).when(cmd('RefundCredit', { refundId: 'r1', amountCents: 350, reference: 'VIR' }, at(61))).then([
        { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(60), reason: 'timeout', creditReleasedCents: 210 } },
        { type: 'CreditRefunded', data: { refundId: 'r1', familyId: F, amountCents: 350, reference: 'VIR', refundedAt: at(61) } },
      ]);
    });

    it('numbers a credit note once per credit', () => {
      const withCredit = [...base, goodwill('g1', 350), goodwill('g2', 10)];
      const note = (creditId: string, creditNoteNumber: string) => cmd('NumberCreditNote', { creditId, creditNoteNumber }, now);
      spec.given(withCredit).when(note('g1', 'A-2026-000001')).then([
        { type: 'CreditNoteIssued', data: { creditId: 'g1', creditNoteNumber: 'A-2026-000001', issuedAt: now } },
      ]);
      const numbered = new FamilyHistory(decider, withCredit);
      numbered.run(note('g1', 'A-2026-000001'));
      spec.given(numbered.events).when(note('g1', 'A-2026-000001')).thenNothingHappened();
      spec.given(numbered.events).when(note('g1', 'A-2026-000002')).thenFails('ID_CONFLICT');
      spec.given(numbered.events).when(note('g2', 'A-2026-000001')).thenFails('ID_CONFLICT');
      spec.given(withCredit).when(note('g9', 'A-2026-000001')).thenFails('UNKNOWN_CREDIT');
    });
  });

  describe('R17 personal data', () => {
    it('records the erasure of the person stream once', () => {
      const erase = cmd('RecordPersonalDataErased', { reason: 'Durée de conservation écoulée' }, now);
      spec.given(base).when(erase).then([
        { type: 'PersonalDataErased', data: { familyId: F, erasedAt: now, reason: 'Durée de conservation écoulée' } },
      ]);
      const erased = new FamilyHistory(decider, base);
      erased.run(erase);
      spec.given(erased.events).when(erase).thenNothingHappened();
    });
  });

  describe('security: amounts are bounded (R1, R11)', () => {
    const grant = (amountCents: number, creditId = 'g1', minutes = 0) =>
      cmd('GrantGoodwillCredit', { creditId, amountCents, reason: 'Absence justifiée' }, at(minutes));
    const refund = (amountCents: number, refundId = 'r1') => cmd('RefundCredit', { refundId, amountCents, reference: 'VIR-0042' }, at(1));
    const granted = (amountCents: number, creditId = 'g1', minutes = 0): FamilyEvent => ({
      type: 'CreditIssued',
      data: { creditId, familyId: F, amountCents, source: 'goodwill', sourceId: creditId, reason: 'Absence justifiée', issuedAt: at(minutes) },
    });
    const pay = (amountCents: number, paymentId = 'p1') =>
      cmd('ConfirmPayment', { paymentId, orderId: 'o1', provider: 'stripe', amountCents }, at(5));
    const toPay = [...base, requested('o1', [canteen('c1', monday)])];

    it('the default bounds are 1,000,000 € per amount and per family credit, named domain constants', () => {
      expect(DEFAULT_MAX_AMOUNT_CENTS).toBe(100_000_000);
      expect(DEFAULT_MAX_BALANCE_CENTS).toBe(100_000_000);
      expect(MAX_REPRESENTABLE_CENTS).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER / 1000);
    });

    it('refuses AMOUNT_OUT_OF_BOUNDS for a goodwill credit or a refund above the maximum amount', () => {
      spec.given(base).when(grant(9_007_199_254_740_991)).thenFails('AMOUNT_OUT_OF_BOUNDS', (failure) =>
        expect(failure.details).toMatchObject({ amountCents: 9_007_199_254_740_991, maxAmountCents: DEFAULT_MAX_AMOUNT_CENTS }),
      );
      spec.given(base).when(grant(DEFAULT_MAX_AMOUNT_CENTS + 1)).thenFails('AMOUNT_OUT_OF_BOUNDS');
      spec.given(base).when(grant(1e300)).thenFails('AMOUNT_OUT_OF_BOUNDS');
      spec.given(base).when(grant(DEFAULT_MAX_AMOUNT_CENTS)).then([granted(DEFAULT_MAX_AMOUNT_CENTS)]);
      spec.given([...base, goodwill('g0', DEFAULT_MAX_AMOUNT_CENTS)]).when(refund(DEFAULT_MAX_AMOUNT_CENTS + 1)).thenFails('AMOUNT_OUT_OF_BOUNDS');
      spec.given(base).when(grant(2.5)).thenFails('AMOUNT_INVALID');
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

    it('a town sets its own bounds through createFamilyDecider options; nonsensical bounds are a RangeError', () => {
      const town = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxAmountCents: 5_000, maxBalanceCents: 10_000 });
      specFor(town).given(base).when(grant(5_001)).thenFails('AMOUNT_OUT_OF_BOUNDS');
      specFor(town).given(base).when(grant(5_000)).then([granted(5_000)]);
      specFor(town).given([...base, goodwill('g0', 6_000)]).when(grant(4_001)).thenFails('AMOUNT_OUT_OF_BOUNDS');
      specFor(town).given([...base, goodwill('g0', 6_000)]).when(grant(4_000)).then([granted(4_000)]);
      for (const bad of [0, -1, 1.5, Number.NaN, MAX_REPRESENTABLE_CENTS + 1]) {
        expect(() => createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxAmountCents: bad })).toThrow(RangeError);
        expect(() => createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxBalanceCents: bad })).toThrow(RangeError);
      }
    });

    it('refuses a reservation whose total is above the maximum amount', () => {
      const town = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxAmountCents: 300 });
      specFor(town)
        .given(base)
        .when(request('o1', [slot('c1', 'restauration', monday), slot('c1', 'restauration', tuesday)]))
        .thenFails('AMOUNT_OUT_OF_BOUNDS');
      specFor(town).given(base).when(request('o1', [slot('c1', 'restauration', monday)])).then([requested('o1', [canteen('c1', monday)])]);
    });

    it('a parent cancellation that would take the credit above the maximum balance is refused; a closure still credits in full', () => {
      const town = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxBalanceCents: 300 });
      const both = [slot('c1', 'restauration', monday), slot('c1', 'restauration', tuesday)];
      specFor(town).given(reservedMonTue).when(cmd('CancelReservation', { cancellationId: 'x1', creditId: 'cr1', slots: both }, at(10))).thenFails('AMOUNT_OUT_OF_BOUNDS');
      specFor(town)
        .given(reservedMonTue)
        .when(cmd('CancelReservation', { cancellationId: 'x1', creditId: 'cr1', slots: [slot('c1', 'restauration', monday)] }, at(10)))
        .then((events) => expect(events.map((e) => e.type)).toEqual(['ReservationCancelled', 'CreditIssued']));
      // R14: the town closed the day and owes what was paid for it, whatever the bound.
      specFor(town)
        .given([...reservedMonTue, goodwill('g9', 250)])
        .when(cmd('CloseServiceDay', { activityId: 'restauration', date: monday, reason: 'Grève', cancellationId: 'k1', creditId: 'kc1' }, at(10)))
        .then((events) => expect(events.map((e) => e.type)).toEqual(['ReservationCancelled', 'CreditIssued']));
    });

    it('money received above the maximum amount or balance is recorded as credit, never refused; an amount that cannot be represented is refused explicitly', () => {
      const big = DEFAULT_MAX_AMOUNT_CENTS * 5;
      const credited = (amountCents: number): FamilyEvent[] => [
        { type: 'PaymentConfirmed', data: { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents, paidAt: at(5), outcome: 'credited' } },
        { type: 'CreditIssued', data: { creditId: 'p1-credit', familyId: F, amountCents, source: 'unapplied_payment', sourceId: 'p1', issuedAt: at(5) } },
      ];
      spec.given(toPay).when(pay(big)).then(credited(big));
      spec.given([...toPay, goodwill('g0', DEFAULT_MAX_BALANCE_CENTS)]).when(pay(500)).then(credited(500));
      expect(ledgerBalanced([...toPay, ...credited(big)])).toMatchObject({ paymentsCents: big, balanceCents: big });
      spec.given(toPay).when(pay(MAX_REPRESENTABLE_CENTS)).then(credited(MAX_REPRESENTABLE_CENTS));
      spec.given(toPay).when(pay(MAX_REPRESENTABLE_CENTS + 1)).thenFails('AMOUNT_OUT_OF_BOUNDS', (failure) =>
        expect(failure.details).toMatchObject({ amountCents: MAX_REPRESENTABLE_CENTS + 1, maxRepresentableCents: MAX_REPRESENTABLE_CENTS }),
      );
      spec.given(toPay).when(pay(2 ** 53 + 2)).thenFails('AMOUNT_OUT_OF_BOUNDS');
    });
  });

  describe('security: a hold is over at its end instant in every decision (R6)', () => {
    // o1 (Monday) reserved and paid; g1 (100) then o2 (Tuesday) pending, holding the 100 until at(60).
    const lapsing = [
      ...base,
      requested('o1', [canteen('c1', monday)]),
      ...paid('o1', 'p1', 210),
      goodwill('g1', 100),
      requested('o2', [canteen('c1', tuesday)], 100),
    ];
    const lapsed: FamilyEvent = { type: 'ReservationExpired', data: { orderId: 'o2', expiredAt: at(60), reason: 'timeout', creditReleasedCents: 100 } };
    const cancel = (date: string, minutes: number) =>
      cmd('CancelReservation', { cancellationId: 'x1', creditId: 'cr1', slots: [slot('c1', 'restauration', date)] }, at(minutes));

    it('cancelling the day of an order whose hold is over is NOT_RESERVED (the day is free), not SLOT_PENDING', () => {
      spec.given(lapsing).when(cancel(tuesday, 59)).thenFails('SLOT_PENDING');
      spec.given(lapsing).when(cancel(tuesday, 60)).thenFails('NOT_RESERVED');
    });

    it('a cancellation at the end instant first records the lapsed hold, so the balance after it counts the released credit', () => {
      const events = spec.given(lapsing).when(cancel(monday, 60)).then((recorded) => expect(recorded.map((e) => e.type)).toEqual(['ReservationExpired', 'ReservationCancelled', 'CreditIssued']));
      expect(events[0]).toEqual(lapsed);
      const state = new FamilyHistory(decider, [...lapsing, ...events]).state;
      expect(state.cancellations.get('x1')?.balanceAfterCents).toBe(310);
      expect(ledgerBalanced([...lapsing, ...events])).toMatchObject({ balanceCents: 310, heldCents: 0 });
    });

    it('a goodwill credit at the end instant first records the lapsed hold, so the balance it answers with is whole', () => {
      const events = spec.given(lapsing).when(grantAt(60)).then((recorded) => expect(recorded.map((e) => e.type)).toEqual(['ReservationExpired', 'CreditIssued']));
      expect(new FamilyHistory(decider, [...lapsing, ...events]).state).toMatchObject({ balanceCents: 450, heldCents: 0 });
    });

    it('a closure expires an order whose hold is over as timed out at its end, not as closed', () => {
      spec
        .given(lapsing)
        .when(cmd('CloseServiceDay', { activityId: 'restauration', date: tuesday, reason: 'Grève', cancellationId: 'k1', creditId: 'kc1' }, at(60)))
        .then([lapsed]);
    });

    it('a late payment may take a day that another order, whose hold is over, still held in the record', () => {
      // o3 requested Tuesday at at(1) for 210 and expired; o4 then holds Tuesday until at(70); the payment of o3 comes at at(70).
      const history = [
        ...base,
        requested('o3', [canteen('c1', tuesday)], 0, at(1)),
        { type: 'ReservationExpired', data: { orderId: 'o3', expiredAt: at(2), reason: 'abandoned', creditReleasedCents: 0 } } as FamilyEvent,
        requested('o4', [canteen('c1', tuesday)], 0, at(10)),
      ];
      spec
        .given(history)
        .when(cmd('ConfirmPayment', { paymentId: 'p3', orderId: 'o3', provider: 'simulated', amountCents: 210 }, at(70)))
        .then([
          { type: 'ReservationExpired', data: { orderId: 'o4', expiredAt: at(70), reason: 'timeout', creditReleasedCents: 0 } },
          { type: 'PaymentConfirmed', data: { paymentId: 'p3', orderId: 'o3', provider: 'simulated', amountCents: 210, paidAt: at(70), outcome: 'order_confirmed' } },
          { type: 'ReservationConfirmed', data: { orderId: 'o3', confirmedAt: at(70), via: 'payment', paymentId: 'p3' } },
        ]);
    });

    function grantAt(minutes: number) {
      return cmd('GrantGoodwillCredit', { creditId: 'g2', amountCents: 350, reason: 'Geste' }, at(minutes));
    }
  });

  describe('security: « OK » and abandon racing on one order (R5, R6)', () => {
    const covered = [...base, goodwill('g1', 500), requested('o1', [canteen('c1', monday)], 500)];
    const ok = cmd('ConfirmWithCredit', { orderId: 'o1' }, at(5));
    const abandon = cmd('AbandonOrder', { orderId: 'o1' }, at(5));
    const okEvents = [confirmedByCredit('o1', at(5))];
    const abandonEvents: FamilyEvent[] = [
      { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(5), reason: 'abandoned', creditReleasedCents: 210 } },
    ];

    it('each alone is accepted on the pending order', () => {
      spec.given(covered).when(ok).then(okEvents);
      spec.given(covered).when(abandon).then(abandonEvents);
    });

    it('the second decision on an order that already left awaiting confirmation is ORDER_NOT_PENDING, whichever path came first', () => {
      // What the command loop does on a conflict: the loser is decided again on the state the winner left.
      const cases: [FamilyEvent[], typeof ok | typeof abandon, 'confirmed' | 'expired'][] = [
        [okEvents, abandon, 'confirmed'],
        [okEvents, ok, 'confirmed'],
        [abandonEvents, ok, 'expired'],
        [abandonEvents, abandon, 'expired'],
      ];
      for (const [first, second, status] of cases) {
        spec.given([...covered, ...first]).when(second).thenFails('ORDER_NOT_PENDING', (failure) => expect(failure.details).toMatchObject({ status }));
        // A later request (another idempotency key) gets exactly the same answer.
        spec.given([...covered, ...first]).when({ ...second, metadata: { now: at(30) } }).thenFails('ORDER_NOT_PENDING');
      }
    });

    it('once the hold is over, neither « OK » nor abandon is accepted', () => {
      spec.given(covered).when(cmd('ConfirmWithCredit', { orderId: 'o1' }, at(60))).thenFails('ORDER_NOT_PENDING');
      spec.given(covered).when(cmd('AbandonOrder', { orderId: 'o1' }, at(60))).thenFails('ORDER_NOT_PENDING', (failure) =>
        expect(failure.details).toMatchObject({ status: 'expired' }),
      );
    });
  });

  describe('security: payment times and repeated provider payments (R7)', () => {
    const toPay = [...base, goodwill('g1', 100), requested('o1', [canteen('c1', monday), canteen('c1', tuesday)], 100)];
    const confirmRef = (amountCents: number, providerReference: string | undefined, minutes = 5) =>
      cmd(
        'ConfirmPayment',
        { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents, ...(providerReference === undefined ? {} : { providerReference }) },
        at(minutes),
      );
    const paidRef = (amountCents: number, providerReference: string, minutes = 5): FamilyEvent[] => [
      { type: 'PaymentConfirmed', data: { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents, paidAt: at(minutes), outcome: 'order_confirmed', providerReference } },
      { type: 'ReservationConfirmed', data: { orderId: 'o1', confirmedAt: at(minutes), via: 'payment', paymentId: 'p1' } },
    ];
    const creditedAs = (paymentId: string, amountCents: number, minutes: number, providerReference?: string): FamilyEvent[] => [
      {
        type: 'PaymentConfirmed',
        data: { paymentId, orderId: 'o1', provider: 'stripe', amountCents, paidAt: at(minutes), outcome: 'credited', ...(providerReference ? { providerReference } : {}) },
      },
      { type: 'CreditIssued', data: { creditId: `${paymentId}-credit`, familyId: F, amountCents, source: 'unapplied_payment', sourceId: paymentId, issuedAt: at(minutes) } },
    ];

    it('a payment whose provider time precedes the request confirms the order at its request time; the payment keeps the provider time', () => {
      spec.given(toPay).when(confirmRef(320, 'pi_A', -5)).then([
        { type: 'PaymentConfirmed', data: { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents: 320, paidAt: at(-5), outcome: 'order_confirmed', providerReference: 'pi_A' } },
        { type: 'ReservationConfirmed', data: { orderId: 'o1', confirmedAt: now, via: 'payment', paymentId: 'p1' } },
      ]);
    });

    it('records the provider reference of a payment', () => {
      spec.given(toPay).when(confirmRef(320, 'pi_A')).then(paidRef(320, 'pi_A'));
    });

    it('a second, distinct provider payment for a confirmed payment id becomes credit; a duplicate delivery changes nothing', () => {
      const once = [...toPay, ...paidRef(320, 'pi_A')];
      spec.given(once).when(confirmRef(320, 'pi_A', 7)).thenNothingHappened();
      spec.given(once).when(confirmRef(320, undefined, 7)).thenNothingHappened();
      const second = creditedAs('p1~pi_B', 320, 7, 'pi_B');
      spec.given(once).when(confirmRef(320, 'pi_B', 7)).then(second);
      spec.given([...once, ...second]).when(confirmRef(320, 'pi_B', 9)).thenNothingHappened();
      spec.given(once).when(confirmRef(500, 'pi_C', 7)).then(creditedAs('p1~pi_C', 500, 7, 'pi_C'));
      // The same provider payment reported with another amount is not money to guess about.
      spec.given(once).when(confirmRef(999, 'pi_A', 7)).thenFails('ID_CONFLICT');
      expect(ledgerBalanced([...once, ...second])).toMatchObject({ paymentsCents: 640, balanceCents: 320 });
    });

    it('without provider references, another amount for a confirmed payment id is another payment, credited', () => {
      const once = [...toPay, ...paid('o1', 'p1', 320, at(5)).map((e) => (e.type === 'PaymentConfirmed' ? { ...e, data: { ...e.data, provider: 'stripe' as const } } : e))];
      spec.given(once).when(confirmRef(320, undefined, 7)).thenNothingHappened();
      const other = creditedAs('p1~999c', 999, 7);
      spec.given(once).when(confirmRef(999, undefined, 7)).then(other);
      spec.given([...once, ...other]).when(confirmRef(999, undefined, 8)).thenNothingHappened();
      expect(ledgerBalanced([...once, ...other])).toMatchObject({ paymentsCents: 1319, balanceCents: 999 });
    });
  });

  it('every refusal code of the family decider is asserted by an example above', () => {
    // Person decider and read-model inputs (asserted in person.decide.spec.ts and the projection specs).
    const notTheDecider: RefusalCode[] = ['PERSON_NOT_RECORDED', 'INVALID_WEEK', 'INVALID_DATE'];
    expect(REFUSAL_CODES.filter((code) => !notTheDecider.includes(code) && !refusalsSeen.has(code))).toEqual([]);
  });
});
