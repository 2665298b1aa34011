import * as E from 'fp-ts/Either';
import { decidePerson, evolvePerson, initialPersonState, pricingOf, type PersonCommand, type PersonState } from './person.decide';
import { decodePersonEvent, type PersonEvent } from './person.events';

const now = '2026-11-26T09:00:00.000Z';
const run = (state: PersonState, command: PersonCommand) => {
  const decided = decidePerson(command, state);
  if (E.isLeft(decided)) throw new Error(decided.left.code);
  return { events: decided.right, state: decided.right.reduce(evolvePerson, state) };
};
const family = run(initialPersonState(), { type: 'RecordFamilyIdentity', data: { familyId: 'f', name: 'Famille Test', email: 'f@exemple.fr' }, metadata: { now } }).state;
const withChild = run(family, { type: 'RecordChildIdentity', data: { childId: 'c2', firstName: 'Noé', lastName: 'Test', school: 'École', grade: 'CP' }, metadata: { now } }).state;
const setChildQf = (quotientFamilial: number | null): PersonCommand => ({ type: 'SetChildQuotientFamilial', data: { childId: 'c2', quotientFamilial }, metadata: { now } });

describe("a child's own QF (a fostered child, R3)", () => {
  it('is recorded once, kept through an identity correction, removed with null, and given to pricing', () => {
    const set = run(withChild, setChildQf(400));
    expect(set.events).toEqual([{ type: 'ChildQuotientFamilialSet', data: { familyId: 'f', childId: 'c2', quotientFamilial: 400, effectiveAt: now } }]);
    expect(run(set.state, setChildQf(400)).events).toEqual([]);
    const corrected = run(set.state, { type: 'RecordChildIdentity', data: { childId: 'c2', firstName: 'Noé', lastName: 'Test', school: 'École', grade: 'CE1' }, metadata: { now } }).state;
    expect(pricingOf(corrected).children?.c2).toMatchObject({ quotientFamilial: 400, schoolLevel: 'elementaire' });
    const removed = run(corrected, setChildQf(null)).state;
    expect(pricingOf(removed).children?.c2?.quotientFamilial).toBeUndefined();
  });

  it('refuses an unknown child, a family not recorded, and a QF out of bounds', () => {
    const refused = (state: PersonState, command: PersonCommand) => {
      const decided = decidePerson(command, state);
      return E.isLeft(decided) ? decided.left.code : 'accepted';
    };
    expect(refused(family, setChildQf(400))).toBe('UNKNOWN_CHILD');
    expect(refused(initialPersonState(), setChildQf(400))).toBe('PERSON_NOT_RECORDED');
    expect(refused(withChild, setChildQf(-1))).toBe('INVALID_COMMAND');
  });

  it('keeps every attestation of the family QF, for a town pricing days with an earlier one', () => {
    const first = run(family, { type: 'UpdateQuotientFamilial', data: { quotientFamilial: 600 }, metadata: { now: '2026-08-20T10:00:00.000Z' } }).state;
    expect(pricingOf(first).quotientFamilialHistory).toBeUndefined(); // one attestation: nothing to choose from
    const second = run(first, { type: 'UpdateQuotientFamilial', data: { quotientFamilial: 1200 }, metadata: { now: '2027-03-12T09:00:00.000Z' } }).state;
    expect(pricingOf(second)).toMatchObject({
      quotientFamilial: 1200,
      quotientFamilialHistory: [
        { quotientFamilial: 600, effectiveAt: '2026-08-20T10:00:00.000Z' },
        { quotientFamilial: 1200, effectiveAt: '2027-03-12T09:00:00.000Z' },
      ],
    });
  });

  it('decodes its stored event', () => {
    const stored: PersonEvent = { type: 'ChildQuotientFamilialSet', data: { familyId: 'f', childId: 'c2', quotientFamilial: 400, effectiveAt: now } };
    const decoded = decodePersonEvent({ type: stored.type, schemaVersion: 1, data: stored.data });
    expect(E.isRight(decoded) && decoded.right).toEqual(stored);
    expect(E.isLeft(decodePersonEvent({ type: stored.type, schemaVersion: 1, data: { ...stored.data, quotientFamilial: 'bas' } }))).toBe(true);
  });
});
