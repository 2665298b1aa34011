/**
 * R19 in the auditor: histories with refund requests — asked, validated (with the refund it
 * orders), rejected — replay and verify clean over a real SQLite store, the régie's check
 * included, and the ledger counts the validated refunds.
 */
import { createFamilyDecider, demoCatalog, evolveFamily, FAMILY_EVENT_SCHEMA_VERSIONS, type FamilyCommand, type FamilyState } from '@periscol/reservation-domain';
import { isLeft } from 'fp-ts/Either';
import { randomHistory, writeHistory, type RecordedCommand } from '../testing/random-history';
import { openTempStore } from '../testing/temp-store';
import { verifyHistory } from './verify-history';

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });

/** Runs `command` on `state` and records its events as the API would append them. */
function play(familyId: string, state: FamilyState, command: FamilyCommand, key: string, out: RecordedCommand[]): FamilyState {
  const decision = decider.decide(command, state);
  if (isLeft(decision)) throw new Error(`${command.type} refused: ${decision.left.code}`);
  if (decision.right.length === 0) return state;
  out.push({
    streamId: `family-${familyId}`,
    now: command.metadata.now,
    key,
    events: decision.right.map((event) => ({ type: event.type, data: event.data, schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS[event.type] })),
  });
  return decision.right.reduce(evolveFamily, state);
}

describe('verify over histories with refund requests (R19)', () => {
  it('asked, validated and rejected requests verify clean; validated ones are refunds in the ledger', async () => {
    const history = randomHistory({ seed: 7, families: 10 });
    const last = history.commands.reduce((latest, command) => (command.now > latest ? command.now : latest), '');
    const now = new Date(Date.parse(last) + 86_400_000).toISOString();
    const commands = [...history.commands];
    let validatedCents = 0;
    let decided = 0;
    for (const [index, familyId] of history.familyIds.entries()) {
      let state = history.states.get(familyId) as FamilyState;
      if (state.status !== 'registered' || state.openLots.length === 0) continue;
      const creditIds = state.openLots.map((lot) => lot.creditId);
      const requestId = `rr-${familyId}`;
      // Lapsed holds are released by the request itself (R6): ask for half of the lots' credit.
      const amountCents = Math.max(1, Math.floor(state.openLots.reduce((sum, lot) => sum + lot.remainingCents, 0) / 2));
      state = play(familyId, state, { type: 'RequestRefund', data: { requestId, amountCents, reason: 'Départ de la commune', creditIds, requestedBy: 'regisseur-1' }, metadata: { now } }, `ask-${familyId}`, commands);
      if (index % 2 === 0) {
        state = play(familyId, state, { type: 'ValidateRefundRequest', data: { requestId, validatedBy: 'admin-1' }, metadata: { now } }, `validate-${familyId}`, commands);
        validatedCents += amountCents;
      } else {
        state = play(familyId, state, { type: 'RejectRefundRequest', data: { requestId, rejectedBy: 'admin-1', reason: 'Enfant toujours inscrit' }, metadata: { now } }, `reject-${familyId}`, commands);
      }
      decided++;
    }
    expect(decided).toBeGreaterThan(1);
    expect(validatedCents).toBeGreaterThan(0);

    const temp = openTempStore();
    try {
      await writeHistory(temp.store, commands, temp.clock);
      const report = await verifyHistory(temp.store, { catalog: demoCatalog });
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
      expect(report.ok).toBe(true);
      const before = openTempStore();
      try {
        await writeHistory(before.store, history.commands, before.clock);
        const without = await verifyHistory(before.store, { catalog: demoCatalog });
        expect(report.totals.refundedCents - without.totals.refundedCents).toBe(validatedCents);
      } finally {
        await before.dispose();
      }
    } finally {
      await temp.dispose();
    }
  }, 120_000);
});
