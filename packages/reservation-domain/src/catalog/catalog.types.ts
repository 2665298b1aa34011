import type { Cents } from '../shared/money';
import type { QuotientFamilialPolicy } from './quotient-familial-policy';
import type { IsoDate } from '../shared/iso-date';
import type { PaymentMethod } from '../regie/regie-day-closed.event';

/**
 * The catalog as the domain reads it: the municipality file once validated, plus the activity
 * closures decided at run time (R14). Built by `loadCatalog`, deeply frozen: treat as immutable
 * and derive a new one with `withClosures`.
 *
 * Deadline rules (docs/rules.md §2), read in the catalog's time zone:
 * - `{ daysBefore: N, time, workingDays: false }`: `time` local, N calendar days before the day;
 * - `{ daysBefore: N, time, workingDays: true }`: N working days before, where Saturdays,
 *   Sundays and the catalog's closed dates do not count (J-2 12:00 for a Monday = Thursday 12:00);
 * - `{ weekly: { weekday, time } }`: every day of ISO week W closes at `weekday`/`time` of W−1;
 * - `{ daysBefore: 0, time }`: the same day until `time`, before the activity's `startTime`;
 * - `skipWeekdays: [3]` with `workingDays`: Wednesdays do not count either, for this rule only;
 * - `{ byWeekday: { "1": rule, … } }`: each served weekday its own rule.
 * `time` 'HH:MM' names the last minute still allowed: the deadline instant is HH:MM:59.999,
 * never after the day's service starts (`serviceStart`).
 */
export interface DaysBeforeRule {
  /** 0 = the same day. */
  daysBefore: number;
  /** 'HH:MM' */
  time: string;
  workingDays: boolean;
  /** With workingDays: ISO weekdays not counted as working days, besides Saturday and Sunday. */
  skipWeekdays?: number[];
}

export interface WeeklyRule {
  /** weekday: 1 = Monday .. 7 = Sunday; time 'HH:MM'. */
  weekly: { weekday: number; time: string };
}

/** A rule that closes every served weekday the same way. */
export type SingleDeadlineRule = DaysBeforeRule | WeeklyRule;

export interface ByWeekdayRule {
  /** ISO weekday "1" (Monday) … "7" → its rule; every served weekday has one. */
  byWeekday: Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', SingleDeadlineRule>>;
}

export type DeadlineRule = SingleDeadlineRule | ByWeekdayRule;

/** The late price: normal + percent (rounded half-up; 100 doubles it), normal + cents, or a fixed price — never below the normal price. */
export type LatePrice = { surchargePercent: number } | { surchargeCents: Cents } | { priceCents: Cents };

/** Late booking (docs/rules.md §2): after the reservation deadline, until the `until` rule's instant, at `price`. */
export interface LateBooking {
  price: LatePrice;
  until: DeadlineRule;
}

/** Exactly one of `percent` and `priceCents`. */
export interface SiblingReduction {
  /** 1-based rank of the child in the family from which the reduction applies (3 = 3rd child and more). */
  fromRank: number;
  /** Whole percent taken off the price, rounded half-up to the cent. */
  percent?: number;
  /** « 3e enfant et plus : 3,30 € »: the price from that rank, when below the price found. */
  priceCents?: Cents;
  /** No reduction for a family whose QF is at most this (the town's lowest bracket(s)). */
  exceptQfUpTo?: number;
}

export interface Bracket {
  /** Inclusive upper bound of the quotient familial; null for the last, open-ended bracket. */
  maxQf: number | null;
  priceCents: Cents;
}

/** A price that replaces the grid's own: one fixed price, or QF brackets (no QF → the highest). */
export type PriceTable = { priceCents: Cents } | { brackets: Bracket[] };

/** Non-residents: their own price table, or a percent added to the price a resident would pay. */
export type NonResidentRule = PriceTable | { surchargePercent: number };

/**
 * Occasional price. A slot is *regular* when, counting it, the child holds (pending or reserved)
 * at least `regularFromDaysPerWeek` days of the activity in the slot's ISO week (Monday–Sunday);
 * otherwise it is *occasional* and priced by this table. Frozen at request time like every price.
 */
export type OccasionalRule = PriceTable & { regularFromDaysPerWeek: number };

/** « −10 % for 4 days a week »: counting the slot, the child holds ≥ fromDays days of the activity in its ISO week. */
export interface DaysPerWeekReduction {
  fromDays: number;
  percent: number;
}

export type SchoolLevel = 'maternelle' | 'elementaire';

