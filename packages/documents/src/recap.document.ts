import { DEFAULT_TIME_ZONE, DocumentParties, nameOrErased } from './document-inputs';
import { formatInstant, formatInstantOrdinal, formatLongDate, formatLongDateOrdinal, formatMonth, formatShortDate, parseInstant } from './format/date-format';
import { formatEuros } from './format/money-format';
import { epochDayOf, IsoDate, isIsoDate, monthsOfPeriod, yearMonthOf } from './format/iso-date';
import { InputChecks } from './input-checks';
import { Column, DocumentBuilder, HOLIDAY_FILL, INK, MUTED, RESERVED_FILL } from './pdf/document-builder';
import { drawDocumentHeader } from './pdf/document-header';
import { drawMonthGrid, MONTH_GRID_HEIGHT } from './pdf/month-grid';

export interface RecapActivity {
  readonly activityLabel: string;
  /** Reserved (confirmed) days of this child for this activity, inside the period. */
  readonly dates: readonly IsoDate[];
  /** What these days cost, at the prices they were reserved at. */
  readonly totalCents: number;
}

export interface RecapChild {
  readonly childId: string;
  /** null once erased (R17). */
  readonly childName: string | null;
  readonly activities: readonly RecapActivity[];
}

/** A period the service is closed: school holidays, a bank holiday (the municipality file's closed dates). */
export interface RecapHoliday {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly label: string;
}

/**
 * How a recap is laid out. A recap already issued is regenerated with the layout it was issued
 * with, so its bytes never change; new recaps use `RECAP_LAYOUT`.
 * - 1: the first layout (no holidays, « 1 décembre »).
 * - 2: school holidays shaded in the calendars and listed in words, « 1er » for the first of a month.
 */
export type RecapLayout = 1 | 2;
/** The layout of recaps issued from now on. */
export const RECAP_LAYOUT: RecapLayout = 2;

export interface RecapInput extends DocumentParties {
  /** Inclusive, at most 366 days. */
  readonly period: { readonly from: IsoDate; readonly to: IsoDate };
  readonly children: readonly RecapChild[];
  /** The instant the document speaks for, from the events (e.g. the last one it reflects). */
  readonly issuedAt: string;
  /** Default 1, the layout of the recaps issued before layouts were numbered. */
  readonly layout?: RecapLayout;
  /** Layout 2: the closed periods to shade (those outside the period are ignored); ignored by layout 1. */
  readonly holidays?: readonly RecapHoliday[];
}

export const RECAP_TITLE = 'Récapitulatif des inscriptions périscolaires';
export const RECAP_MAX_DAYS = 366;

const GRIDS_PER_ROW = 3;
const GRID_GAP = 14;

function check(input: RecapInput): void {
  const checks = new InputChecks('renderRecap');
  checks.parties(input);
  checks.instant('issuedAt', input.issuedAt);
  if (input.layout !== undefined && input.layout !== 1 && input.layout !== 2) checks.fail('layout', `unknown layout ${String(input.layout)} (expected 1 or 2)`);
  if (input.layout === 2 && input.holidays !== undefined && checks.array('holidays', input.holidays)) {
    input.holidays.forEach((holiday, h) => {
      const at = `holidays[${h}]`;
      if (!checks.object(at, holiday)) return;
      checks.isoDate(`${at}.from`, holiday.from);
      checks.isoDate(`${at}.to`, holiday.to);
      checks.text(`${at}.label`, holiday.label);
      if (isIsoDate(holiday.from) && isIsoDate(holiday.to) && holiday.from > holiday.to) checks.fail(at, 'from is after to');
    });
  }
  let from: number | null = null;
  let to: number | null = null;
  if (checks.object('period', input.period)) {
    checks.isoDate('period.from', input.period.from);
    checks.isoDate('period.to', input.period.to);
    if (isIsoDate(input.period.from) && isIsoDate(input.period.to)) {
      const start = epochDayOf(input.period.from);
      const end = epochDayOf(input.period.to);
      if (start > end) checks.fail('period', 'from is after to');
      else if (end - start + 1 > RECAP_MAX_DAYS) checks.fail('period', `longer than ${RECAP_MAX_DAYS} days`);
      else [from, to] = [start, end];
    }
  }
  if (checks.array('children', input.children)) {
    input.children.forEach((child, c) => {
      const at = `children[${c}]`;
      if (!checks.object(at, child)) return;
      checks.text(`${at}.childId`, child.childId);
      checks.nullableText(`${at}.childName`, child.childName);
      if (!checks.array(`${at}.activities`, child.activities)) return;
      child.activities.forEach((activity, a) => {
        const path = `${at}.activities[${a}]`;
        if (!checks.object(path, activity)) return;
        checks.text(`${path}.activityLabel`, activity.activityLabel);
        checks.cents(`${path}.totalCents`, activity.totalCents);
        if (!checks.array(`${path}.dates`, activity.dates)) return;
        const seen = new Set<string>();
        activity.dates.forEach((date, d) => {
          if (!isIsoDate(date)) return checks.isoDate(`${path}.dates[${d}]`, date);
          if (seen.has(date)) checks.fail(`${path}.dates[${d}]`, `${date} listed twice`);
          seen.add(date);
          const day = epochDayOf(date);
          if (from !== null && to !== null && (day < from || day > to)) checks.fail(`${path}.dates[${d}]`, `${date} is outside the period`);
        });
      });
    });
  }
  checks.done();
}

