/**
 * The incremental family audit must judge every history as the domain's `auditFamilyHistory`
 * does (it re-implements its per-event checks to read the store once): same verdict per check,
 * on random decider histories and on corrupted ones (an event dropped, an order duplicated).
 */
import fc from 'fast-check';
import type { StoredEvent, StoredEventMetadata } from '@periscol/event-store';
import { auditFamilyHistory, createFamilyDecider, demoCatalog, FAMILY_EVENT_SCHEMA_VERSIONS, type FamilyEvent } from '@periscol/reservation-domain';
import { playScenario, scenarioArb } from '@periscol/reservation-domain/testing';
import { must } from '../testing/temp-store';
import { FamilyLedgerAuditor } from './family-ledger.check';

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });

function stored(familyId: string, events: readonly FamilyEvent[]): StoredEvent[] {
  return events.map((event, revision) => ({
    type: event.type,
    data: event.data,
    metadata: { eventId: `e${revision}`, schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS[event.type], hash: '', previousHash: '', recordedAt: '' } as StoredEventMetadata,
    streamId: `family-${familyId}`,
    revision,
    position: revision + 1,
  }));
}

type Corruption = { kind: 'none' } | { kind: 'drop'; index: number } | { kind: 'duplicate-order'; index: number };

function corrupt(events: readonly FamilyEvent[], corruption: Corruption): FamilyEvent[] {
  const out = [...events];
  if (corruption.kind === 'drop' && out.length > 3) out.splice(3 + (corruption.index % (out.length - 3)), 1);
  if (corruption.kind === 'duplicate-order') {
    const requests = out.filter((event) => event.type === 'ReservationRequested');
    const request = requests[corruption.index % Math.max(1, requests.length)];
    if (request?.type === 'ReservationRequested') out.push({ ...request, data: { ...request.data, orderId: `${request.data.orderId}-copy` } });
  }
  return out;
}

const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('drop' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-order' as const), index: fc.nat() }),
);

test('same verdicts as auditFamilyHistory, check by check', () => {
  let failuresSeen = 0;
  fc.assert(
    fc.property(scenarioArb({ maxSteps: 40 }), corruptionArb, (scenario, corruption) => {
      const events = corrupt(playScenario(decider, demoCatalog, scenario).events, corruption);
      const expected = auditFamilyHistory(events);
      const auditor = new FamilyLedgerAuditor();
      auditor.push(stored(scenario.familyId, events));
      const actual = auditor.finish();
      const verdict = (name: string) => must(expected.checks.find((check) => check.name === name), name).ok;
      expect(actual.slots.ok).toBe(verdict('no slot held twice'));
      expect(actual.ledger.ok).toBe(verdict('credit balance never negative') && verdict('ledger conservation (R11)'));
      expect(actual.events.ok).toBe(true);
      if (!expected.ok) failuresSeen++;
    }),
    { numRuns: 150, seed: 20261126 },
  );
  // The corruptions do break histories: both sides were seen failing, not only passing.
  expect(failuresSeen).toBeGreaterThan(10);
});
