import * as E from 'fp-ts/Either';
import { demoMunicipality } from './demo-municipality';
import { getActivity, loadCatalog } from './load-catalog';

/** The demo file with `capacity` on its Wednesday centre. */
const withCapacity = (capacity: unknown) => {
  const file = structuredClone(demoMunicipality) as unknown as { activities: Record<string, unknown>[] };
  file.activities = file.activities.map((activity) => (activity['id'] === 'mercredi' ? { ...activity, capacity } : activity));
  return loadCatalog(file);
};
const messageOf = (capacity: unknown) => {
  const result = withCapacity(capacity);
  if (E.isRight(result)) throw new Error('expected a refusal');
  return result.left.message;
};

describe('an activity’s `capacity` (R23)', () => {
  it('loads places per day, a school’s own places and the offer’s hold (1 440 minutes by default)', () => {
    const loaded = withCapacity({ placesPerDay: 24, bySite: { 'École Pasteur': 8 } });
    if (E.isLeft(loaded)) throw new Error(loaded.left.message);
    expect(getActivity(loaded.right, 'mercredi')?.capacity).toEqual({ placesPerDay: 24, bySite: { 'École Pasteur': 8 }, offerHoldMinutes: 1440 });
    expect(getActivity(loaded.right, 'restauration')?.capacity).toBeUndefined();
  });

  it.each<[string, unknown, RegExp]>([
    ['no place', { placesPerDay: 0 }, /capacity\.placesPerDay/],
    ['a fraction of a place', { placesPerDay: 2.5 }, /capacity\.placesPerDay/],
    ['a misspelt key', { placesPerDay: 10, places: 3 }, /capacity/],
    ['a hold under five minutes', { placesPerDay: 10, offerHoldMinutes: 1 }, /capacity\.offerHoldMinutes/],
    ['one school twice', { placesPerDay: 10, bySite: { 'École Pasteur': 4, 'ecole  pasteur': 2 } }, /listed twice/],
  ])('refuses %s', (_label, capacity, message) => {
    expect(messageOf(capacity)).toMatch(message);
  });
});
