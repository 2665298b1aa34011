import * as E from 'fp-ts/Either';
import { demoMunicipality, loadCatalog, type Catalog } from '../../catalog';
import { familyCommand as cmd, FamilyHistory } from '../../testing';
import { createFamilyDecider } from '../family.decide';
import { base, canteen, decider, F, ledgerBalanced, monday, paid, requested, spec, specFor, tuesday } from './family-decider.fixture';

/*
 * Canteen on Monday 14 September 2026 is cancellable until Thursday 10 September at 12:00 (two
 * working days before); the demo town takes absences for the canteen and the evening care until
 * ten days after the day (Thursday 24 September, 23:59 in Paris).
 */
const afterDeadline = '2026-09-11T08:00:00.000Z';
const beforeDeadline = '2026-09-10T09:00:00.000Z';
const lastMoment = '2026-09-24T21:59:59.999Z';
const pdf: { sha256: string; mediaType: string; sizeBytes: number; storageId: string } = { sha256: 'a'.repeat(64), mediaType: 'application/pdf', sizeBytes: 120_000, storageId: 'proof-1' };
const declare = (over: Partial<{ absenceId: string; childId: string; activityId: string; date: string; proof: typeof pdf }> = {}, now = afterDeadline) =>
  cmd('DeclareAbsence', { absenceId: 'ab1', childId: 'c1', activityId: 'restauration', date: monday, proof: pdf, ...over }, now);
const accept = (acceptedBy = 'agent-1', now = '2026-09-15T08:00:00.000Z') =>
  cmd('AcceptAbsence', { absenceId: 'ab1', acceptedBy, cancellationId: 'absence-ab1', creditId: 'absence-ab1-credit' }, now);
const refuseIt = (reason = 'Justificatif illisible', refusedBy = 'agent-1') => cmd('RefuseAbsence', { absenceId: 'ab1', refusedBy, reason }, '2026-09-15T08:00:00.000Z');

const reserved = [...base, requested('o1', [canteen('c1', monday), canteen('c1', tuesday)]), ...paid('o1', 'p1', 420)];
const declared = new FamilyHistory(decider, reserved);
declared.run(declare());

function catalogWith(absences: unknown): Catalog {
  const file = JSON.parse(JSON.stringify(demoMunicipality)) as Record<string, unknown>;
  if (absences === undefined) delete file['absences'];
  else file['absences'] = absences;
  return E.getOrElseW((issues): Catalog => {
    throw new Error(JSON.stringify(issues));
  })(loadCatalog(file));
}

