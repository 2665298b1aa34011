import { familyCommand as cmd } from '../../testing';
import { F, now, registered, spec } from './family-decider.fixture';

describe('RegisterFamily', () => {
  it('registers a family once; the same registration again changes nothing', () => {
    spec.given([]).when(cmd('RegisterFamily', { familyId: F, resident: false }, now)).then([
      { type: 'FamilyRegistered', data: { familyId: F, resident: false, registeredAt: now } },
    ]);
    spec.given([registered]).when(cmd('RegisterFamily', { familyId: F, resident: true }, now)).thenNothingHappened();
  });

  it('refuses FAMILY_ALREADY_REGISTERED for another registration of the stream', () => {
    spec.given([registered]).when(cmd('RegisterFamily', { familyId: F, resident: false }, now)).thenFails('FAMILY_ALREADY_REGISTERED');
    spec.given([registered]).when(cmd('RegisterFamily', { familyId: 'fam-2', resident: true }, now)).thenFails('FAMILY_ALREADY_REGISTERED');
  });

  it('moves the state from not registered to registered, with the family id and residence', () => {
    const state = spec.given([registered]).state();
    expect(state).toMatchObject({ status: 'registered', familyId: F, resident: true, registeredAt: '2026-09-01T08:00:00.000Z', erasedAt: null });
    expect(spec.given([]).state()).toMatchObject({ status: 'not_registered', balanceCents: 0 });
  });
});
