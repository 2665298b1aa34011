import * as E from 'fp-ts/Either';
import { deciderSpecification } from '../testing';
import { createPersonDecider, foldPerson, pricingOf, type PersonCommand } from './person.decide';
import { PERSON_EVENT_SCHEMA_VERSIONS, upcastPersonEvent, type PersonEvent } from './person.events';

const now = '2026-09-01T08:00:00.000Z';
const spec = deciderSpecification(createPersonDecider());
const identity: PersonEvent = {
  type: 'FamilyIdentityRecorded',
  data: { familyId: 'fam-1', name: 'Camille Martin', email: 'camille.martin@example.fr' },
};
const child: PersonEvent = {
  type: 'ChildIdentityRecorded',
  data: { childId: 'c1', firstName: 'Léa', lastName: 'Martin', school: 'École Jules-Ferry', grade: 'CE2' },
};
const command = <T extends PersonCommand['type']>(type: T, data: Extract<PersonCommand, { type: T }>['data']) =>
  ({ type, data, metadata: { now } }) as PersonCommand;

describe('person decider (R17 identity stream)', () => {
  it("records the family's identity; the same again changes nothing; another family's is ID_CONFLICT", () => {
    const record = command('RecordFamilyIdentity', { familyId: 'fam-1', name: 'Camille Martin', email: 'camille.martin@example.fr' });
    spec.given([]).when(record).then([identity]);
    spec.given([identity]).when(record).thenNothingHappened();
    spec.given([identity]).when(command('RecordFamilyIdentity', { familyId: 'fam-2', name: 'X', email: 'x@example.fr' })).thenFails('ID_CONFLICT');
    spec.given([]).when(command('RecordFamilyIdentity', { familyId: 'fam-1', name: 'X', email: 'not-an-email' })).thenFails('INVALID_COMMAND');
  });

  it("records and corrects a child's identity, after the family's", () => {
    const record = command('RecordChildIdentity', { childId: 'c1', firstName: 'Léa', lastName: 'Martin', school: 'École Jules-Ferry', grade: 'CE2' });
    spec.given([]).when(record).thenFails('PERSON_NOT_RECORDED');
    spec.given([identity]).when(record).then([child]);
    spec.given([identity, child]).when(record).thenNothingHappened();
    spec
      .given([identity, child])
      .when(command('RecordChildIdentity', { childId: 'c1', firstName: 'Léa', lastName: 'Martin', school: 'École Jules-Ferry', grade: 'CM1' }))
      .then((events, state) => {
        expect(events).toHaveLength(1);
        expect(state.children.get('c1')?.grade).toBe('CM1');
      });
  });

  it('keeps the raw QF here and gives the family decider only what pricing needs', () => {
    spec.given([]).when(command('UpdateQuotientFamilial', { quotientFamilial: 612 })).thenFails('PERSON_NOT_RECORDED');
    const updated: PersonEvent = { type: 'QuotientFamilialUpdated', data: { familyId: 'fam-1', quotientFamilial: 612, effectiveAt: now } };
    spec.given([identity]).when(command('UpdateQuotientFamilial', { quotientFamilial: 612 })).then([updated]);
    spec.given([identity, updated]).when(command('UpdateQuotientFamilial', { quotientFamilial: 612 })).thenNothingHappened();
    spec.given([identity]).when(command('UpdateQuotientFamilial', { quotientFamilial: -5 })).thenFails('INVALID_COMMAND');
    expect(pricingOf(foldPerson([identity, updated]))).toEqual({ quotientFamilial: 612 });
    expect(pricingOf(foldPerson([identity]))).toEqual({ quotientFamilial: null });
    expect(pricingOf(undefined)).toEqual({ quotientFamilial: null });
  });

  it('keeps the deadline reminders on until the family turns them off, and back on', () => {
    const off: PersonEvent = { type: 'DeadlineRemindersSet', data: { familyId: 'fam-1', enabled: false, setAt: now } };
    spec.given([]).when(command('SetDeadlineReminders', { enabled: false })).thenFails('PERSON_NOT_RECORDED');
    spec.given([identity]).when(command('SetDeadlineReminders', { enabled: true })).thenNothingHappened();
    spec.given([identity]).when(command('SetDeadlineReminders', { enabled: false })).then([off]);
    spec.given([identity, off]).when(command('SetDeadlineReminders', { enabled: false })).thenNothingHappened();
    spec.given([identity, off]).when(command('SetDeadlineReminders', { enabled: true })).then([{ ...off, data: { ...off.data, enabled: true } }]);
    spec.given([identity]).when({ type: 'SetDeadlineReminders', data: { enabled: 'no' }, metadata: { now } } as unknown as PersonCommand).thenFails('INVALID_COMMAND');
    expect(foldPerson([identity]).deadlineReminders).toBe(true);
    expect(foldPerson([identity, off]).deadlineReminders).toBe(false);
  });

  it('reads its events back through the versioned decoder', () => {
    const stored = { ...child, schemaVersion: PERSON_EVENT_SCHEMA_VERSIONS.ChildIdentityRecorded };
    expect(upcastPersonEvent(stored)).toEqual(child);
    expect(() => upcastPersonEvent({ type: 'ChildIdentityRecorded', data: { childId: 'c1' }, schemaVersion: 1 })).toThrow('does not match');
    expect(E.isRight(createPersonDecider().decide(command('UpdateQuotientFamilial', { quotientFamilial: null }), foldPerson([identity])))).toBe(true);
  });
});