interface GridCommon {
  /** First date (inclusive) on which this grid prices slots. */
  effectiveFrom: IsoDate;
  /** The délibération that set this grid, printed on documents, e.g. « Délibération n° 2025-042 du 30 juin 2025 ». */
  deliberation?: string;
  /** Price of every slot for a non-resident family, when set (no other rule applies but the sibling reduction). */
  nonResidentCents?: Cents;
  nonResident?: NonResidentRule;
  /** The packed-lunch price of a child under a medical protocol (PAI), replacing every other table. */
  medicalProtocol?: PriceTable;
  occasional?: OccasionalRule;
  /** A table per school level (from the child's grade); a level not listed pays the grid's own price. */
  schoolLevels?: Partial<Record<SchoolLevel, PriceTable>>;
  /** Ascending fromDays; the highest reached applies. */
  daysPerWeekReductions?: DaysPerWeekReduction[];
  /** A child pays at most this much per calendar month for the activity: a slot costs what is left under it (see SlotUsage). */
  monthlyCapCents?: Cents;
  siblingReduction?: SiblingReduction;
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
  /** 'HH:MM' local time at which the service starts; the day's midnight when not set. */
  startTime?: string;
  deadline: DeadlineRule;
  /** When cancelling closes at another time than reserving; falls back to `deadline`. */
  cancellationDeadline?: DeadlineRule;
  /** Requests after `deadline` accepted at a higher price until `until`; refused when absent. */
  lateBooking?: LateBooking;
  /** Tariff history sorted by strictly increasing effectiveFrom. */
  tariffs: TariffGrid[];
  /** Care (garde) that counts on the attestation fiscale de frais de garde; never a meal (canteen). */
  childcare?: boolean;
  /** R23: places per day; absent, the activity takes every child. */
  capacity?: ActivityCapacity;
}

/** R23: the places of one day of an activity, and how long a place offered from the waiting list is held. */
export interface ActivityCapacity {
  placesPerDay: number;
  /** A school's own places (by the school's name as the person stream spells it); other schools share `placesPerDay`. */
  bySite?: Record<string, number>;
  offerHoldMinutes: number;
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
  /** Closed for the children of this school only; absent: for every school. */
  school?: string;
}

/** An agent of the régie in office from `from` to `to` (both included; no `to`: still in office). */
export interface OfficeHolder {
  readonly name: string;
  readonly from: IsoDate;
  readonly to?: IsoDate;
}

/**
 * The régie de recettes as its arrêté constitutif sets it (docs/rules.md §2, R18): a payment
 * start outside its revenue types or methods is refused; its plafond d'encaisse says when a
 * versement to the comptable is due.
 */
export interface RegieArrete {
  readonly arrete: { readonly reference: string; readonly date: IsoDate };
  /** Activity ids it collects; credits (`avoir`) always belong to it. */
  readonly revenueTypes: readonly string[];
  readonly paymentMethods: readonly PaymentMethod[];
  readonly plafondEncaisseCents: Cents;
  /** Paid in at least every week or month; the alert shows from `thresholdCents` (default 80 % of the plafond). */
  readonly versement: { readonly frequency: 'weekly' | 'monthly'; readonly thresholdCents?: Cents };
  readonly regisseurs: readonly OfficeHolder[];
  readonly mandataires: readonly OfficeHolder[];
}

/** R22: absence with proof, as the file's `absences` section sets it. */
export interface AbsencePolicy {
  readonly activities: readonly string[];
  /** Days after the absent day to declare it (until 23:59 local time of the last one). */
  readonly graceDays: number;
  readonly proofTypes: readonly ('application/pdf' | 'image/jpeg' | 'image/png')[];
  readonly maxProofBytes: number;
  /** 'reservedPrice': the day is cancelled and credited at its reserved price; 'none': excused, nothing credited. */
  readonly credit: 'reservedPrice' | 'none';
}

export interface Catalog {
  readonly municipality: { id: string; name: string; address?: string; contact?: ServiceContact };
  /** IANA time zone, canonical spelling; 'Europe/Paris' unless the file says otherwise. */
  readonly timezone: string;
  readonly schoolYear: { start: IsoDate; end: IsoDate };
  /** From when a QF attestation prices days (R3); absent: the QF known when the family books. */
  readonly quotientFamilial?: QuotientFamilialPolicy;
  readonly closedDates: readonly ClosedPeriod[];
  readonly activities: readonly Activity[];
  readonly closures: readonly ActivityClosure[];
  /** The régie's arrêté, when the file states one; absent: payments are not checked against one. */
  readonly regie?: RegieArrete;
  /** R22: absence with proof; absent: no absence can be declared. */
  readonly absences?: AbsencePolicy;
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
  /** From the child's grade; undefined when unknown (→ the grid's own price). */
  schoolLevel?: SchoolLevel;
  /** The child eats a packed lunch under a medical protocol (PAI). */
  medicalProtocol?: boolean;
  /**
   * What the child already holds of this activity, asked only by grids whose price depends on it
   * (occasional, days per week, monthly cap). Without it, the slot counts as the only one.
   */
  usage?: () => SlotUsage;
}

/** Days of one activity held by one child around a slot. */
export interface SlotUsage {
  /** In the slot's ISO week (Monday–Sunday), the slot and the rest of its order included. */
  daysInWeek: number;
  /**
   * Σ prices of the days held in the slot's calendar month (the slot excluded; the order's slots
   * priced before it included). Summing what is held keeps the cap exact after a cancellation.
   */
  paidCentsInMonth: Cents;
}
