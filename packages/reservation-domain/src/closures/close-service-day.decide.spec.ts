import { demoCatalog } from '../catalog/demo-municipality';
import { deciderSpecification, demoDates } from '../testing';
import { serviceDayClosuresDecider, type CloseServiceDayForAll } from './close-service-day.decide';
import { readServiceDayClosed, SERVICE_DAY_CLOSED, SERVICE_DAY_CLOSED_SCHEMA_VERSION, type ServiceDayClosed } from './service-day-closed.event';

const now = '2026-09-10T08:00:00.000Z';
const spec = deciderSpecification(serviceDayClosuresDecider(demoCatalog));
const close = (over: Partial<CloseServiceDayForAll> = {}): CloseServiceDayForAll => ({ activityId: 'restauration', date: demoDates.tuesday, reason: 'Grève', now, ...over });
const closed = (date: string, school?: string): ServiceDayClosed => ({
  type: SERVICE_DAY_CLOSED,
  data: { activityId: 'restauration', date, reason: 'Grève', ...(school === undefined ? {} : { school }), closedAt: now },
});

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

describe('closing a service day for one school (R14)', () => {
  const ferry = 'École Jules Ferry';

  it('records a closure naming the school, trimmed', () => {
    spec.given([]).when(close({ school: `  ${ferry} ` })).then([closed(demoDates.tuesday, ferry)]);
  });

  it('closes the same school twice without a new event, whatever its case or accents', () => {
    spec.given([closed(demoDates.tuesday, ferry)]).when(close({ school: 'ecole  jules ferry' })).thenNothingHappened();
  });

  it('closes another school of the same day', () => {
    spec.given([closed(demoDates.tuesday, ferry)]).when(close({ school: 'École Pasteur' })).then([closed(demoDates.tuesday, 'École Pasteur')]);
  });

  it('decides nothing for one school when the whole day is closed already', () => {
    spec.given([closed(demoDates.tuesday)]).when(close({ school: ferry })).thenNothingHappened();
  });

  it('closes the whole day after one school: the other schools close too', () => {
    spec.given([closed(demoDates.tuesday, ferry)]).when(close()).then([closed(demoDates.tuesday)]);
  });

  it.each([
    ['an empty school', { school: '   ' }],
    ['a school of 201 characters', { school: 'x'.repeat(201) }],
  ])('refuses %s', (_, over) => {
    spec.given([]).when(close(over)).thenFails('INVALID_COMMAND');
  });

  it('refuses a school closure of a day the file does not open, as for the whole town', () => {
    spec.given([]).when(close({ school: ferry, date: demoDates.holiday })).thenFails('DAY_CLOSED');
  });
});

describe('ServiceDayClosed versions (R16)', () => {
  const stored = (schemaVersion: number, data: unknown) => ({ type: SERVICE_DAY_CLOSED, data, metadata: { schemaVersion } });
  const v1 = { activityId: 'restauration', date: demoDates.tuesday, reason: 'Grève', closedAt: now };

  it('reads a v1 closure as a closure for every school', () => {
    expect(readServiceDayClosed(stored(1, v1))).toEqual(v1);
    expect(readServiceDayClosed(stored(1, { ...v1, school: 'École Pasteur' }))).toEqual(v1);
  });

  it('reads a v2 closure with or without its school, and refuses an unknown version', () => {
    expect(readServiceDayClosed(stored(2, { ...v1, school: 'École Pasteur' }))).toEqual({ ...v1, school: 'École Pasteur' });
    expect(readServiceDayClosed(stored(2, v1))).toEqual(v1);
    expect(() => readServiceDayClosed(stored(3, v1))).toThrow(/schema version 3/);
    expect(SERVICE_DAY_CLOSED_SCHEMA_VERSION).toBe(2);
  });
});
