import { familyCommand as cmd, FamilyHistory } from '../../testing';
import { base, decider, goodwill, now, spec } from './family-decider.fixture';

describe('NumberCreditNote (R8)', () => {
  const withCredit = [...base, goodwill('g1', 350), goodwill('g2', 10)];
  const note = (creditId: string, creditNoteNumber: string) => cmd('NumberCreditNote', { creditId, creditNoteNumber }, now);

  it('numbers a credit note once per credit', () => {
    spec.given(withCredit).when(note('g1', 'A-2026-000001')).then([
      { type: 'CreditNoteIssued', data: { creditId: 'g1', creditNoteNumber: 'A-2026-000001', issuedAt: now } },
    ]);
    const numbered = new FamilyHistory(decider, withCredit);
    numbered.run(note('g1', 'A-2026-000001'));
    spec.given(numbered.events).when(note('g1', 'A-2026-000001')).thenNothingHappened();
    spec.given(numbered.events).when(note('g1', 'A-2026-000002')).thenFails('ID_CONFLICT');
    spec.given(numbered.events).when(note('g2', 'A-2026-000001')).thenFails('ID_CONFLICT');
  });

  it('refuses UNKNOWN_CREDIT and a payment ticket number', () => {
    spec.given(withCredit).when(note('g9', 'A-2026-000001')).thenFails('UNKNOWN_CREDIT');
    spec.given(withCredit).when(note('g1', 'R-2026-000001')).thenFails('INVALID_COMMAND');
  });
});
