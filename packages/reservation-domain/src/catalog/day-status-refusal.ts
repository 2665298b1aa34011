import { right, type Either } from 'fp-ts/Either';
import { refuse, type Refusal, type RefusalCode } from '../family/refusal';
import type { Activity, Catalog, DayStatus } from './catalog.types';
import { getActivity } from './load-catalog';

/** Why a day is not open, as the refusal code every decider answers with (R2, R14). */
export const DAY_STATUS_REFUSALS: Readonly<Record<Extract<DayStatus, { open: false }>['reason'], RefusalCode>> = {
  unknown_activity: 'UNKNOWN_ACTIVITY',
  not_served: 'NOT_SERVED',
  outside_school_year: 'OUTSIDE_SCHOOL_YEAR',
  closed: 'DAY_CLOSED',
};

/** The catalog's activity `activityId`, or UNKNOWN_ACTIVITY. */
export function knownActivity(catalog: Catalog, activityId: string): Either<Refusal, Activity> {
  const activity = getActivity(catalog, activityId);
  return activity ? right(activity) : refuse('UNKNOWN_ACTIVITY', `Unknown activity ${activityId}`);
}