describe('Absence with proof (R22)', () => {
  it('a reserved day past its cancellation deadline is declared absent with the proof reference only', () => {
    spec.given(reserved).when(declare()).then([
      {
        type: 'AbsenceDeclared',
        data: { absenceId: 'ab1', familyId: F, childId: 'c1', activityId: 'restauration', date: monday, orderId: 'o1', unitPriceCents: 210, proof: { ...pdf, mediaType: 'application/pdf' as const }, declaredAt: afterDeadline },
      },
    ]);
    expect(declared.state.absences.get('ab1')?.status).toBe('pending');
    expect(declared.state.balanceCents).toBe(0);
  });

  it('before the cancellation deadline the day is cancelled instead (ABSENCE_BEFORE_DEADLINE); after the grace it is ABSENCE_TOO_LATE', () => {
    spec.given(reserved).when(declare({}, beforeDeadline)).thenFails('ABSENCE_BEFORE_DEADLINE');
    spec.given(reserved).when(declare({}, lastMoment)).then((events) => expect(events.map((e) => e.type)).toEqual(['AbsenceDeclared']));
    spec.given(reserved).when(declare({}, '2026-09-24T22:00:00.000Z')).thenFails('ABSENCE_TOO_LATE', (failure) =>
      expect(failure.details).toEqual({ limit: '2026-09-24T21:59:59.999Z' }),
    );
  });

  it('only for an activity the rule names, a day held and confirmed, a child of the family', () => {
    const withCare = [...base, requested('o1', [{ ...canteen('c1', monday), activityId: 'mercredi', date: '2026-09-16' }]), ...paid('o1', 'p1', 210)];
    spec.given(withCare).when(declare({ activityId: 'mercredi', date: '2026-09-16' })).thenFails('ABSENCE_NOT_ALLOWED');
    spec.given(reserved).when(declare({ date: '2026-09-17' })).thenFails('NOT_RESERVED');
    spec.given([...base, requested('o1', [canteen('c1', monday)], 0, afterDeadline)]).when(declare()).thenFails('SLOT_PENDING');
    spec.given(reserved).when(declare({ childId: 'c9' })).thenFails('UNKNOWN_CHILD');
    specFor(createFamilyDecider({ catalog: catalogWith(undefined), holdMinutes: 60 })).given(reserved).when(declare()).thenFails('ABSENCE_NOT_ALLOWED');
  });

  it('a proof of a type or size the town does not accept is refused; a malformed reference is INVALID_COMMAND', () => {
    spec.given(reserved).when(declare({ proof: { ...pdf, mediaType: 'image/gif' } })).thenFails('PROOF_TYPE_NOT_ACCEPTED');
    spec.given(reserved).when(declare({ proof: { ...pdf, sizeBytes: 5 * 1024 * 1024 + 1 } })).thenFails('PROOF_TOO_LARGE');
    spec.given(reserved).when(declare({ proof: { ...pdf, sizeBytes: 5 * 1024 * 1024 } })).then((events) => expect(events).toHaveLength(1));
    spec.given(reserved).when(declare({ proof: { ...pdf, sha256: 'not-a-hash' } })).thenFails('INVALID_COMMAND');
    spec.given(reserved).when(declare({ proof: { ...pdf, sizeBytes: 0 } })).thenFails('INVALID_COMMAND');
  });

  it('the same declaration again changes nothing; another for the same day awaiting a decision is refused', () => {
    spec.given(declared.events).when(declare()).thenNothingHappened();
    spec.given(declared.events).when(declare({ date: tuesday })).thenFails('ID_CONFLICT');
    spec.given(declared.events).when(declare({ absenceId: 'ab2' })).thenFails('ABSENCE_ALREADY_DECLARED');
  });

  it('accepted, the day is cancelled and credited at its reserved price with a cancellation’s events; the ledger balances', () => {
    spec.given(declared.events).when(accept()).then([
      { type: 'AbsenceAccepted', data: { absenceId: 'ab1', familyId: F, creditCents: 210, cancellationId: 'absence-ab1', creditId: 'absence-ab1-credit', acceptedBy: 'agent-1', acceptedAt: '2026-09-15T08:00:00.000Z' } },
      {
        type: 'ReservationCancelled',
        data: { cancellationId: 'absence-ab1', familyId: F, lines: [{ childId: 'c1', activityId: 'restauration', date: monday, orderId: 'o1', creditCents: 210 }], totalCents: 210, cancelledAt: '2026-09-15T08:00:00.000Z', reason: 'parent' },
      },
      { type: 'CreditIssued', data: { creditId: 'absence-ab1-credit', familyId: F, amountCents: 210, source: 'cancellation', sourceId: 'absence-ab1', issuedAt: '2026-09-15T08:00:00.000Z' } },
    ]);
    const accepted = new FamilyHistory(decider, declared.events);
    accepted.run(accept());
    expect(accepted.state.balanceCents).toBe(210);
    expect(accepted.state.slots.has(`c1|restauration|${monday}`)).toBe(false);
    expect(accepted.state.absences.get('ab1')).toMatchObject({ status: 'accepted', creditCents: 210, creditId: 'absence-ab1-credit', decidedBy: 'agent-1' });
    expect(ledgerBalanced(accepted.events)).toMatchObject({ balanceCents: 210 });
  });

  it('is decided once: the same decision again changes nothing, the other is ABSENCE_ALREADY_DECIDED', () => {
    const accepted = new FamilyHistory(decider, declared.events);
    accepted.run(accept());
    spec.given(accepted.events).when(accept()).thenNothingHappened();
    spec.given(accepted.events).when(accept('agent-2')).thenNothingHappened();
    spec.given(accepted.events).when(refuseIt()).thenFails('ABSENCE_ALREADY_DECIDED');
    const refused = new FamilyHistory(decider, declared.events);
    refused.run(refuseIt());
    expect(refused.state.absences.get('ab1')).toMatchObject({ status: 'refused', refusalReason: 'Justificatif illisible' });
    spec.given(refused.events).when(refuseIt()).thenNothingHappened();
    spec.given(refused.events).when(refuseIt('Autre motif')).thenFails('ABSENCE_ALREADY_DECIDED');
    spec.given(refused.events).when(accept()).thenFails('ABSENCE_ALREADY_DECIDED');
    spec.given(reserved).when(accept()).thenFails('UNKNOWN_ABSENCE');
  });

  it('refused, nothing moves; the parent may declare the day again with another proof', () => {
    spec.given(declared.events).when(refuseIt()).then([
      { type: 'AbsenceRefused', data: { absenceId: 'ab1', familyId: F, reason: 'Justificatif illisible', refusedBy: 'agent-1', refusedAt: '2026-09-15T08:00:00.000Z' } },
    ]);
    const refused = new FamilyHistory(decider, declared.events);
    refused.run(refuseIt());
    expect(refused.state.balanceCents).toBe(0);
    expect(refused.state.slots.has(`c1|restauration|${monday}`)).toBe(true);
    spec.given(refused.events).when(declare({ absenceId: 'ab2', proof: { ...pdf, storageId: 'proof-2' } })).then((events) => expect(events[0]?.type).toBe('AbsenceDeclared'));
  });

  it('a day no longer held by its order (closed since) cannot be credited twice: NOT_RESERVED', () => {
    const closed = new FamilyHistory(decider, declared.events);
    closed.run(cmd('CloseServiceDay', { activityId: 'restauration', date: monday, reason: 'Grève', cancellationId: 'cl1', creditId: 'cl1-credit' }, '2026-09-14T06:00:00.000Z'));
    spec.given(closed.events).when(accept()).thenFails('NOT_RESERVED');
  });

  it('a town that credits nothing records the absence as excused only', () => {
    const excusing = createFamilyDecider({ catalog: catalogWith({ activities: ['restauration'], graceDays: 2, credit: 'none' }), holdMinutes: 60 });
    specFor(excusing)
      .given(declared.events)
      .when(accept())
      .then([{ type: 'AbsenceAccepted', data: { absenceId: 'ab1', familyId: F, creditCents: 0, acceptedBy: 'agent-1', acceptedAt: '2026-09-15T08:00:00.000Z' } }]);
  });

  it('nothing is recorded about a family whose personal data was erased', () => {
    const erased = [...reserved, { type: 'PersonalDataErased' as const, data: { familyId: F, erasedAt: afterDeadline, reason: 'Demande' } }];
    spec.given(erased).when(declare()).thenFails('PERSONAL_DATA_ERASED');
  });
});

