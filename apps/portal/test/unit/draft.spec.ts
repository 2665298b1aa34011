import { loadDraft, memoryStorage } from './portal-modules';

const { Draft, slotKey } = loadDraft();
const monday = { childId: 'lea', activityId: 'restauration', date: '2026-12-07' };
const tuesday = { childId: 'lea', activityId: 'restauration', date: '2026-12-08' };
const hugoMonday = { childId: 'hugo', activityId: 'restauration', date: '2026-12-07' };

describe('draft.js — « Modification en cours »', () => {
  it('a second click on a day undoes the first', () => {
    const draft = new Draft('fam', memoryStorage());
    draft.toggle(monday, 'reserve', 320);
    expect(draft.get(monday)).toMatchObject({ op: 'reserve', priceCents: 320 });
    draft.toggle(monday, 'reserve', 320);
    expect(draft.get(monday)).toBeUndefined();
    expect(draft.size).toBe(0);
  });

  it('splits reservations from cancellations, in a stable order whatever the click order', () => {
    const a = new Draft('fam', memoryStorage());
    const b = new Draft('fam', memoryStorage());
    for (const slot of [tuesday, hugoMonday, monday]) a.toggle(slot, 'reserve');
    for (const slot of [monday, tuesday, hugoMonday]) b.toggle(slot, 'reserve');
    a.toggle({ ...monday, activityId: 'accueil-soir' }, 'cancel');
    expect(a.reserveSlots()).toEqual([hugoMonday, monday, tuesday]);
    expect(JSON.stringify(a.reserveSlots())).toBe(JSON.stringify(b.reserveSlots()));
    expect(a.cancelSlots()).toEqual([{ ...monday, activityId: 'accueil-soir' }]);
  });

  it('survives a reload (sessionStorage), per family', () => {
    const storage = memoryStorage();
    new Draft('fam', storage).toggle(monday, 'cancel', 320);
    expect(new Draft('fam', storage).get(monday)).toMatchObject({ op: 'cancel' });
    expect(new Draft('other', storage).size).toBe(0);
  });

  it('forgets only what was submitted', () => {
    const draft = new Draft('fam', memoryStorage());
    draft.toggle(monday, 'reserve');
    draft.toggle(tuesday, 'cancel');
    draft.clear('cancel');
    expect(draft.reserveSlots()).toEqual([monday]);
    expect(draft.cancelSlots()).toEqual([]);
    draft.clear();
    expect(draft.size).toBe(0);
  });

  it('ignores a corrupted stored draft instead of failing', () => {
    const storage = memoryStorage();
    storage.setItem('periscol.draft.fam', '{not json');
    expect(new Draft('fam', storage).size).toBe(0);
    expect(slotKey(monday)).toBe('lea|restauration|2026-12-07');
  });
});
