import { z } from 'zod';
import { QuotientFamilialPolicySchema } from './quotient-familial-policy';
import { CentsSchema, DEFAULT_MAX_AMOUNT_CENTS } from '../shared/money';
import { IsoDateSchema } from '../shared/iso-date';
import { MUNICIPALITY_FILE_FORMAT_VERSION } from './municipality-file.format';
import { checkTariffHistory, TariffGridSchema } from './tariff-grid.schema';
import { checkRegieArrete, RegieArreteSchema } from './regie-arrete.schema';
import { schoolKey } from './school-name';
import { AbsencePolicySchema, checkAbsencePolicy } from './absence-policy.schema';

/**
 * The municipality file: the JSON a town edits to describe itself (activities, deadlines, tariff
 * history, calendar). Objects are strict, so a misspelt key is refused rather than ignored.
 * Checks that span several fields (sorted grids, increasing brackets, known time zone…) live in
 * `superRefine` below, so `MunicipalityFileSchema.safeParse` alone tells whether a file is usable.
 */

const SlugSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Expected a lowercase slug like "accueil-soir"');
const LabelSchema = z.string().trim().min(1).max(200);
/** 'HH:MM', 00:00–23:59: the last minute at which the action is still allowed. */
const TimeSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'Expected a time HH:MM (00:00-23:59)');
const WeekdaySchema = z.int().min(1).max(7);

export const DaysBeforeRuleSchema = z.strictObject({
  /**
   * Days before the day it closes; 0 is the same day until `time` (« annulation le jour même
   * jusqu'à 8 h 30 »), which needs the activity's `startTime` and a `time` before it.
   */
  daysBefore: z.int().min(0).max(365).meta({ description: 'Jours avant le jour réservé (0 = le jour même, avant startTime).' }),
  time: TimeSchema,
  workingDays: z.boolean().default(false),
  /** With workingDays: weekdays not counted as working days for this rule, besides Saturday and Sunday (e.g. [3], Wednesdays). */
  skipWeekdays: z.array(WeekdaySchema).max(5).optional().meta({ description: 'Avec workingDays : jours de semaine non ouvrés pour ce délai, en plus du samedi et du dimanche (ex. [3] : le mercredi).' }),
});

export const WeeklyRuleSchema = z.strictObject({
  weekly: z.strictObject({ weekday: WeekdaySchema, time: TimeSchema }),
});

/** A rule that applies to every served weekday: days before, or weekly. */
export const SingleDeadlineRuleSchema = z.union([DaysBeforeRuleSchema, WeeklyRuleSchema], {
  error: 'Expected a deadline rule: { "daysBefore": 1, "time": "18:00", "workingDays": false } or { "weekly": { "weekday": 2, "time": "23:59" } }',
});

/** One rule per served weekday, keyed "1" (Monday) … "7" (Sunday): « le lundi pour le jeudi, … ». */
export const ByWeekdayRuleSchema = z.strictObject({
  byWeekday: z
    .partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), SingleDeadlineRuleSchema)
    .meta({ description: 'Un délai par jour servi : "1" (lundi) … "7" (dimanche).' }),
});

export const DeadlineRuleSchema = z.union([DaysBeforeRuleSchema, WeeklyRuleSchema, ByWeekdayRuleSchema], {
  error:
    'Expected a deadline rule: { "daysBefore": 1, "time": "18:00", "workingDays": false }, { "weekly": { "weekday": 2, "time": "23:59" } } or { "byWeekday": { "1": <rule>, … } }',
});

/** What a late booking costs: a surcharge in percent (100 doubles it) or in cents, or a fixed late price; never below the normal price. */
export const LatePriceSchema = z.union(
  [
    z.strictObject({ surchargePercent: z.int().min(1).max(400) }),
    z.strictObject({ surchargeCents: CentsSchema.min(1).max(DEFAULT_MAX_AMOUNT_CENTS) }),
    z.strictObject({ priceCents: CentsSchema.max(DEFAULT_MAX_AMOUNT_CENTS) }),
  ],
  { error: 'Expected a late price: { "surchargePercent": 50 } (100 doubles it), { "surchargeCents": 100 } or { "priceCents": 600 }' },
);

/** A request after the reservation deadline is accepted at the late price until `until`, the town's hard limit (e.g. the morning of the day). */
export const LateBookingSchema = z
  .strictObject({ price: LatePriceSchema, until: DeadlineRuleSchema })
  .meta({ description: 'Réservation tardive : acceptée après le délai au prix majoré (price), jusqu’à la limite until (ex. { "daysBefore": 0, "time": "09:00" }).' });

export { BracketSchema, BracketsGridSchema, EffortGridSchema, SiblingReductionSchema, TariffGridSchema } from './tariff-grid.schema';

