import fc from 'fast-check';
import { isRight } from 'fp-ts/Either';
import { deciderSpecification } from '../testing';
import {
  decideDocumentNumber,
  documentNumberingDecider,
  documentNumberingStateAtRevision,
  documentNumberKey,
  initialDocumentNumberingState,
  evolveDocumentNumbering,
  type AssignDocumentNumber,
} from './assign-document-number.decide';
import { DOCUMENT_NUMBER_ASSIGNED, type DocumentNumberAssigned } from './document-number-assigned.event';
import { parseDocumentNumber } from './document-number';

const spec = deciderSpecification(documentNumberingDecider);
const ticket = (sourceId: string): AssignDocumentNumber => ({ prefix: 'R', year: 2026, familyId: 'f1', sourceId });
const assigned = (sourceId: string, sequence: number): DocumentNumberAssigned => ({
  type: DOCUMENT_NUMBER_ASSIGNED,
  data: { number: `R-2026-${String(sequence).padStart(6, '0')}`, prefix: 'R', year: 2026, sequence, familyId: 'f1', sourceId },
});

describe('document numbers (R8)', () => {
  it('starts each prefix and year at 1', () => {
    spec.given([]).when(ticket('p1')).then([assigned('p1', 1)]);
  });

  it('hands out the number after the last one', () => {
    spec.given([assigned('p1', 1), assigned('p2', 2)]).when(ticket('p3')).then([assigned('p3', 3)]);
  });

  it('keeps the number a source already has: a retry consumes nothing', () => {
    spec.given([assigned('p1', 1), assigned('p2', 2)]).when(ticket('p1')).thenNothingHappened();
  });

  it('decides from the head revision alone when the sources are not known', () => {
    const decision = decideDocumentNumber(ticket('p9'), documentNumberingStateAtRevision(41));
    expect(isRight(decision) && decision.right[0].data.number).toBe('R-2026-000043');
  });

  it('gives every source of a year one identity, whatever the retries', () => {
    expect(documentNumberKey('A', 'credit-1')).toBe('numbering:A:credit-1');
    expect(documentNumberKey('R', 'credit-1')).not.toBe(documentNumberKey('A', 'credit-1'));
  });

  it.each([
    ['a prefix other than R or A', { prefix: 'X' as 'R' }],
    ['a year without 4 digits', { year: 26 }],
    ['no source', { sourceId: '' }],
  ])('refuses %s', (_, over) => {
    spec.given([]).when({ ...ticket('p1'), ...over }).thenFails('INVALID_COMMAND');
  });

  it('numbers any sequence of sources continuously from 1, each source once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), (picks) => {
        let state = initialDocumentNumberingState();
        const numbers = new Map<string, string>();
        for (const pick of picks) {
          const sourceId = `p${pick}`;
          const decision = decideDocumentNumber(ticket(sourceId), state);
          if (!isRight(decision)) return false;
          for (const event of decision.right) state = evolveDocumentNumbering(state, event);
          if (!numbers.has(sourceId)) numbers.set(sourceId, state.numberBySource.get(sourceId) ?? '');
          if (state.numberBySource.get(sourceId) !== numbers.get(sourceId)) return false;
        }
        const sequences = [...numbers.values()].map((n) => parseDocumentNumber(n)?.sequence).sort((a, b) => (a ?? 0) - (b ?? 0));
        return sequences.every((sequence, i) => sequence === i + 1) && state.lastSequence === numbers.size;
      }),
    );
  });
});
