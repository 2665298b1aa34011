import { isLeft } from 'fp-ts/Either';
import { createFamilyDecider, demoCatalog, planningView } from '@periscol/reservation-domain';
import { FamilyHistory, familyCommand, slot } from '@periscol/reservation-domain/testing';
import { toPlanningDto } from './planning.dto';
import { PlanningCache, validUntil } from './planning.cache';

const now = '2026-11-26T09:00:00.000Z';
const nowMs = Date.parse(now);

/** The planning of 2026-W50 (a week that exists: the view answers it). */
function weekOf(history: FamilyHistory) {
  const view = planningView(demoCatalog, history.state, '2026-W50', now);
  if (isLeft(view)) throw new Error(view.left.message);
  return view.right;
}

function family() {
  const history = new FamilyHistory(createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 }));
  history.run(familyCommand('RegisterFamily', { familyId: 'f', resident: true }, now));
  history.run(familyCommand('EnrolChild', { childId: 'c', activityIds: ['restauration'] }, now));
  return history;
}

describe('planning answers reused while still true', () => {
  it('valid until the first deadline of the week passes (1 ms after it)', () => {
    const history = family();
    const view = weekOf(history);
    // The canteen days of 2026-W50 close on Tuesday 12-01 23:59 Paris (22:59:59.999 UTC).
    expect(new Date(validUntil(history.state, view, nowMs)).toISOString()).toBe('2026-12-01T23:00:00.000Z');
  });

  it('a pending order ends the validity when its hold runs out, if that comes first', () => {
    const history = family();
    history.run(familyCommand('RequestReservation', { orderId: 'o1', slots: [slot('c', 'restauration', '2026-12-07')], pricing: { quotientFamilial: null } }, now));
    const view = weekOf(history);
    expect(new Date(validUntil(history.state, view, nowMs)).toISOString()).toBe('2026-11-26T10:00:00.000Z');
  });

  it('a hit needs the same state, person and catalog objects and `now` before the validity ends', () => {
    const history = family();
    const cache = new PlanningCache();
    const view = weekOf(history);
    const dto = toPlanningDto('f', view, undefined);
    cache.set('f', '2026-W50', history.state, undefined, demoCatalog, nowMs, view, dto);
    expect(cache.get('f', '2026-W50', history.state, undefined, demoCatalog, nowMs + 1000)).toBe(dto);
    expect(cache.get('f', '2026-W51', history.state, undefined, demoCatalog, nowMs)).toBeUndefined();
    expect(cache.get('f', '2026-W50', history.state, undefined, demoCatalog, Date.parse('2026-12-01T23:00:00.000Z'))).toBeUndefined();
    history.run(familyCommand('RequestReservation', { orderId: 'o1', slots: [slot('c', 'restauration', '2026-12-07')], pricing: { quotientFamilial: null } }, now));
    expect(cache.get('f', '2026-W50', history.state, undefined, demoCatalog, nowMs)).toBeUndefined();
  });
});
