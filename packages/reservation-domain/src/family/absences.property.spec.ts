import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { demoCatalog } from '../catalog';
import { checkLedger } from '../ledger';
import { familyCommand as cmd } from '../testing';
import type { FamilyCommand } from './family.commands';
import { createFamilyDecider } from './family.decide';
import { evolveFamily, foldFamily } from './family.evolve';
import type { FamilyEvent } from './family.events';
import type { FamilyState } from './family.state';

/*
 * R11 with absences (R22) in the history: a family reserves and pays three weeks of canteen and
 * evening care, then days pass while the parent declares absences (some with a proof the town
 * refuses), an agent accepts or refuses them (sometimes twice), the parent cancels what may still
 * be cancelled and days are closed. After every command the ledger balances, the balance is never
 * negative, and each accepted absence credited exactly the price its day was reserved at.
 */
const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
const DAYS = ['2026-09-21', '2026-09-22', '2026-09-24', '2026-09-25', '2026-09-28', '2026-09-29', '2026-10-01', '2026-10-02'];

type Step =
  | { kind: 'wait'; hours: number }
  | { kind: 'declare'; day: number; activity: number; type: number; big: boolean }
  | { kind: 'accept' | 'refuse'; pick: number }
  | { kind: 'cancel'; day: number }
  | { kind: 'close'; day: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 72 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('declare' as const), day: fc.nat(DAYS.length - 1), activity: fc.nat(1), type: fc.nat(3), big: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('accept' as const, 'accept' as const, 'refuse' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), day: fc.nat(DAYS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), day: fc.nat(DAYS.length - 1) }) },
);

function play(steps: readonly Step[], check: (state: FamilyState, events: readonly FamilyEvent[]) => void): void {
  let nowMs = Date.parse('2026-09-14T07:00:00.000Z');
  const now = () => new Date(nowMs).toISOString();
  const events: FamilyEvent[] = [];
  let state = foldFamily([]);
  let n = 0;
  const run = (command: FamilyCommand) => {
    const decision = decider.decide(command, state);
    if (E.isLeft(decision)) return;
    for (const event of decision.right) {
      events.push(event);
      state = evolveFamily(state, event);
    }
    check(state, events);
  };
  run(cmd('RegisterFamily', { familyId: 'fam-p', resident: true }, now()));
  run(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration', 'accueil-soir', 'mercredi'] }, now()));
  const slots = DAYS.flatMap((date) => [{ childId: 'c1', activityId: 'restauration', date }, { childId: 'c1', activityId: 'accueil-soir', date }]);
  run(cmd('RequestReservation', { orderId: 'o1', slots, pricing: { quotientFamilial: 600 } }, now()));
  const due = state.orders.get('o1')?.amountDueCents ?? 0;
  run(cmd('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'simulated', amountCents: due }, now()));
  // The first days' cancellation deadlines pass on Thursday 17 September at noon.
  nowMs = Date.parse('2026-09-16T08:00:00.000Z');
  for (const step of steps) {
    const id = `${step.kind}-${++n}`;
    switch (step.kind) {
      case 'wait':
        nowMs += step.hours * 3_600_000;
        break;
      case 'declare': {
        const mediaType = ['application/pdf', 'image/jpeg', 'image/png', 'image/gif'][step.type] ?? 'application/pdf';
        const sizeBytes = step.big && step.type === 0 ? 6 * 1024 * 1024 : 80_000;
        const activityId = step.activity === 0 ? 'restauration' : 'accueil-soir';
        run(cmd('DeclareAbsence', { absenceId: id, childId: 'c1', activityId, date: DAYS[step.day], proof: { sha256: 'e'.repeat(64), mediaType, sizeBytes, storageId: id } }, now()));
        break;
      }
      case 'accept':
      case 'refuse': {
        const absences = state.absences.values().sort((a, b) => (a.absenceId < b.absenceId ? -1 : 1));
        const absence = absences[step.pick % Math.max(1, absences.length)];
        if (!absence) break;
        const { absenceId } = absence;
        run(
          step.kind === 'accept'
            ? cmd('AcceptAbsence', { absenceId, acceptedBy: 'agent-1', cancellationId: `${absenceId}-x`, creditId: `${absenceId}-cr` }, now())
            : cmd('RefuseAbsence', { absenceId, refusedBy: 'agent-1', reason: 'Illisible' }, now()),
        );
        break;
      }
      case 'cancel':
        run(cmd('CancelReservation', { cancellationId: id, creditId: `${id}-cr`, slots: [{ childId: 'c1', activityId: 'restauration', date: DAYS[step.day] }] }, now()));
        break;
      case 'close':
        run(cmd('CloseServiceDay', { activityId: 'accueil-soir', date: DAYS[step.day], reason: 'Grève', cancellationId: id, creditId: `${id}-cr` }, now()));
        break;
    }
  }
}

describe('absences with proof and the ledger (R22, R11, R10)', () => {
  it('the ledger balances after every command, and an accepted absence credits its day’s reserved price exactly', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 5, maxLength: 50 }), (steps) => {
        play(steps, (state, events) => {
          const ledger = checkLedger(state);
          if (E.isLeft(ledger)) throw new Error(`${ledger.left.code}: ${ledger.left.message}`);
          expect(state.balanceCents).toBeGreaterThanOrEqual(0);
          const last = events[events.length - 1];
          if (last?.type === 'CreditIssued' && last.data.creditId.endsWith('-cr') && last.data.sourceId.endsWith('-x')) {
            const absence = state.absences.get(last.data.sourceId.slice(0, -2));
            expect(absence?.status).toBe('accepted');
            expect(last.data.amountCents).toBe(absence?.unitPriceCents);
            accepted++;
          }
        });
      }),
      { numRuns: 200, seed: 20260914 },
    );
    expect(accepted).toBeGreaterThan(10);
  });
});
