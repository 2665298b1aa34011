import { deciderSpecification } from '../testing';
import { createPersonDecider, foldPerson, pricingOf, type PersonCommand } from './person.decide';
import { decodePersonEvent, PERSON_EVENT_SCHEMA_VERSIONS, type PersonEvent } from './person.events';
import * as E from 'fp-ts/Either';

const now = '2026-09-01T08:00:00.000Z';
const spec = deciderSpecification(createPersonDecider());
const identity: PersonEvent = { type: 'FamilyIdentityRecorded', data: { familyId: 'fam-1', name: 'Camille Martin', email: 'camille.martin@example.fr' } };
const child: PersonEvent = {
  type: 'ChildIdentityRecorded',
  data: { childId: 'c1', firstName: 'Léa', lastName: 'Martin', school: 'École Jules-Ferry', grade: 'GS' },
};
const set = (medicalProtocol: boolean, childId = 'c1') => ({ type: 'SetChildMedicalProtocol', data: { childId, medicalProtocol }, metadata: { now } }) as PersonCommand;
const protocolSet = (medicalProtocol: boolean): PersonEvent => ({ type: 'ChildMedicalProtocolSet', data: { familyId: 'fam-1', childId: 'c1', medicalProtocol, setAt: now } });

describe('a child under a medical protocol (PAI), recorded by an agent in the person stream', () => {
  it('records it, and its end; the same again changes nothing', () => {
    spec.given([identity, child]).when(set(true)).then([protocolSet(true)]);
    spec.given([identity, child, protocolSet(true)]).when(set(true)).thenNothingHappened();
    spec.given([identity, child]).when(set(false)).thenNothingHappened();
    spec.given([identity, child, protocolSet(true)]).when(set(false)).then([protocolSet(false)]);
  });

  it('refuses it before the family, for an unknown child, or malformed', () => {
    spec.given([]).when(set(true)).thenFails('PERSON_NOT_RECORDED');
    spec.given([identity]).when(set(true, 'c9')).thenFails('UNKNOWN_CHILD');
    spec.given([identity, child]).when({ type: 'SetChildMedicalProtocol', data: { childId: 'c1', medicalProtocol: 'oui' }, metadata: { now } } as unknown as PersonCommand).thenFails('INVALID_COMMAND');
  });

  it('reaches pricing with the school level; a correction of the identity keeps it; its end removes it', () => {
    expect(pricingOf(foldPerson([identity, child]))).toEqual({ quotientFamilial: null, children: { c1: { schoolLevel: 'maternelle' } } });
    expect(pricingOf(foldPerson([identity, child, protocolSet(true)]))).toEqual({ quotientFamilial: null, children: { c1: { schoolLevel: 'maternelle', medicalProtocol: true } } });
    const corrected: PersonEvent = { type: 'ChildIdentityRecorded', data: { ...(child.data as object), grade: 'CP' } as never };
    expect(pricingOf(foldPerson([identity, child, protocolSet(true), corrected]))).toEqual({ quotientFamilial: null, children: { c1: { schoolLevel: 'elementaire', medicalProtocol: true } } });
    expect(pricingOf(foldPerson([identity, child, protocolSet(true), protocolSet(false)]))).toEqual({ quotientFamilial: null, children: { c1: { schoolLevel: 'maternelle' } } });
  });

  it('is a registered event type, version 1, decoded against its schema', () => {
    expect(PERSON_EVENT_SCHEMA_VERSIONS.ChildMedicalProtocolSet).toBe(1);
    const decoded = decodePersonEvent({ type: 'ChildMedicalProtocolSet', schemaVersion: 1, data: protocolSet(true).data });
    expect(E.isRight(decoded) && decoded.right).toEqual(protocolSet(true));
    expect(E.isLeft(decodePersonEvent({ type: 'ChildMedicalProtocolSet', schemaVersion: 1, data: { familyId: 'fam-1', childId: 'c1', medicalProtocol: 'yes', setAt: now } }))).toBe(true);
  });
});
