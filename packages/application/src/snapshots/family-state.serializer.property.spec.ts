import { canonicalJson } from '@periscol/event-store';
import { createFamilyDecider, demoCatalog, foldFamily, initialFamilyState } from '@periscol/reservation-domain';
import { playScenario, scenarioArb } from '@periscol/reservation-domain/testing';
import fc from 'fast-check';
import { familyStateFromJson, familyStateToJson } from './family-state.serializer';

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });

describe('family state snapshots (JSON)', () => {
  it('read back, a snapshot is the state it was written from, and folds the next events the same way', () => {
    fc.assert(
      fc.property(scenarioArb({ maxSteps: 30 }), fc.nat(), (scenario, cut) => {
        const { events } = playScenario(decider, demoCatalog, scenario);
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const before = foldFamily(events.slice(0, at));
        const restored = familyStateFromJson(familyStateToJson(before));
        expect(restored).toBeDefined();
        expect(canonicalJson(restored)).toBe(canonicalJson(before));
        const after = foldFamily(events.slice(at), restored);
        expect(canonicalJson(after)).toBe(canonicalJson(foldFamily(events)));
        expect(after.balanceCents).toBe(foldFamily(events).balanceCents);
      }),
      { numRuns: 60 },
    );
  });

  it('a snapshot written by another version of the format is ignored (undefined), not misread', () => {
    const json = JSON.parse(familyStateToJson(initialFamilyState())) as Record<string, unknown>;
    expect(familyStateFromJson(JSON.stringify({ ...json, v: 999 }))).toBeUndefined();
  });
});
