/**
 * fast-check arbitraries of the family decider: random but mostly valid command sequences
 * against a catalog (the demo one by default). A scenario is a list of abstract steps ("reserve
 * 3 free slots", "pay order #2 with the wrong amount", "let 2 hours pass"…) that `playScenario`
 * turns into concrete commands against the current state, so most commands are accepted and
 * the sequence reaches deep states; some are refused on purpose (a slot already taken, a refund
 * above the balance), and a refusal must change nothing.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { cancellationDeadline, type Catalog } from '../catalog';
import { addDays, type Instant, type IsoDate } from '../shared';
import {
  cancellationOpen,
  evolveFamily,
  holdingStatus,
  initialFamilyState,
  slotBookingProblem,
  slotKeyOf,
  type Decision,
  type FamilyCommand,
  type FamilyCommandType,
  type FamilyDecider,
  type FamilyEvent,
  type FamilyState,
  type Slot,
} from '../family';
import { familyCommand, type CommandOf } from './family.fixtures';

export type ScenarioStep =
  | { readonly kind: 'enrol'; readonly activities: readonly number[] }
  | { readonly kind: 'reserve'; readonly count: number; readonly pick: number; readonly qf: number | null; readonly takenToo: boolean }
  | { readonly kind: 'ok'; readonly order: number }
  | { readonly kind: 'pay'; readonly order: number; readonly amount: 'exact' | 'less' | 'more'; readonly start: boolean }
  | { readonly kind: 'repay'; readonly payment: number }
  | { readonly kind: 'ticket'; readonly payment: number }
  | { readonly kind: 'abandon'; readonly order: number }
  | { readonly kind: 'expire'; readonly order: number }
  | { readonly kind: 'cancel'; readonly count: number; readonly pick: number }
  | { readonly kind: 'goodwill'; readonly amountCents: number }
  | { readonly kind: 'refund'; readonly fraction: number }
  | { readonly kind: 'close'; readonly pick: number }
  | { readonly kind: 'creditNote'; readonly credit: number }
  | { readonly kind: 'absent'; readonly pick: number; readonly proofType: number; readonly then: 'accept' | 'refuse' | 'wait' }
  | { readonly kind: 'decideAbsence'; readonly pick: number; readonly accept: boolean }
  | { readonly kind: 'wait'; readonly minutes: number }
  | { readonly kind: 'repeat' };

export interface Scenario {
  readonly familyId: string;
  readonly resident: boolean;
  /** When the scenario starts (a Monday morning inside the school year). */
  readonly start: Instant;
  readonly steps: readonly ScenarioStep[];
}

export interface PlayedStep {
  readonly command: FamilyCommand;
  readonly decision: Decision;
  readonly before: FamilyState;
  readonly after: FamilyState;
}

export interface PlayedScenario {
  readonly events: readonly FamilyEvent[];
  readonly state: FamilyState;
  readonly steps: readonly PlayedStep[];
}

export const familyIdArb: fc.Arbitrary<string> = fc.stringMatching(/^fam-[a-z0-9]{1,8}$/);

const stepArb: fc.Arbitrary<ScenarioStep> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('enrol' as const), activities: fc.array(fc.nat(9), { minLength: 1, maxLength: 4 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      count: fc.integer({ min: 1, max: 6 }),
      pick: fc.nat(),
      qf: fc.option(fc.integer({ min: 0, max: 2500 }), { nil: null }),
      takenToo: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ok' as const), order: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      order: fc.nat(),
      amount: fc.constantFrom('exact' as const, 'exact' as const, 'exact' as const, 'less' as const, 'more' as const),
      start: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repay' as const), payment: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ticket' as const), payment: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abandon' as const), order: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), order: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), count: fc.integer({ min: 1, max: 4 }), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('goodwill' as const), amountCents: fc.integer({ min: 1, max: 5000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), fraction: fc.double({ min: 0, max: 1.5, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('creditNote' as const), credit: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('absent' as const), pick: fc.nat(), proofType: fc.nat(3), then: fc.constantFrom('accept' as const, 'refuse' as const, 'wait' as const) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('decideAbsence' as const), pick: fc.nat(), accept: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      minutes: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 120, max: 4 * 24 * 60 })),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'repeat' as const }) },
);

/** Mondays of the demo school year (outside holidays) at 07:00 UTC, to start scenarios from. */
const START_DAYS: readonly IsoDate[] = ['2026-09-07', '2026-09-21', '2026-11-16', '2027-01-11', '2027-03-08', '2027-05-24'];

export function scenarioArb(options: { readonly maxSteps?: number } = {}): fc.Arbitrary<Scenario> {
  return fc.record({
    familyId: familyIdArb,
    resident: fc.boolean(),
    start: fc.constantFrom(...START_DAYS).map((day) => `${day}T07:00:00.000Z`),
    steps: fc.array(stepArb, { minLength: 1, maxLength: options.maxSteps ?? 40 }),
  });
}

