import { demoCatalog } from '../catalog/demo-municipality';
import { deciderSpecification, demoDates } from '../testing';
import { serviceDayClosuresDecider, type CloseServiceDayForAll } from './close-service-day.decide';
import { SERVICE_DAY_CLOSED, type ServiceDayClosed } from './service-day-closed.event';

const now = '2026-09-10T08:00:00.000Z';
const spec = deciderSpecification(serviceDayClosuresDecider(demoCatalog));
const close = (over: Partial<CloseServiceDayForAll> = {}): CloseServiceDayForAll => ({ activityId: 'restauration', date: demoDates.tuesday, reason: 'Grève', now, ...over });
const closed = (date: string): ServiceDayClosed => ({ type: SERVICE_DAY_CLOSED, data: { activityId: 'restauration', date, reason: 'Grève', closedAt: now } });

describe('closing a service day for the whole town (R14)', () => {
  it('records a closure of a day the file opens, with its trimmed reason', () => {
    spec.given([]).when(close({ reason: '  Grève  ' })).then([closed(demoDates.tuesday)]);
  });

  it('closes a day already closed again without a new event', () => {
    spec.given([closed(demoDates.tuesday)]).when(close()).thenNothingHappened();
  });

  it('closes another activity the same day', () => {
    spec.given([closed(demoDates.tuesday)]).when(close({ activityId: 'accueil-soir' })).then((events) => expect(events).toHaveLength(1));
  });

  it('closes a day already past: a strike recorded the day after still credits the families', () => {
    spec.given([]).when(close({ date: '2026-09-08', now: '2026-09-09T08:00:00.000Z' })).then((events) => expect(events).toHaveLength(1));
  });

  it.each([
    ['an unknown activity', { activityId: 'piscine' }, 'UNKNOWN_ACTIVITY'],
    ['a weekday the activity does not serve', { activityId: 'mercredi', date: demoDates.tuesday }, 'NOT_SERVED'],
    ['a day outside the school year', { date: demoDates.beforeSchoolYear }, 'OUTSIDE_SCHOOL_YEAR'],
    ['a holiday of the calendar', { date: demoDates.holiday }, 'DAY_CLOSED'],
    ['a date that does not exist', { date: '2026-02-30' }, 'INVALID_DATE'],
    ['an empty reason', { reason: '   ' }, 'INVALID_COMMAND'],
    ['a reason of 501 characters', { reason: 'x'.repeat(501) }, 'INVALID_COMMAND'],
  ])('refuses %s', (_, over, code) => {
    spec.given([]).when(close(over)).thenFails(code);
  });
});