/** A, B, … Z, AA, AB …: one letter per activity label across the whole recap. */
function letterOf(index: number): string {
  let n = index;
  let letters = '';
  do {
    letters = String.fromCharCode(65 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return letters;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count > 1 ? 's' : ''}`;
}

/** '1, 2, 4' per month (layout 2: '1er, 2, 4'): the accessible, searchable twin of the month grids. */
function datesByMonth(dates: readonly IsoDate[], layout: RecapLayout): { label: string; days: string }[] {
  const groups = new Map<string, string[]>();
  for (const date of [...dates].sort()) {
    const key = date.slice(0, 7);
    const days = groups.get(key) ?? [];
    const day = Number(date.slice(8, 10));
    days.push(layout >= 2 && day === 1 ? '1er' : String(day));
    groups.set(key, days);
  }
  return [...groups].map(([key, days]) => ({ label: formatMonth(yearMonthOf(`${key}-01`)), days: days.join(', ') }));
}

/** The holidays that touch the period, clipped to it, in order: each day shaded, each period said in words. */
function holidaysWithin(holidays: readonly RecapHoliday[], from: number, to: number): { days: Set<number>; periods: RecapHoliday[] } {
  const days = new Set<number>();
  const periods: RecapHoliday[] = [];
  for (const holiday of [...holidays].sort((a, b) => a.from.localeCompare(b.from))) {
    const start = Math.max(from, epochDayOf(holiday.from));
    const end = Math.min(to, epochDayOf(holiday.to));
    if (start > end) continue;
    for (let day = start; day <= end; day++) days.add(day);
    periods.push(holiday);
  }
  return { days, periods };
}

function holidaySentence(holiday: RecapHoliday): string {
  if (holiday.from === holiday.to) return `${holiday.label} (${formatLongDateOrdinal(holiday.from)})`;
  return `${holiday.label} (du ${formatLongDateOrdinal(holiday.from)} au ${formatLongDateOrdinal(holiday.to)})`;
}

/**
 * *Récapitulatif des inscriptions périscolaires*: per child and activity, the reserved days
 * (as text by month and as month calendars), their count and total. Flows over as many pages
 * as the period needs.
 */
export async function renderRecap(input: RecapInput): Promise<Uint8Array> {
  check(input);
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const layout: RecapLayout = input.layout ?? 1;
  const longDate = layout >= 2 ? formatLongDateOrdinal : formatLongDate;
  const instant = layout >= 2 ? formatInstantOrdinal : formatInstant;
  const { period } = input;
  const from = epochDayOf(period.from);
  const to = epochDayOf(period.to);
  const holidays = layout >= 2 ? holidaysWithin(input.holidays ?? [], from, to) : null;
  const shadesHolidays = holidays !== null && holidays.periods.length > 0;
  const letters = new Map<string, string>();
  for (const child of input.children) {
    for (const activity of child.activities) {
      if (!letters.has(activity.activityLabel)) letters.set(activity.activityLabel, letterOf(letters.size));
    }
  }

  const builder = await DocumentBuilder.start({
    kind: 'recap',
    reference: `Famille ${input.family.familyId}, ${formatShortDate(period.from)} – ${formatShortDate(period.to)}`,
    title: RECAP_TITLE,
    subject: `Inscriptions du ${formatShortDate(period.from)} au ${formatShortDate(period.to)}`,
    author: input.municipality.name,
    issuedAtMs: parseInstant(input.issuedAt) as number,
  });
  drawDocumentHeader(builder, {
    municipality: input.municipality,
    title: RECAP_TITLE,
    fields: [
      ['Famille', `${nameOrErased(input.family.name)} (réf. ${input.family.familyId})`],
      ['Période', `du ${longDate(period.from)} au ${longDate(period.to)}`],
      ['Document émis le', instant(input.issuedAt, timeZone)],
    ],
  });

  // Summary: one row per child and activity.
  builder.line('Synthèse', { size: 13, bold: true, lineHeight: 20 });
  const rows: string[][] = [];
  let totalDays = 0;
  let totalCents = 0;
  for (const child of input.children) {
    for (const activity of child.activities) {
      rows.push([nameOrErased(child.childName), `${letters.get(activity.activityLabel)} — ${activity.activityLabel}`, String(activity.dates.length), formatEuros(activity.totalCents)]);
      totalDays += activity.dates.length;
      totalCents += activity.totalCents;
    }
  }
  if (rows.length === 0) {
    builder.paragraph('Aucune réservation sur la période.', { size: 10, color: MUTED });
  } else {
    const columns: Column[] = [
      { header: 'Enfant', width: 150 },
      { header: 'Activité', width: 210 },
      { header: 'Jours', width: 50, align: 'right' },
      { header: 'Montant', width: builder.contentWidth - 410, align: 'right' },
    ];
    builder.table(columns, rows);
    builder.gap(4);
    builder.totals([{ label: `Total (${plural(totalDays, 'jour')})`, value: formatEuros(totalCents), strong: true }]);
  }
  if (holidays && holidays.periods.length > 0) {
    builder.gap(8);
    builder.paragraph(`Service fermé sur la période (cases bleues des calendriers) : ${holidays.periods.map(holidaySentence).join(' ; ')}.`, { size: 9, lineHeight: 12 });
  }

  input.children.forEach((child) => {
    builder.gap(14);
    // Keep a child's name with at least its first lines.
    builder.ensureSpace(70);
    const childName = nameOrErased(child.childName);
    builder.line(childName, { size: 13, bold: true, lineHeight: 19 });
    builder.continuation = () => builder.line(`${childName} (suite)`, { size: 11, bold: true, lineHeight: 17 });
    if (child.activities.length === 0) {
      builder.paragraph('Aucune activité réservée sur la période.', { size: 9.5, color: MUTED });
      builder.continuation = null;
      return;
    }
    const lettersByDay = new Map<number, Set<string>>();
    for (const activity of child.activities) {
      const letter = letters.get(activity.activityLabel) as string;
      builder.ensureSpace(30);
      builder.line(`${letter} — ${activity.activityLabel} : ${plural(activity.dates.length, 'jour')}, ${formatEuros(activity.totalCents)}`, { size: 10, bold: true, lineHeight: 15 });
      if (activity.dates.length === 0) builder.line('Aucun jour réservé.', { size: 8.5, color: MUTED, x: builder.left + 14, lineHeight: 12 });
      for (const group of datesByMonth(activity.dates, layout)) {
        builder.paragraph(`${group.label}\u00a0: ${group.days}`, { size: 8.5, x: builder.left + 14, lineHeight: 12 });
      }
      builder.gap(4);
      for (const date of activity.dates) {
        const day = epochDayOf(date);
        const set = lettersByDay.get(day) ?? new Set<string>();
        set.add(letter);
        lettersByDay.set(day, set);
      }
    }
    const marks = new Map<number, string>();
    for (const [day, set] of lettersByDay) {
      const dayLetters = [...set];
      marks.set(day, dayLetters.join(dayLetters.some((l) => l.length > 1) ? ' ' : ''));
    }

    builder.gap(6);
    builder.ensureSpace((shadesHolidays ? 40 : 26) + MONTH_GRID_HEIGHT);
    legend(builder, shadesHolidays);
    const months = monthsOfPeriod(period.from, period.to);
    const gridWidth = (builder.contentWidth - GRID_GAP * (GRIDS_PER_ROW - 1)) / GRIDS_PER_ROW;
    for (let i = 0; i < months.length; i += GRIDS_PER_ROW) {
      builder.ensureSpace(MONTH_GRID_HEIGHT + 8);
      months.slice(i, i + GRIDS_PER_ROW).forEach((month, j) => {
        drawMonthGrid(builder, builder.left + j * (gridWidth + GRID_GAP), builder.y, gridWidth, { month, marks, from, to, ...(shadesHolidays ? { holidays: holidays.days } : {}) });
      });
      builder.gap(MONTH_GRID_HEIGHT + 8);
    }
    builder.continuation = null;
  });
  return builder.finish();
}

function legend(builder: DocumentBuilder, withHolidays: boolean): void {
  const size = 8;
  const baseline = builder.y - size - 2;
  builder.rect(builder.left, baseline - 2, 16, 10, RESERVED_FILL);
  builder.text('A', builder.left + 8, baseline, { size, bold: true, align: 'center', color: INK });
  builder.text(
    'Jour réservé : la lettre de chaque activité réservée ce jour-là (voir ci-dessus). Case grisée : hors période.',
    builder.left + 22,
    baseline,
    { size, color: MUTED, maxWidth: builder.contentWidth - 22 },
  );
  if (withHolidays) {
    builder.gap(14);
    const next = builder.y - size - 2;
    builder.rect(builder.left, next - 2, 16, 10, HOLIDAY_FILL);
    builder.text('Case bleue : vacances scolaires ou jour férié, service fermé (liste ci-dessus).', builder.left + 22, next, { size, color: MUTED, maxWidth: builder.contentWidth - 22 });
  }
  builder.gap(18);
}
