import type { Cents } from '../shared/money';
import type { IsoDate } from '../shared/iso-date';

/**
 * The catalog as the domain reads it: the municipality file once validated, plus the activity
 * closures decided at run time (R14). Built by `loadCatalog`, deeply frozen: treat as immutable
 * and derive a new one with `withClosures`.
 *
 * Deadline rules (docs/rules.md §2), read in the catalog's time zone:
 * - `{ daysBefore: N, time, workingDays: false }`: `time` local, N calendar days before the day;
 * - `{ daysBefore: N, time, workingDays: true }`: N working days before, where Saturdays,
 *   Sundays and the catalog's closed dates do not count (J-2 12:00 for a Monday = Thursday 12:00);
 * - `{ weekly: { weekday, time } }`: every day of ISO week W closes at `weekday`/`time` of W−1.
 * `time` 'HH:MM' names the last minute still allowed: the deadline instant is HH:MM:59.999.
 */
export interface DaysBeforeRule {
  daysBefore: number;
  /** 'HH:MM' */
  time: string;
  workingDays: boolean;
}

export interface WeeklyRule {
  /** weekday: 1 = Monday .. 7 = Sunday; time 'HH:MM'. */
  weekly: { weekday: number; time: string };
}

export type DeadlineRule = DaysBeforeRule | WeeklyRule;

export interface SiblingReduction {
  /** 1-based rank of the child in the family from which the reduction applies (3 = 3rd child and more). */
  fromRank: number;
  /** Whole percent taken off the price, rounded half-up to the cent. */
  percent: number;
}

interface GridCommon {
  /** First date (inclusive) on which this grid prices slots. */
  effectiveFrom: IsoDate;
  /** Price of every slot for a non-resident family, when set. */
  nonResidentCents?: Cents;
  siblingReduction?: SiblingReduction;
}

export interface Bracket {
  /** Inclusive upper bound of the quotient familial; null for the last, open-ended bracket. */
  maxQf: number | null;
  priceCents: Cents;
}

export interface BracketsGrid extends GridCommon {
  kind: 'brackets';
  /** Ascending maxQf, prices never decreasing, the last one with maxQf null. */
  brackets: Bracket[];
}

export interface EffortGrid extends GridCommon {
  kind: 'effort';
  /** Taux d'effort in percent of the QF: 0.36 → 0,36 % (QF 1 000 → 360 cents). */
  rate: number;
  minCents: Cents;
  maxCents: Cents;
}

export type TariffGrid = BracketsGrid | EffortGrid;

export interface Activity {
  /** Slug, e.g. 'restauration'. */
  id: string;
  /** French label shown to parents, e.g. « Restauration scolaire ». */
  label: string;
  /** ISO weekdays served, ascending (1 = Monday). */
  weekdays: number[];
  deadline: DeadlineRule;
  /** When cancelling closes at another time than reserving; falls back to `deadline`. */
  cancellationDeadline?: DeadlineRule;
  /** Tariff history sorted by strictly increasing effectiveFrom. */
  tariffs: TariffGrid[];
}

/** The service parents contact (municipality file, optional). */
export interface ServiceContact {
  service?: string;
  phone?: string;
  email?: string;
}

export interface ClosedPeriod {
  from: IsoDate;
  to: IsoDate;
  label: string;
}

/** An activity closed on one date by the municipality at run time (R14). */
export interface ActivityClosure {
  activityId: string;
  date: IsoDate;
  reason: string;
}

export interface Catalog {
  readonly municipality: { id: string; name: string; address?: string; contact?: ServiceContact };
  /** IANA time zone, canonical spelling; 'Europe/Paris' unless the file says otherwise. */
  readonly timezone: string;
  readonly schoolYear: { start: IsoDate; end: IsoDate };
  readonly closedDates: readonly ClosedPeriod[];
  readonly activities: readonly Activity[];
  readonly closures: readonly ActivityClosure[];
}

export type CatalogError = { code: 'INVALID_CATALOG'; message: string; issues: unknown[] };

export type DayStatus =
  | { open: true }
  | { open: false; reason: 'unknown_activity' | 'not_served' | 'outside_school_year' | 'closed'; label?: string };

export interface SlotPrice {
  unitPriceCents: Cents;
  /** bracket: a stable label of the rule applied, e.g. 'qf<=700', 'qf>1400', 'taux-effort', 'non-resident', 'no-qf', '+rank3-50%' appended after a sibling reduction. */
  tariff: { effectiveFrom: IsoDate; bracket: string };
}

export type PricingError = { code: 'NO_TARIFF'; message: string };

export interface Payer {
  /** null when the family has not given one (→ highest price). */
  quotientFamilial: number | null;
  resident: boolean;
  /** 1-based rank of the child among its siblings. */
  childRank: number;
}
