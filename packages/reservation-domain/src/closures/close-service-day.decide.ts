/**
 * R14 — closing a service day (strike, outing, closed kitchen), for the whole town or for one
 * school: which days can be closed. A day can be closed when the municipality's file opens it
 * (known activity, inside the school year, a weekday it serves, not a holiday of the calendar);
 * a day already closed at run time is closed again harmlessly (no event): the same school twice,
 * or one school of a day closed for every school; closing for every school a day closed for one
 * school closes it for the others. A day in the past can be closed (a strike recorded the day
 * after still credits the families). The families' side — the reservations of that day (of the
 * school's children) cancelled with full credit, pending orders holding them expired — is
 * `CloseServiceDay` of the family decider, run for every family `holdsDay` finds.
 */
import { right, type Either } from 'fp-ts/Either';
import { DAY_STATUS_REFUSALS } from '../catalog/day-status-refusal';
import { serviceDayStatus } from '../catalog/service-day';
import type { ActivityClosure, Catalog } from '../catalog/catalog.types';
import { MAX_SCHOOL_NAME_LENGTH, schoolKey } from '../catalog/school-name';
import { refuse, type Refusal } from '../family';
import type { Instant } from '../shared/instant';
import { isIsoDate } from '../shared/iso-date';
import { SERVICE_DAY_CLOSED, type ServiceDayClosed, type ServiceDayClosedData } from './service-day-closed.event';

export interface CloseServiceDayForAll {
  readonly activityId: string;
  readonly date: string;
  readonly reason: string;
  /** Close it for the children of this school only; absent: for every school. */
  readonly school?: string;
  readonly now: Instant;
}

/** The closures recorded so far, in order. */
export type ServiceDayClosuresState = readonly ActivityClosure[];

const MAX_REASON_LENGTH = 500;

/**
 * `calendar` is the municipality's file alone, without run-time closures: they are `state`.
 * Closing a day twice (or a school twice) decides nothing the second time.
 */
export function decideServiceDayClosure(calendar: Catalog, command: CloseServiceDayForAll, state: ServiceDayClosuresState): Either<Refusal, readonly ServiceDayClosed[]> {
  const { activityId, date, now } = command;
  const reason = command.reason.trim();
  if (!isIsoDate(date)) return refuse('INVALID_DATE', `${date} is not a date (YYYY-MM-DD)`);
  if (reason.length === 0 || reason.length > MAX_REASON_LENGTH) return refuse('INVALID_COMMAND', `A closure needs a reason of 1 to ${MAX_REASON_LENGTH} characters`);
  const day = serviceDayStatus(calendar, activityId, date);
  if (!day.open) {
    return refuse(DAY_STATUS_REFUSALS[day.reason], `${activityId} is not open on ${date}${day.label ? ` (${day.label})` : ''}: nothing to close`);
  }
  const school = command.school?.trim();
  if (school !== undefined && (school.length === 0 || school.length > MAX_SCHOOL_NAME_LENGTH)) {
    return refuse('INVALID_COMMAND', `A school is named with 1 to ${MAX_SCHOOL_NAME_LENGTH} characters`);
  }
  if (alreadyClosed(state, activityId, date, school)) return right([]);
  return right([{ type: SERVICE_DAY_CLOSED, data: { activityId, date, reason, ...(school === undefined ? {} : { school }), closedAt: now } }]);
}

/** Closed for every school already, or (with `school`) for that school already. */
function alreadyClosed(state: ServiceDayClosuresState, activityId: string, date: string, school: string | undefined): boolean {
  const key = school === undefined ? undefined : schoolKey(school);
  return state.some(
    (closure) => closure.activityId === activityId && closure.date === date && (closure.school === undefined || (key !== undefined && schoolKey(closure.school) === key)),
  );
}

export function evolveServiceDayClosures(state: ServiceDayClosuresState, event: ServiceDayClosed | ServiceDayClosedData): ServiceDayClosuresState {
  const data = 'type' in event ? event.data : event;
  return [...state, { activityId: data.activityId, date: data.date, reason: data.reason, ...(data.school === undefined ? {} : { school: data.school }) }];
}

/** The closures stream's decider over one calendar, in the shape the store's command loop takes. */
export function serviceDayClosuresDecider(calendar: Catalog) {
  return {
    initialState: (): ServiceDayClosuresState => [],
    evolve: evolveServiceDayClosures,
    decide: (command: CloseServiceDayForAll, state: ServiceDayClosuresState) => decideServiceDayClosure(calendar, command, state),
  };
}
