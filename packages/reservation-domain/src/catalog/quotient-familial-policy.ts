/**
 * R3 — from when a quotient familial prices days. Towns publish three rules: the QF known when
 * the family books (the first brief's rule, the default); a change that applies from the month
 * after its attestation, never back in time; or the QF of a fixed reference date (e.g. 31 March)
 * for the whole school year.
 */
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { daysFromCivil, fromEpochDay, type IsoDate } from '../shared/iso-date';

export const QuotientFamilialPolicySchema = z
  .strictObject({
    appliesFrom: z.enum(['attestation', 'nextMonth', 'referenceDate']).meta({
      description:
        'attestation : le QF connu au moment de la réservation ; nextMonth : un changement vaut à partir du mois suivant son attestation ; referenceDate : le QF en vigueur à la date de référence vaut pour toute l’année scolaire.',
    }),
    /** `MM-DD`, with `referenceDate`: the last such date before the school year starts. */
    referenceDate: z
      .string()
      .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Expected a day of the year "MM-DD", such as "03-31"')
      .optional()
      .meta({ description: 'Avec referenceDate : le jour de référence « MM-JJ » (par exemple « 03-31 »), le dernier avant la rentrée.' }),
  })
  .superRefine((policy, ctx) => {
    if (policy.appliesFrom === 'referenceDate' && policy.referenceDate === undefined) {
      ctx.addIssue({ code: 'custom', path: ['referenceDate'], message: 'appliesFrom "referenceDate" needs a referenceDate "MM-DD"' });
    }
    if (policy.appliesFrom !== 'referenceDate' && policy.referenceDate !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['referenceDate'], message: `referenceDate is only read with appliesFrom "referenceDate" (not "${policy.appliesFrom}"): remove it` });
    }
  });

export type QuotientFamilialPolicy = z.infer<typeof QuotientFamilialPolicySchema>;

/** One attestation of the family's QF, as the person stream records it. */
export interface QuotientFamilialRecord {
  readonly quotientFamilial: number | null;
  /** The attestation's instant (ISO 8601). */
  readonly effectiveAt: string;
}

/** The calendar date of `instant` in `timeZone`. */
function localDate(instant: string, timeZone: string): IsoDate {
  const at = new TZDate(Date.parse(instant), timeZone);
  return fromEpochDay(daysFromCivil(at.getFullYear(), at.getMonth() + 1, at.getDate()));
}

function firstOfNextMonth(date: IsoDate): IsoDate {
  const [year, month] = date.split('-').map(Number);
  return fromEpochDay(month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1));
}

/** The last `MM-DD` on or before `schoolYearStart`. */
function referenceDayBefore(schoolYearStart: IsoDate, monthDay: string): IsoDate {
  const year = Number(schoolYearStart.slice(0, 4));
  const sameYear = `${year}-${monthDay}` as IsoDate;
  return sameYear <= schoolYearStart ? sameYear : (`${year - 1}-${monthDay}` as IsoDate);
}

/**
 * The family's QF for `date` (R3). `current` is the QF known now (used as is under
 * `attestation`, and when no history is given); `history` the attestations, oldest first.
 * Under `nextMonth` a change prices days from the first of the month after its attestation (in
 * the town's time zone), the family's first QF from its attestation day; under `referenceDate`
 * every day of the school year is priced with the QF in force on its reference day. A day before
 * any attestation is priced with the family's first QF.
 */
export function quotientFamilialOnDay(
  policy: QuotientFamilialPolicy | undefined,
  history: readonly QuotientFamilialRecord[] | undefined,
  current: number | null,
  date: IsoDate,
  calendar: { readonly timezone: string; readonly schoolYear: { readonly start: IsoDate } },
): number | null {
  if (policy === undefined || policy.appliesFrom === 'attestation' || !history || history.length === 0) return current;
  const from = history.map((record, i) => {
    const attested = localDate(record.effectiveAt, calendar.timezone);
    return policy.appliesFrom === 'nextMonth' && i > 0 ? firstOfNextMonth(attested) : attested;
  });
  const until = policy.appliesFrom === 'referenceDate' ? referenceDayBefore(calendar.schoolYear.start, policy.referenceDate as string) : date;
  let chosen = history[0].quotientFamilial;
  for (let i = 0; i < history.length; i++) if (from[i] <= until) chosen = history[i].quotientFamilial;
  return chosen;
}
