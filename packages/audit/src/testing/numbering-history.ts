/**
 * The numbering streams (`numbering-R-2026`…) the API writes beside the family streams, derived
 * from a history's final states: one `DocumentNumberAssigned` per number issued, in sequence.
 */
import { DOCUMENT_NUMBER_ASSIGNED, DOCUMENT_NUMBER_ASSIGNED_VERSION, parseDocumentNumber, type FamilyState } from '@periscol/reservation-domain';
import { numberingStreamId } from '@periscol/application';
import { issuedNumbersOf } from '../checks/family-ledger.check';
import type { RecordedCommand } from './random-history';

export function numberingCommands(states: ReadonlyMap<string, FamilyState>, now = '2026-12-31T00:00:00.000Z'): RecordedCommand[] {
  const assigned = [...states].flatMap(([familyId, state]) => issuedNumbersOf(familyId, state));
  return assigned
    .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
    .flatMap((doc) => {
      const parsed = parseDocumentNumber(doc.number);
      if (!parsed) return [];
      const { prefix, year, sequence } = parsed;
      return {
        streamId: numberingStreamId(prefix, year),
        now,
        key: `numbering-${doc.number}`,
        events: [{ type: DOCUMENT_NUMBER_ASSIGNED, data: { number: doc.number, prefix, year, sequence, familyId: doc.familyId, sourceId: doc.sourceId }, schemaVersion: DOCUMENT_NUMBER_ASSIGNED_VERSION }],
      } satisfies RecordedCommand;
    });
}