/** Every slot the family could name in the next four weeks: its children × the catalog's activities × dates. */
function candidateSlots(catalog: Catalog, state: FamilyState, now: Instant): Slot[] {
  const today = now.slice(0, 10);
  const slots: Slot[] = [];
  const children = state.children.values().sort((a, b) => a.rank - b.rank);
  for (let day = 0; day < 28; day++) {
    const date = addDays(today, day);
    for (const child of children) {
      for (const activity of catalog.activities) slots.push({ childId: child.childId, activityId: activity.id, date });
    }
  }
  return slots;
}

function pickSome<T>(items: readonly T[], count: number, seed: number): T[] {
  if (items.length === 0) return [];
  const out: T[] = [];
  const step = 1 + (seed % 7);
  for (let i = 0; out.length < Math.min(count, items.length) && i < items.length * 2; i++) {
    const item = items[(seed + i * step) % items.length];
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

function nth<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

/**
 * Turns a scenario into commands against the evolving state and decides each one. The family is
 * registered and two children enrolled (restauration, accueil-soir, mercredi) first.
 */
export function playScenario(decider: FamilyDecider, catalog: Catalog, scenario: Scenario): PlayedScenario {
  let state = initialFamilyState();
  let nowMs = Date.parse(scenario.start);
  const events: FamilyEvent[] = [];
  const steps: PlayedStep[] = [];
  const orderIds: string[] = [];
  const paymentIds: string[] = [];
  let counter = 0;
  let ticketSeq = 0;
  let noteSeq = 0;
  let last: FamilyCommand | undefined;
  const now = () => new Date(nowMs).toISOString();
  const id = (prefix: string) => `${prefix}-${++counter}`;
  const activityIds = catalog.activities.map((activity) => activity.id);

  const run = (command: FamilyCommand) => {
    const before = state;
    const decision = decider.decide(command, state);
    if (E.isRight(decision)) {
      for (const event of decision.right) {
        events.push(event);
        state = evolveFamily(state, event);
        if (event.type === 'ReservationRequested') orderIds.push(event.data.orderId);
        if (event.type === 'PaymentConfirmed' && !paymentIds.includes(event.data.paymentId)) paymentIds.push(event.data.paymentId);
      }
    }
    steps.push({ command, decision, before, after: state });
    last = command;
  };
  const cmd = <T extends FamilyCommandType>(type: T, data: CommandOf<T>['data']): FamilyCommand => familyCommand(type, data, now());

  const decideAbsence = (absenceId: string, accept: boolean) =>
    accept
      ? cmd('AcceptAbsence', { absenceId, acceptedBy: 'agent-1', cancellationId: `${absenceId}-cancellation`, creditId: `${absenceId}-credit` })
      : cmd('RefuseAbsence', { absenceId, refusedBy: 'agent-1', reason: 'Justificatif illisible' });

  run(cmd('RegisterFamily', { familyId: scenario.familyId, resident: scenario.resident }));
  const defaults = activityIds.filter((a) => ['restauration', 'accueil-soir', 'mercredi'].includes(a));
  run(cmd('EnrolChild', { childId: 'child-a', activityIds: defaults.length > 0 ? defaults : activityIds.slice(0, 2) }));
  run(cmd('EnrolChild', { childId: 'child-b', activityIds: activityIds.slice(0, 2) }));

  for (const step of scenario.steps) {
    switch (step.kind) {
      case 'enrol': {
        const chosen = [...new Set(step.activities.map((i) => activityIds[i % activityIds.length]))];
        run(cmd('EnrolChild', { childId: `child-${String.fromCharCode(99 + (state.children.size % 3))}`, activityIds: chosen }));
        break;
      }
      case 'reserve': {
        const candidates = candidateSlots(catalog, state, now());
        const free = candidates.filter(
          (slot) =>
            slotBookingProblem(catalog, state, slot, nowMs) === null &&
            !state.slots.has(slotKeyOf(slot.childId, slot.activityId, slot.date)),
        );
        const slots = pickSome(free, step.count, step.pick);
        if (step.takenToo) {
          const held = state.slots.values()[step.pick % Math.max(1, state.slots.size)];
          if (held) slots.push({ childId: held.childId, activityId: held.activityId, date: held.date });
        }
        if (slots.length === 0) slots.push(candidates[step.pick % Math.max(1, candidates.length)] ?? { childId: 'child-a', activityId: activityIds[0], date: now().slice(0, 10) });
        run(cmd('RequestReservation', { orderId: id('order'), slots, pricing: { quotientFamilial: step.qf } }));
        break;
      }
      case 'ok': {
        const orderId = nth(orderIds, step.order);
        if (orderId) run(cmd('ConfirmWithCredit', { orderId }));
        break;
      }
      case 'pay': {
        const orderId = nth(orderIds, step.order);
        const order = orderId ? state.orders.get(orderId) : undefined;
        if (!order) break;
        const paymentId = id('payment');
        if (step.start) run(cmd('StartPayment', { orderId: order.orderId, paymentId, provider: 'simulated' }));
        const due = Math.max(order.amountDueCents, 1);
        const amountCents = step.amount === 'exact' ? due : step.amount === 'less' ? Math.max(1, due - 37) : due + 50;
        run(cmd('ConfirmPayment', { paymentId, orderId: order.orderId, provider: 'simulated', amountCents }));
        break;
      }
      case 'repay': {
        const paymentId = nth(paymentIds, step.payment);
        const payment = paymentId ? state.payments.get(paymentId) : undefined;
        if (payment) {
          run(cmd('ConfirmPayment', { paymentId: payment.paymentId, orderId: payment.orderId, provider: payment.provider, amountCents: payment.amountCents }));
        }
        break;
      }
      case 'ticket': {
        const paymentId = nth(paymentIds, step.payment);
        if (paymentId) {
          const existing = state.payments.get(paymentId)?.ticketNumber;
          run(cmd('IssuePaymentTicket', { paymentId, ticketNumber: existing ?? `R-2026-${String(++ticketSeq).padStart(6, '0')}` }));
        }
        break;
      }
      case 'abandon': {
        const orderId = nth(orderIds, step.order);
        if (orderId) run(cmd('AbandonOrder', { orderId }));
        break;
      }
      case 'expire': {
        const orderId = nth(orderIds, step.order);
        if (orderId) run(cmd('ExpireOrder', { orderId }));
        break;
      }
      case 'cancel': {
        const reserved = state.slots
          .values()
          .filter((slot) => holdingStatus(state, slot) === 'reserved' && cancellationOpen(catalog, slot, nowMs))
          .sort((a, b) => (slotKeyOf(a.childId, a.activityId, a.date) < slotKeyOf(b.childId, b.activityId, b.date) ? -1 : 1));
        const chosen = pickSome(reserved, step.count, step.pick).map(({ childId, activityId, date }) => ({ childId, activityId, date }));
        if (chosen.length === 0) break;
        run(cmd('CancelReservation', { cancellationId: id('cancellation'), creditId: id('credit'), slots: chosen }));
        break;
      }
      case 'goodwill':
        run(cmd('GrantGoodwillCredit', { creditId: id('credit'), amountCents: step.amountCents, reason: 'Absence justifiée' }));
        break;
      case 'refund': {
        const amountCents = Math.max(1, Math.round(state.balanceCents * step.fraction));
        run(cmd('RefundCredit', { refundId: id('refund'), amountCents, reference: 'VIR-2026' }));
        break;
      }
      case 'close': {
        const held = state.slots.values();
        const target = nth(held, step.pick);
        const date = target?.date ?? addDays(now().slice(0, 10), 3);
        const activityId = target?.activityId ?? activityIds[step.pick % activityIds.length];
        run(cmd('CloseServiceDay', { activityId, date, reason: 'Grève', cancellationId: id('closure'), creditId: id('credit') }));
        break;
      }
      case 'creditNote': {
        const credits = state.credits.values().sort((a, b) => a.seq - b.seq);
        const credit = nth(credits, step.credit);
        if (credit) {
          run(cmd('NumberCreditNote', { creditId: credit.creditId, creditNoteNumber: credit.creditNoteNumber ?? `A-2026-${String(++noteSeq).padStart(6, '0')}` }));
        }
        break;
      }
      case 'absent': {
        // R22: a reserved day past its cancellation deadline; when none is yet, time passes until
        // the first one's deadline is over (a GIF proof now and then: refused).
        const reservedNow = state.slots
          .values()
          .filter((slot) => holdingStatus(state, slot) === 'reserved')
          .sort((a, b) => (slotKeyOf(a.childId, a.activityId, a.date) < slotKeyOf(b.childId, b.activityId, b.date) ? -1 : 1));
        if (reservedNow.length === 0) break;
        if (reservedNow.every((slot) => cancellationOpen(catalog, slot, nowMs))) {
          const first = Math.min(...reservedNow.map((slot) => Date.parse(cancellationDeadline(catalog, slot.activityId, slot.date))));
          nowMs = Math.max(nowMs, first + 1 + (step.pick % 3) * 60 * 60_000);
        }
        const target = nth(reservedNow.filter((slot) => !cancellationOpen(catalog, slot, nowMs)), step.pick);
        if (!target) break;
        const mediaType = ['application/pdf', 'image/jpeg', 'image/png', 'image/gif'][step.proofType] ?? 'application/pdf';
        const absenceId = id('absence');
        run(cmd('DeclareAbsence', { absenceId, childId: target.childId, activityId: target.activityId, date: target.date, proof: { sha256: 'f'.repeat(64), mediaType, sizeBytes: 2048, storageId: id('proof') } }));
        if (step.then !== 'wait') run(decideAbsence(absenceId, step.then === 'accept'));
        break;
      }
      case 'decideAbsence': {
        const absence = nth(state.absences.values().sort((a, b) => (a.absenceId < b.absenceId ? -1 : 1)), step.pick);
        if (absence) run(decideAbsence(absence.absenceId, step.accept));
        break;
      }
      case 'wait':
        nowMs += step.minutes * 60_000;
        break;
      case 'repeat':
        if (last) run(last);
        break;
    }
  }
  return { events, state, steps };
}
