// A family's journey through the pure decider, with an array for storage: register, enrol a
// child, reserve three canteen days, pay, cancel one day → a credit. Time comes in with each
// command; the events are the whole record, and folding them gives the state back.
import {
  createFamilyDecider,
  demoCatalog,
  evolveFamily,
  foldFamily,
  type FamilyCommand,
  type FamilyEvent,
  type FamilyState,
  type Slot,
} from '@periscol/reservation-domain';

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
const stream: FamilyEvent[] = []; // your storage: one stream per family, appended in order

/** Decides against the state folded from the stream, appends the events, returns the new state. */
function handle(command: FamilyCommand): FamilyState {
  const state = foldFamily(stream);
  const decision = decider.decide(command, state); // an fp-ts Either
  if (decision._tag === 'Left') throw new Error(`${command.type} refused: ${decision.left.code} (${decision.left.message})`);
  stream.push(...decision.right); // [] when the command changes nothing, e.g. a retry
  return decision.right.reduce(evolveFamily, state);
}

const familyId = 'fam-dupre';
const childId = 'child-lea';
const canteen = (date: string): Slot => ({ childId, activityId: 'restauration', date });

handle({ type: 'RegisterFamily', data: { familyId, resident: true }, metadata: { now: '2026-09-07T08:00:00.000Z' } });
handle({ type: 'EnrolChild', data: { childId, activityIds: ['restauration'] }, metadata: { now: '2026-09-07T08:00:00.000Z' } });
const requested = handle({
  type: 'RequestReservation',
  data: { orderId: 'order-1', slots: ['2026-09-14', '2026-09-15', '2026-09-17'].map(canteen), pricing: { quotientFamilial: 800 } },
  metadata: { now: '2026-09-07T08:05:00.000Z' },
});
const amountCents = requested.orders.get('order-1')?.amountDueCents ?? 0; // 3 days at 3,20 € (QF 800)
handle({ type: 'StartPayment', data: { orderId: 'order-1', paymentId: 'pay-1', provider: 'simulated' }, metadata: { now: '2026-09-07T08:10:00.000Z' } });
handle({ type: 'ConfirmPayment', data: { paymentId: 'pay-1', orderId: 'order-1', provider: 'simulated', amountCents }, metadata: { now: '2026-09-07T08:10:00.000Z' } });
const cancelled = handle({
  type: 'CancelReservation',
  data: { cancellationId: 'cancel-1', creditId: 'credit-1', slots: [canteen('2026-09-17')] },
  metadata: { now: '2026-09-08T09:00:00.000Z' }, // before Thursday's cancellation deadline
});

console.log(`paid ${amountCents} cents, credit ${cancelled.balanceCents} cents`);
console.log(`${stream.length} events: ${stream.map((event) => event.type).join(', ')}`);
console.log(`replayed from the events: credit ${foldFamily(stream).balanceCents} cents`);