/**
 * R23: how many children one day of the activity takes (a Wednesday centre's places). A request on
 * a full day joins the waiting list; a place given back is offered to the first in line, held
 * for `offerHoldMinutes`. `bySite`: a school's own places, counted apart (its children never take
 * the others'); a school not listed shares `placesPerDay`.
 */
export const CapacitySchema = z
  .strictObject({
    placesPerDay: z.int().min(1).max(10_000).meta({ description: 'Places par jour (enfants accueillis un même jour).' }),
    bySite: z
      .record(z.string().trim().min(1).max(200), z.int().min(0).max(10_000))
      .optional()
      .meta({ description: 'Places propres à une école ou un site, par nom d’école (comme la fiche de l’enfant) ; les autres écoles partagent placesPerDay.' }),
    offerHoldMinutes: z
      .int()
      .min(5)
      .max(10_080)
      .default(1_440)
      .meta({ description: 'Durée pendant laquelle une place libérée est réservée au premier de la liste d’attente (minutes, 1 440 par défaut).' }),
  })
  .meta({ description: 'Capacité d’accueil (format 2) : places par jour, éventuellement par école ; au-delà, liste d’attente.' });

export const ActivitySchema = z.strictObject({
  id: SlugSchema,
  label: LabelSchema,
  weekdays: z.array(WeekdaySchema).min(1),
  /** 'HH:MM' local time at which the service starts; a same-day deadline must fall before it. */
  startTime: TimeSchema.optional().meta({ description: 'Heure locale de début du service (HH:MM) ; un délai le jour même doit la précéder.' }),
  deadline: DeadlineRuleSchema,
  cancellationDeadline: DeadlineRuleSchema.optional(),
  lateBooking: LateBookingSchema.optional(),
  tariffs: z.array(TariffGridSchema).min(1),
  /** Care counted on the attestation fiscale de frais de garde (accueil, mercredi); never the canteen. */
  childcare: z.boolean().optional(),
  /** R23: places per day (format 2); absent: no limit. */
  capacity: CapacitySchema.optional(),
});

export const ClosedDateSchema = z.strictObject({ from: IsoDateSchema, to: IsoDateSchema, label: LabelSchema });

/** Whom parents call or write to (the portal's locked days and footer), each part optional. */
export const ServiceContactSchema = z.strictObject({
  /** e.g. « service enfance-jeunesse »; the portal says « le service périscolaire » without it. */
  service: LabelSchema.optional(),
  phone: z.string().trim().regex(/^\+?[0-9 .()-]{6,30}$/, 'Expected a phone number such as "03 85 00 00 00" or "+33 3 85 00 00 00"').optional(),
  email: z.email().optional(),
});

export const MunicipalitySchema = z.strictObject({
  id: SlugSchema,
  name: LabelSchema,
  address: z.string().trim().min(1).max(500).optional(),
  contact: ServiceContactSchema.optional(),
});

/** An IANA time zone name. Node 22's Intl also takes UTC offsets ("+01:00"), which have no summer time: refused. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    return /^[A-Za-z]/.test(new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone);
  } catch {
    return false;
  }
}

type IssueAt = (path: (string | number)[], message: string) => void;
type ActivityFields = { id: string; weekdays: number[]; startTime?: string | undefined };
type SingleRule = z.infer<typeof SingleDeadlineRuleSchema>;

/** What a deadline rule cannot say alone: a same-day time before the service starts, skipped weekdays that leave a working day, a rule for each served weekday. */
function checkDeadlineRule(activity: ActivityFields, rule: z.infer<typeof DeadlineRuleSchema>, path: (string | number)[], issue: IssueAt): void {
  if (!('byWeekday' in rule)) return checkSingleRule(activity, rule, path, issue);
  for (const weekday of activity.weekdays) {
    if (!rule.byWeekday[String(weekday) as '1']) issue([...path, 'byWeekday'], `activity "${activity.id}": weekday ${weekday} is served but has no deadline; add "${weekday}": { … }`);
  }
  for (const [key, single] of Object.entries(rule.byWeekday)) {
    if (!activity.weekdays.includes(Number(key))) issue([...path, 'byWeekday', key], `activity "${activity.id}": weekday ${key} is not served; remove it or add ${key} to weekdays`);
    if (single) checkSingleRule(activity, single, [...path, 'byWeekday', key], issue);
  }
}

function checkSingleRule(activity: ActivityFields, rule: SingleRule, path: (string | number)[], issue: IssueAt): void {
  if ('weekly' in rule) return;
  if (rule.daysBefore === 0) {
    if (activity.startTime === undefined) issue([...path, 'daysBefore'], `activity "${activity.id}": a same-day deadline (daysBefore 0) needs the activity's "startTime", e.g. "11:30"`);
    else if (rule.time >= activity.startTime) issue([...path, 'time'], `activity "${activity.id}": a same-day deadline must be before the service starts (${rule.time} is not before startTime ${activity.startTime})`);
  }
  if (rule.skipWeekdays) {
    if (!rule.workingDays) issue([...path, 'skipWeekdays'], `activity "${activity.id}": skipWeekdays only applies with "workingDays": true`);
    if ([1, 2, 3, 4, 5].every((weekday) => rule.skipWeekdays?.includes(weekday))) issue([...path, 'skipWeekdays'], `activity "${activity.id}": skipWeekdays leaves no working day`);
  }
}