describe('the absence rule in the municipality file', () => {
  it('names activities of the file, once; defaults to PDF, JPEG and PNG up to 5 Mo, credited at the reserved price', () => {
    expect(catalogWith({ activities: ['restauration'], graceDays: 3 }).absences).toEqual({
      activities: ['restauration'],
      graceDays: 3,
      proofTypes: ['application/pdf', 'image/jpeg', 'image/png'],
      maxProofBytes: 5 * 1024 * 1024,
      credit: 'reservedPrice',
    });
    expect(() => catalogWith({ activities: ['piscine'], graceDays: 3 })).toThrow(/not an activity of this file/);
    expect(() => catalogWith({ activities: ['restauration', 'restauration'], graceDays: 3 })).toThrow(/listed twice/);
    expect(() => catalogWith({ activities: ['restauration'], graceDays: 61 })).toThrow();
    expect(() => catalogWith({ activities: ['restauration'], graceDays: 3, maxProofBytes: 20 * 1024 * 1024 })).toThrow();
  });

  it('is a format-2 section: a file without formatVersion that has it is refused', () => {
    const file = JSON.parse(JSON.stringify(demoMunicipality)) as Record<string, unknown>;
    delete file['formatVersion'];
    delete file['regie'];
    expect(E.isLeft(loadCatalog(file))).toBe(true);
  });
});
