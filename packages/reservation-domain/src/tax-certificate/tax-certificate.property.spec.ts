import * as fc from 'fast-check';
import { demoCatalog } from '../catalog/demo-municipality';
import type { Catalog } from '../catalog/catalog.types';
import { createFamilyDecider } from '../family/family.decide';
import type { FamilyEvent } from '../family/family.events';
import { numberingYearOf } from '../numbering/numbering-year';
import { playScenario, scenarioArb } from '../testing/family.arbitraries';
import { childcarePaidByYear } from './childcare-paid';

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
const sum = (byYear: ReturnType<typeof childcarePaidByYear>) => [...byYear.values()].flatMap((children) => [...children.values()]).reduce((a, b) => a + b, 0);
const moneyIn = (events: readonly FamilyEvent[]) => events.reduce((total, e) => total + (e.type === 'PaymentConfirmed' ? e.data.amountCents : 0), 0);

describe('childcare paid (property)', () => {
  it('never counts the canteen: with no childcare activity nothing is counted, and canteen days never change the amounts', () => {
    const noCare: Catalog = { ...demoCatalog, activities: demoCatalog.activities.map(({ childcare: _ignored, ...activity }) => activity) };
    fc.assert(
      fc.property(scenarioArb({ maxSteps: 30 }), (scenario) => {
        const { events } = playScenario(decider, demoCatalog, scenario);
        expect(childcarePaidByYear(events, noCare).size).toBe(0);
        const withoutCanteenLines = events.map((e) =>
          e.type === 'ReservationRequested' ? { ...e, data: { ...e.data, lines: e.data.lines.map((l) => (l.activityId === 'restauration' ? { ...l, activityId: 'restauration-bis' } : l)) } } : e,
        );
        // Renaming canteen lines to another non-care activity changes nothing: only care counts.
        expect(childcarePaidByYear(withoutCanteenLines, demoCatalog)).toEqual(childcarePaidByYear(events, demoCatalog));
      }),
      { numRuns: 150 },
    );
  });

  it('never counts more than the family paid, and never a negative amount', () => {
    fc.assert(
      fc.property(scenarioArb({ maxSteps: 40 }), (scenario) => {
        const { events } = playScenario(decider, demoCatalog, scenario);
        const byYear = childcarePaidByYear(events, demoCatalog);
        for (const children of byYear.values()) for (const cents of children.values()) expect(cents).toBeGreaterThanOrEqual(0);
        expect(sum(byYear)).toBeLessThanOrEqual(moneyIn(events));
      }),
      { numRuns: 200 },
    );
  });

  it('without goodwill, cancellations or refunds, equals the care lines of the orders confirmed in each year', () => {
    const plain = scenarioArb({ maxSteps: 30 }).map((s) => ({ ...s, steps: s.steps.filter((step) => !['goodwill', 'cancel', 'refund', 'close'].includes(step.kind)) }));
    fc.assert(
      fc.property(plain, (scenario) => {
        const { events, state } = playScenario(decider, demoCatalog, scenario);
        const expected = new Map<number, number>();
        state.orders.forEach((order) => {
          if (order.status !== 'confirmed' || order.confirmedAt === undefined) return;
          const year = numberingYearOf(order.confirmedAt, demoCatalog.timezone);
          const care = order.lines.filter((l) => l.activityId !== 'restauration').reduce((a, l) => a + l.unitPriceCents, 0);
          if (care > 0) expected.set(year, (expected.get(year) ?? 0) + care);
        });
        const actual = new Map([...childcarePaidByYear(events, demoCatalog)].map(([year, children]) => [year, [...children.values()].reduce((a, b) => a + b, 0)] as const).filter(([, cents]) => cents > 0));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
