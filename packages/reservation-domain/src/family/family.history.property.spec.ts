import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { demoCatalog } from '../catalog';
import { playScenario, scenarioArb } from '../testing';
import { createFamilyDecider } from './family.decide';
import { familyEventSchema, FAMILY_EVENT_SCHEMA_VERSIONS, upgradeReservationRequestedV1 } from './family.event-schemas';
import { upcastFamilyEvent } from './family.event-upcasting';
import type { FamilyEvent } from './family.events';
import { foldFamily } from './family.evolve';

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
const play = (scenario: Parameters<typeof playScenario>[2]) => playScenario(decider, demoCatalog, scenario);
const NUM_RUNS = 120;

describe('family decider properties: history (R12, R16)', () => {
  it('replaying the same events (also through storage and upcasting) gives an equal state', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const played = play(scenario);
        const once = foldFamily(played.events);
        expect(foldFamily(played.events)).toEqual(once);
        expect(once).toEqual(played.state);
        const stored = JSON.parse(
          JSON.stringify(played.events.map((event) => ({ ...event, schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS[event.type] }))),
        ) as { type: string; data: unknown; schemaVersion: number }[];
        expect(foldFamily(stored.map((raw) => upcastFamilyEvent(raw)))).toEqual(once);
      }),
      { numRuns: 60 },
    );
  });

  it('the same command (same ids) twice appends nothing the second time; « OK » and abandon, which carry no id of their own, are refused ORDER_NOT_PENDING', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        for (const step of play(scenario).steps) {
          if (E.isLeft(step.decision) || step.decision.right.length === 0) continue;
          const again = decider.decide(step.command, step.after);
          // A second « OK » or abandon cannot be told from another request: it gets what a later one gets.
          if (step.command.type === 'ConfirmWithCredit' || step.command.type === 'AbandonOrder') {
            expect(E.isLeft(again) && again.left.code).toBe('ORDER_NOT_PENDING');
          } else {
            expect(again).toEqual(E.right([]));
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a refused command changes nothing, and any accepted decision re-validates against the event schemas', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        for (const step of play(scenario).steps) {
          if (E.isLeft(step.decision)) {
            expect(step.after).toBe(step.before);
            continue;
          }
          for (const event of step.decision.right) {
            expect(familyEventSchema(event.type).safeParse(event.data).success).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('an old ReservationRequested (v1) upcasts to the current shape', () => {
    const line = fc.record({
      childId: fc.stringMatching(/^c[0-9]{1,3}$/),
      activityId: fc.constantFrom('restauration', 'mercredi'),
      date: fc.integer({ min: 0, max: 300 }).map((d) => new Date(Date.UTC(2026, 8, 1) + d * 86_400_000).toISOString().slice(0, 10)),
      unitPriceCents: fc.integer({ min: 0, max: 5000 }),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 10_000 }), (lines, credit) => {
        const totalCents = lines.reduce((sum, l) => sum + l.unitPriceCents, 0);
        const creditAppliedCents = Math.min(credit, totalCents);
        const v1 = {
          orderId: 'o1',
          familyId: 'fam-1',
          lines,
          totalCents,
          creditAppliedCents,
          amountDueCents: totalCents - creditAppliedCents,
          requestedAt: '2026-09-07T08:00:00.000Z',
          expiresAt: '2026-09-07T09:00:00.000Z',
        };
        const event = upcastFamilyEvent({ type: 'ReservationRequested', data: v1, schemaVersion: 1 });
        expect(familyEventSchema('ReservationRequested').safeParse(event.data).success).toBe(true);
        expect(event.data).toEqual(upgradeReservationRequestedV1(v1));
        if (event.type !== 'ReservationRequested') throw new Error(event.type);
        expect(event.data.lines.map(({ tariff: _t, ...rest }) => rest)).toEqual(lines);
        expect(event.data.lines.every((l, i) => l.tariff.bracket === 'unknown' && l.tariff.effectiveFrom === lines[i].date)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('random scenarios reach every kind of event (the generator is not trivial)', () => {
    const seen = new Set<string>();
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const played = play(scenario);
        for (const event of played.events as FamilyEvent[]) {
          seen.add(event.type);
          if (event.type === 'PaymentConfirmed') outcomes.add(event.data.outcome);
          if (event.type === 'ReservationExpired') outcomes.add(event.data.reason);
          if (event.type === 'ReservationConfirmed') outcomes.add(event.data.via);
        }
        for (const step of played.steps) {
          if (E.isLeft(step.decision)) outcomes.add('refused');
          else if (step.decision.right.length === 0) outcomes.add('nothing');
          for (const event of E.isRight(step.decision) ? step.decision.right : []) {
            const before = event.type === 'ReservationConfirmed' ? step.before.orders.get(event.data.orderId) : undefined;
            const lapsed = before && (before.status === 'expired' || Date.parse(step.command.metadata.now) >= before.expiresAtMs);
            if (lapsed) outcomes.add('late_payment_confirmed');
          }
        }
      }),
      { numRuns: 150, seed: 20260907 },
    );
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'AbsenceAccepted',
        'AbsenceDeclared',
        'ChildEnrolled',
        'CreditIssued',
        'CreditNoteIssued',
        'CreditRefunded',
        'PaymentConfirmed',
        'PaymentStarted',
        'PaymentTicketIssued',
        'ReservationCancelled',
        'ReservationConfirmed',
        'ReservationExpired',
        'ReservationRequested',
      ]),
    );
    expect([...outcomes].sort()).toEqual([
      'abandoned',
      'closure',
      'credit',
      'credited',
      'late_payment_confirmed',
      'nothing',
      'order_confirmed',
      'payment',
      'refused',
      'timeout',
    ]);
  });
});
