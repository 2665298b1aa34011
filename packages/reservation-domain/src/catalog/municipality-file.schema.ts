import { z } from 'zod';
import { CentsSchema, DEFAULT_MAX_AMOUNT_CENTS } from '../shared/money';
import { IsoDateSchema } from '../shared/iso-date';

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
/** A unit price: whole cents, at most DEFAULT_MAX_AMOUNT_CENTS (1,000,000 €), so totals stay exact integers. */
const PriceCentsSchema = CentsSchema.max(DEFAULT_MAX_AMOUNT_CENTS, `A price is at most ${DEFAULT_MAX_AMOUNT_CENTS} cents (1 000 000 €)`);

export const DaysBeforeRuleSchema = z.strictObject({
  /** At least 1: every deadline falls before the day it closes starts. */
  daysBefore: z.int().min(1).max(365),
  time: TimeSchema,
  workingDays: z.boolean().default(false),
});

export const WeeklyRuleSchema = z.strictObject({
  weekly: z.strictObject({ weekday: WeekdaySchema, time: TimeSchema }),
});

export const DeadlineRuleSchema = z.union([DaysBeforeRuleSchema, WeeklyRuleSchema]);

export const SiblingReductionSchema = z.strictObject({
  fromRank: z.int().min(2).max(20),
  percent: z.int().min(1).max(100),
});

const gridCommon = {
  effectiveFrom: IsoDateSchema,
  nonResidentCents: PriceCentsSchema.optional(),
  siblingReduction: SiblingReductionSchema.optional(),
};

export const BracketSchema = z.strictObject({
  /** Upper bound of the quotient familial, inclusive; null on the last, open-ended bracket. */
  maxQf: z.number().min(0).nullable(),
  priceCents: PriceCentsSchema,
});

export const BracketsGridSchema = z.strictObject({
  ...gridCommon,
  kind: z.literal('brackets'),
  brackets: z.array(BracketSchema).min(1),
});

/** At most 4 decimals, so `rate × 10,000` is an exact integer and pricing never drifts. */
const RatePercentSchema = z
  .number()
  .gt(0)
  .max(100)
  .refine((rate) => Math.abs(rate * 10_000 - Math.round(rate * 10_000)) < 1e-6, 'A rate has at most 4 decimals (e.g. 0.36 for 0,36 %)');

export const EffortGridSchema = z.strictObject({
  ...gridCommon,
  kind: z.literal('effort'),
  /** Percent of the quotient familial: 0.36 means 0,36 % (QF 1 000 → 3,60 €). */
  rate: RatePercentSchema,
  minCents: PriceCentsSchema,
  maxCents: PriceCentsSchema,
});

export const TariffGridSchema = z.discriminatedUnion('kind', [BracketsGridSchema, EffortGridSchema]);

export const ActivitySchema = z.strictObject({
  id: SlugSchema,
  label: LabelSchema,
  weekdays: z.array(WeekdaySchema).min(1),
  deadline: DeadlineRuleSchema,
  cancellationDeadline: DeadlineRuleSchema.optional(),
  tariffs: z.array(TariffGridSchema).min(1),
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

export const MunicipalityFileSchema = z
  .strictObject({
    municipality: MunicipalitySchema,
    /** IANA time zone in which deadlines are read. */
    timezone: z.string().default('Europe/Paris'),
    schoolYear: z.strictObject({ start: IsoDateSchema, end: IsoDateSchema }),
    closedDates: z.array(ClosedDateSchema).default([]),
    activities: z.array(ActivitySchema).min(1),
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

      activity.tariffs.forEach((grid, g) => {
        const previous = activity.tariffs[g - 1];
        if (previous && previous.effectiveFrom >= grid.effectiveFrom) {
          issue(at('tariffs', g, 'effectiveFrom'), `activity "${activity.id}": tariff grids must be sorted by strictly increasing effectiveFrom (${previous.effectiveFrom} then ${grid.effectiveFrom})`);
        }
        if (grid.kind === 'effort') {
          if (grid.minCents > grid.maxCents) issue(at('tariffs', g), `activity "${activity.id}": minCents is above maxCents`);
          return;
        }
        grid.brackets.forEach((bracket, b) => {
          const last = b === grid.brackets.length - 1;
          if (last && bracket.maxQf !== null) issue(at('tariffs', g, 'brackets', b, 'maxQf'), `activity "${activity.id}": the last bracket must have maxQf null (open-ended)`);
          if (!last && bracket.maxQf === null) issue(at('tariffs', g, 'brackets', b, 'maxQf'), `activity "${activity.id}": only the last bracket may have maxQf null`);
          const before = grid.brackets[b - 1];
          if (!before) return;
          if (before.maxQf !== null && bracket.maxQf !== null && bracket.maxQf <= before.maxQf) {
            issue(at('tariffs', g, 'brackets', b, 'maxQf'), `activity "${activity.id}": bracket maxQf must increase (${before.maxQf} then ${bracket.maxQf})`);
          }
          if (bracket.priceCents < before.priceCents) {
            issue(at('tariffs', g, 'brackets', b, 'priceCents'), `activity "${activity.id}": a higher quotient familial cannot pay less (${before.priceCents} then ${bracket.priceCents})`);
          }
        });
      });
    });
  });

export type MunicipalityFile = z.infer<typeof MunicipalityFileSchema>;
/** What a file may omit (defaults filled by the schema). */
export type MunicipalityFileInput = z.input<typeof MunicipalityFileSchema>;
