import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { demoCatalog } from '../catalog';
import { auditFamilyHistory, checkLedger } from '../ledger';
import { defined, playScenario, scenarioArb, type PlayedScenario } from '../testing';
import { DEFAULT_MAX_AMOUNT_CENTS, MAX_REPRESENTABLE_CENTS } from '../shared';
import type { FamilyCommand } from './family.commands';
import { slotBookingProblem } from './decide/slot-rules';
import { createFamilyDecider } from './family.decide';
import { evolveFamily, foldFamily } from './family.evolve';
import { slotKeyOf, type FamilyState } from './family.state';

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
const play = (scenario: Parameters<typeof playScenario>[2]) => playScenario(decider, demoCatalog, scenario);
const NUM_RUNS = 120;

function eachState(played: PlayedScenario, check: (state: FamilyState) => void) {
  for (const step of played.steps) check(step.after);
}

/** Slot keys held by live orders (pending, or confirmed and not cancelled since). */
function liveHoldings(state: FamilyState): Map<string, number> {
  const cancelled = new Set<string>();
  state.cancellations.forEach((c) => c.lines.forEach((l) => cancelled.add(`${slotKeyOf(l.childId, l.activityId, l.date)}@${l.orderId}`)));
  const counts = new Map<string, number>();
  state.orders.forEach((order) => {
    if (order.status === 'expired') return;
    for (const line of order.lines) {
      const key = slotKeyOf(line.childId, line.activityId, line.date);
      if (order.status === 'confirmed' && cancelled.has(`${key}@${order.orderId}`)) continue;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  return counts;
}

describe('family decider properties: money (R4, R9, R10, R11)', () => {
  it('R11: the ledger balances after every command of a random sequence', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        eachState(play(scenario), (state) => {
          const ledger = checkLedger(state);
          if (E.isLeft(ledger)) throw new Error(`${ledger.left.code}: ${ledger.left.message}`);
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('R10: the credit balance is never negative', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        eachState(play(scenario), (state) => {
          expect(state.balanceCents).toBeGreaterThanOrEqual(0);
          expect(state.heldCents).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('no slot is ever held twice, pending or reserved', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const played = play(scenario);
        eachState(played, (state) => {
          const counts = liveHoldings(state);
          for (const [key, count] of counts) if (count > 1) throw new Error(`${key} held by ${count} orders`);
          expect(state.slots.size).toBe(counts.size);
        });
        expect(auditFamilyHistory(played.events).ok).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('no sequence of bounded commands yields an unsafe integer or breaks R11, and money received is never refused for its size', () => {
    const maxAmountCents = 10_000;
    const maxBalanceCents = 25_000;
    const bounded = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxAmountCents, maxBalanceCents });
    const amountArb = fc.oneof(
      fc.integer({ min: 1, max: maxAmountCents }),
      fc.integer({ min: maxAmountCents + 1, max: 100 * maxAmountCents }),
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      fc.constantFrom(1, DEFAULT_MAX_AMOUNT_CENTS, MAX_REPRESENTABLE_CENTS, MAX_REPRESENTABLE_CENTS + 1, Number.MAX_SAFE_INTEGER, 2 ** 53, 2 ** 53 + 2, 1e300),
    );
    const extraArb = fc.array(fc.record({ kind: fc.constantFrom('goodwill' as const, 'refund' as const, 'pay' as const, 'cent' as const), amount: amountArb }), {
      maxLength: 30,
    });
    const safeLedger = (state: FamilyState) => {
      const ledger = checkLedger(state);
      if (E.isLeft(ledger)) throw new Error(`${ledger.left.code}: ${ledger.left.message}`);
      for (const [name, cents] of Object.entries(ledger.right)) if (!Number.isSafeInteger(cents)) throw new Error(`${name} = ${cents} is not a safe integer`);
      expect(Number.isSafeInteger(ledger.right.paymentsCents + ledger.right.goodwillCents)).toBe(true);
    };
    fc.assert(
      fc.property(scenarioArb({ maxSteps: 25 }), extraArb, (scenario, extras) => {
        const played = playScenario(bounded, demoCatalog, scenario);
        eachState(played, safeLedger);
        let state = played.state;
        const at = played.steps[played.steps.length - 1].command.metadata.now;
        extras.forEach(({ kind, amount }, i) => {
          const command: FamilyCommand =
            kind === 'pay'
              ? { type: 'ConfirmPayment', data: { paymentId: `x-pay-${i}`, orderId: `x-order-${i}`, provider: 'stripe', amountCents: amount }, metadata: { now: at } }
              : kind === 'refund'
                ? { type: 'RefundCredit', data: { refundId: `x-refund-${i}`, amountCents: amount, reference: 'VIR' }, metadata: { now: at } }
                : { type: 'GrantGoodwillCredit', data: { creditId: `x-credit-${i}`, amountCents: kind === 'cent' ? 1 : amount, reason: 'Geste' }, metadata: { now: at } };
          const before = state;
          const decision = bounded.decide(command, state);
          if (E.isRight(decision)) state = foldFamily(decision.right, state);
          const credit = (s: FamilyState) => s.balanceCents + s.heldCents;
          if (command.type === 'ConfirmPayment') {
            // Money received: recorded whatever its size, as long as it can be represented.
            if (amount <= MAX_REPRESENTABLE_CENTS) expect(E.isRight(decision)).toBe(true);
            else expect(E.isLeft(decision) && decision.left.code).toBe('AMOUNT_OUT_OF_BOUNDS');
          } else if (command.type === 'GrantGoodwillCredit') {
            const cents = command.data.amountCents;
            const fits = cents <= maxAmountCents && credit(before) + cents <= maxBalanceCents;
            expect(E.isRight(decision)).toBe(fits);
            if (!fits) expect(E.isLeft(decision) && decision.left.code).toBe('AMOUNT_OUT_OF_BOUNDS');
          } else if (amount > maxAmountCents) {
            expect(E.isLeft(decision) && decision.left.code).toBe('AMOUNT_OUT_OF_BOUNDS');
          }
          for (const event of E.isRight(decision) ? decision.right : []) {
            const cents = 'amountCents' in event.data ? event.data.amountCents : 0;
            expect(Number.isSafeInteger(cents) && cents <= MAX_REPRESENTABLE_CENTS).toBe(true);
          }
          safeLedger(state);
        });
      }),
      { numRuns: 80 },
    );
  });

  it('R4: amountDue = total − min(balance, total) for every request', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        for (const step of play(scenario).steps) {
          if (E.isLeft(step.decision)) continue;
          let state = step.before;
          for (const event of step.decision.right) {
            if (event.type === 'ReservationRequested') {
              const { totalCents, creditAppliedCents, amountDueCents, lines } = event.data;
              expect(totalCents).toBe(lines.reduce((sum, line) => sum + line.unitPriceCents, 0));
              expect(creditAppliedCents).toBe(Math.min(state.balanceCents, totalCents));
              expect(amountDueCents).toBe(totalCents - creditAppliedCents);
            }
            state = evolveFamily(state, event);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('R9: cancelling right after reserving returns exactly what the slots cost, whatever credit paid for them', () => {
    fc.assert(
      fc.property(scenarioArb({ maxSteps: 25 }), fc.integer({ min: 1, max: 5 }), fc.nat(), (scenario, count, seed) => {
        const played = play(scenario);
        const lastNow = played.steps[played.steps.length - 1].command.metadata.now;
        const nowMs = Date.parse(lastNow);
        let state = played.state;
        const run = (command: Parameters<typeof decider.decide>[0]) => {
          const decision = decider.decide(command, state);
          if (E.isLeft(decision)) throw new Error(`${command.type}: ${decision.left.code} ${decision.left.message}`);
          state = foldFamily(decision.right, state);
          return decision.right;
        };
        const free = [];
        for (let day = 0; day < 21 && free.length < count; day++) {
          const date = new Date(nowMs + (seed % 5 + day) * 86_400_000).toISOString().slice(0, 10);
          for (const child of state.children.values()) {
            for (const activityId of child.activityIds) {
              const slot = { childId: child.childId, activityId, date };
              if (free.length < count && !slotBookingProblem(demoCatalog, state, slot, nowMs) && !state.slots.has(slotKeyOf(child.childId, activityId, date))) {
                free.push(slot);
              }
            }
          }
        }
        fc.pre(free.length > 0);
        const requestEvents = run({
          type: 'RequestReservation',
          data: { orderId: 'probe-order', slots: free, pricing: { quotientFamilial: seed % 2 ? 800 : null } },
          metadata: { now: lastNow },
        });
        // The balance the request saw: after the lapsed holds it expired first, before its own hold.
        const balanceBefore = foldFamily(
          requestEvents.filter((event) => event.type === 'ReservationExpired'),
          played.state,
        ).balanceCents;
        const order = defined(state.orders.get('probe-order'));
        if (order.amountDueCents === 0) run({ type: 'ConfirmWithCredit', data: { orderId: order.orderId }, metadata: { now: lastNow } });
        else run({ type: 'ConfirmPayment', data: { paymentId: 'probe-pay', orderId: order.orderId, provider: 'stripe', amountCents: order.amountDueCents }, metadata: { now: lastNow } });
        const events = run({ type: 'CancelReservation', data: { cancellationId: 'probe-cancel', creditId: 'probe-credit', slots: free }, metadata: { now: lastNow } });
        const credited = events.reduce((sum, e) => sum + (e.type === 'CreditIssued' ? e.data.amountCents : 0), 0);
        expect(credited).toBe(order.totalCents);
        expect(state.balanceCents).toBe(balanceBefore + order.amountDueCents);
      }),
      { numRuns: 80 },
    );
  });
});