/** One school is one key whatever its spelling (`schoolKey`): listed twice, its places would be ambiguous. */
function checkSites(activityId: string, bySite: Record<string, number>, path: (string | number)[], issue: IssueAt): void {
  const seen = new Set<string>();
  for (const site of Object.keys(bySite)) {
    const key = schoolKey(site);
    if (seen.has(key)) issue([...path, site], `activity "${activityId}": the school "${site}" is listed twice (spelt differently)`);
    seen.add(key);
  }
}

export const MunicipalityFileSchema = z
  .strictObject({
    /** Where an editor finds this format's JSON Schema (see the package README); the loader ignores it. */
    $schema: z.string().optional().meta({ description: 'Chemin ou adresse du schéma JSON, pour que l’éditeur valide et complète le fichier.' }),
    /** The file's format; a file without it was written for format 1 and is upgraded when loaded (`upgradeMunicipalityFile`). */
    formatVersion: z
      .literal(MUNICIPALITY_FILE_FORMAT_VERSION)
      .default(MUNICIPALITY_FILE_FORMAT_VERSION)
      .meta({ description: `Version du format du fichier : écrire ${MUNICIPALITY_FILE_FORMAT_VERSION}. Un fichier sans version (format 1) est mis à niveau au chargement.` }),
    municipality: MunicipalitySchema,
    /** IANA time zone in which deadlines are read. */
    timezone: z.string().default('Europe/Paris'),
    schoolYear: z.strictObject({ start: IsoDateSchema, end: IsoDateSchema }),
    /** From when a QF attestation prices days (R3); absent: the QF known when the family books. */
    quotientFamilial: QuotientFamilialPolicySchema.optional(),
    closedDates: z.array(ClosedDateSchema).default([]),
    activities: z.array(ActivitySchema).min(1),
    /** The régie de recettes of its arrêté constitutif (format 2); absent: payments are not checked against one. */
    regie: RegieArreteSchema.optional(),
    /** R22: absence with proof after the cancellation deadline (format 2); absent: none can be declared. */
    absences: AbsencePolicySchema.optional(),
    /** Where the town's rules were read (règlement, délibération) and when; the loader ignores it. */
    sources: z
      .array(z.strictObject({ url: z.url(), readOn: IsoDateSchema, note: z.string().trim().min(1).max(1000).optional() }))
      .optional()
      .meta({ description: 'Sources des règles (règlement, délibération) : adresse, date de lecture, remarque.' }),
  })
  .superRefine((file, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

    if (!isKnownTimeZone(file.timezone)) issue(['timezone'], `Unknown time zone "${file.timezone}" (expected an IANA name like "Europe/Paris")`);
    if (file.schoolYear.start > file.schoolYear.end) issue(['schoolYear'], 'schoolYear.start is after schoolYear.end');
    file.closedDates.forEach((closed, i) => {
      if (closed.from > closed.to) issue(['closedDates', i], `closed dates "${closed.label}": from is after to`);
    });

    const seen = new Set<string>();
    file.activities.forEach((activity, a) => {
      const at = (...path: (string | number)[]) => ['activities', a, ...path];
      if (seen.has(activity.id)) issue(at('id'), `duplicate activity id "${activity.id}"`);
      seen.add(activity.id);
      if (new Set(activity.weekdays).size !== activity.weekdays.length) issue(at('weekdays'), `activity "${activity.id}": a weekday is listed twice`);
      checkDeadlineRule(activity, activity.deadline, at('deadline'), issue);
      if (activity.cancellationDeadline) checkDeadlineRule(activity, activity.cancellationDeadline, at('cancellationDeadline'), issue);
      if (activity.lateBooking) checkDeadlineRule(activity, activity.lateBooking.until, at('lateBooking', 'until'), issue);

      checkTariffHistory(activity.id, activity.tariffs, at('tariffs'), issue);
      if (activity.capacity?.bySite) checkSites(activity.id, activity.capacity.bySite, at('capacity', 'bySite'), issue);
    });
    if (file.regie) checkRegieArrete(file.regie, file.activities.map((activity) => activity.id), issue);
    if (file.absences) checkAbsencePolicy(file.absences, file.activities.map((activity) => activity.id), issue);
  });

export type MunicipalityFile = z.infer<typeof MunicipalityFileSchema>;
/** What a file may omit (defaults filled by the schema). */
export type MunicipalityFileInput = z.input<typeof MunicipalityFileSchema>;
