import * as E from 'fp-ts/Either';
import type { Either } from 'fp-ts/Either';
import type { Cents } from '../shared/money';
import { isIsoDate, type IsoDate } from '../shared/iso-date';
import { InvalidArgumentError } from '../shared/invalid-argument.error';
import { indexOf } from './catalog-index';
import type { Bracket, Catalog, DaysPerWeekReduction, EffortGrid, Payer, PriceTable, PricingError, SchoolLevel, SlotPrice, SlotUsage, TariffGrid } from './catalog.types';

/** `numerator / denominator` rounded half-up, both non-negative integers: exact, no float drift. */
function divideHalfUp(numerator: number, denominator: number): number {
  const quotient = Math.floor(numerator / denominator);
  const remainder = numerator - quotient * denominator;
  return 2 * remainder >= denominator ? quotient + 1 : quotient;
}

/** The grid in force on `date`: the latest one whose effectiveFrom is on or before it. */
export function gridOn(grids: readonly TariffGrid[], date: IsoDate): TariffGrid | undefined {
  for (let i = grids.length - 1; i >= 0; i--) {
    if (grids[i].effectiveFrom <= date) return grids[i];
  }
  return undefined;
}

function bracketPrice(brackets: readonly Bracket[], qf: number): { cents: Cents; label: string } {
  for (let i = 0; i < brackets.length; i++) {
    const { maxQf, priceCents } = brackets[i];
    if (maxQf === null || qf <= maxQf) {
      const previous = brackets[i - 1];
      const label = maxQf !== null ? `qf<=${maxQf}` : previous ? `qf>${previous.maxQf}` : 'qf-any';
      return { cents: priceCents, label };
    }
  }
  // Unreachable for a validated grid (its last bracket is open-ended).
  const last = brackets[brackets.length - 1];
  return { cents: last.priceCents, label: 'qf-any' };
}

/**
 * QF × rate %, in cents: QF euros × rate / 100 = euros, × 100 = cents, so cents = QF × rate.
 * Computed on integers: QF in hundredths × rate in ten-thousandths, divided by 10^6, half-up.
 */
export function effortCents(grid: Pick<EffortGrid, 'rate' | 'minCents' | 'maxCents'>, qf: number): Cents {
  const qfHundredths = Math.round(qf * 100);
  const rateTenThousandths = Math.round(grid.rate * 10_000);
  const cents = divideHalfUp(qfHundredths * rateTenThousandths, 1_000_000);
  return Math.min(grid.maxCents, Math.max(grid.minCents, cents));
}

function highestPrice(brackets: readonly Bracket[]): Cents {
  return Math.max(...brackets.map((b) => b.priceCents));
}

/** A price table (fixed or QF brackets) for this QF; no QF known → its highest price. */
function tablePrice(table: PriceTable, qf: number | null): { cents: Cents; label: string } {
  if ('priceCents' in table) return { cents: table.priceCents, label: 'fixe' };
  if (qf === null) return { cents: highestPrice(table.brackets), label: 'no-qf' };
  return bracketPrice(table.brackets, qf);
}

/** The grid's own price for this QF: brackets or taux d'effort; no QF known → its highest price. */
function gridPrice(grid: TariffGrid, qf: number | null): { cents: Cents; label: string } {
  if (qf === null) return { cents: grid.kind === 'effort' ? grid.maxCents : highestPrice(grid.brackets), label: 'no-qf' };
  if (grid.kind === 'effort') return { cents: effortCents(grid, qf), label: 'taux-effort' };
  return bracketPrice(grid.brackets, qf);
}

/** Takes `percent` % off, half-up to the cent. */
function reduced(cents: Cents, percent: number): Cents {
  return divideHalfUp(cents * (100 - percent), 100);
}

/** Adds `percent` %, half-up to the cent. */
function withSurcharge(cents: Cents, percent: number): Cents {
  return divideHalfUp(cents * (100 + percent), 100);
}

/** The days-per-week reduction reached (the highest fromDays at most `days`). */
function weekReduction(steps: readonly DaysPerWeekReduction[], days: number): DaysPerWeekReduction | undefined {
  let reached: DaysPerWeekReduction | undefined;
  for (const step of steps) if (days >= step.fromDays) reached = step;
  return reached;
}

const NO_USAGE: SlotUsage = { daysInWeek: 1, paidCentsInMonth: 0 };

function checkPayer(payer: Payer): void {
  const qf = payer?.quotientFamilial;
  if (qf !== null && !(typeof qf === 'number' && Number.isFinite(qf) && qf >= 0 && qf <= 1_000_000)) {
    throw new InvalidArgumentError('INVALID_PAYER', `quotientFamilial must be null or a number in [0, 1000000], got ${qf}`);
  }
  if (!Number.isSafeInteger(payer.childRank) || payer.childRank < 1) {
    throw new InvalidArgumentError('INVALID_PAYER', `childRank is 1-based, got ${payer.childRank}`);
  }
  if (typeof payer.resident !== 'boolean') throw new InvalidArgumentError('INVALID_PAYER', 'resident must be a boolean');
}

/**
 * Unit price of one slot (R3, docs/rules.md), with the grid effective on the slot's date:
 * 1. the base price, from the first table that applies: the PAI table (child under a medical
 *    protocol), the occasional table (fewer days that week than `regularFromDaysPerWeek`), the
 *    legacy `nonResidentCents` or the non-resident table, the child's school-level table, else the
 *    grid's own brackets or taux d'effort (clamped). No QF known → the table's highest price;
 * 2. a non-resident surcharge (`nonResident.surchargePercent`);
 * 3. the days-per-week reduction reached;
 * 4. the sibling reduction by rank (a percent, or a lower fixed price), unless the QF is at most
 *    its `exceptQfUpTo`;
 * 5. the monthly cap: at most what is left under `monthlyCapCents` after the month's held days.
 * Each percentage is applied in this order and rounded half-up to the cent, on integers. The
 * label names the bracket then each rule applied ('qf<=700+maternelle+rank3-50%'); it is frozen
 * in the reservation and read back by `tariffReasons`.
 */
export function priceSlot(catalog: Catalog, activityId: string, date: IsoDate, payer: Payer): Either<PricingError, SlotPrice> {
  checkPayer(payer);
  if (!isIsoDate(date)) throw new InvalidArgumentError('INVALID_DATE', `not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const entry = indexOf(catalog).activities.get(activityId);
  if (!entry) return E.left({ code: 'NO_TARIFF', message: `unknown activity "${activityId}": no tariff` });
  const grid = gridOn(entry.activity.tariffs, date);
  if (!grid) return E.left({ code: 'NO_TARIFF', message: `no tariff of "${activityId}" is in force on ${date}` });

  const qf = payer.quotientFamilial;
  const needsUsage = grid.occasional !== undefined || grid.daysPerWeekReductions !== undefined || grid.monthlyCapCents !== undefined;
  const usage = needsUsage && payer.usage ? payer.usage() : NO_USAGE;
  const nonResident = !payer.resident ? grid.nonResident : undefined;
  const levelTable = payer.schoolLevel ? grid.schoolLevels?.[payer.schoolLevel] : undefined;

  let base: { cents: Cents; label: string };
  const tags: string[] = [];
  if (payer.medicalProtocol === true && grid.medicalProtocol) {
    base = tablePrice(grid.medicalProtocol, qf);
    tags.push('pai');
  } else if (grid.occasional && usage.daysInWeek < grid.occasional.regularFromDaysPerWeek) {
    base = tablePrice(grid.occasional, qf);
    tags.push('occasionnel');
  } else if (!payer.resident && grid.nonResidentCents !== undefined) {
    base = { cents: grid.nonResidentCents, label: 'non-resident' };
  } else if (nonResident && !('surchargePercent' in nonResident)) {
    base = tablePrice(nonResident, qf);
    tags.push('hors-commune');
  } else if (levelTable) {
    base = tablePrice(levelTable, qf);
    tags.push(payer.schoolLevel as SchoolLevel);
  } else {
    base = gridPrice(grid, qf);
  }
  let cents = base.cents;

  if (nonResident && 'surchargePercent' in nonResident) {
    cents = withSurcharge(cents, nonResident.surchargePercent);
    tags.push(`hors-commune-plus${nonResident.surchargePercent}%`);
  }
  const week = grid.daysPerWeekReductions ? weekReduction(grid.daysPerWeekReductions, usage.daysInWeek) : undefined;
  if (week) {
    cents = reduced(cents, week.percent);
    tags.push(`${week.fromDays}j-${week.percent}%`);
  }
  const sibling = grid.siblingReduction;
  const siblingExcepted = sibling?.exceptQfUpTo !== undefined && qf !== null && qf <= sibling.exceptQfUpTo;
  if (sibling && payer.childRank >= sibling.fromRank && !siblingExcepted) {
    if (sibling.percent !== undefined) {
      cents = reduced(cents, sibling.percent);
      tags.push(`rank${sibling.fromRank}-${sibling.percent}%`);
    } else if (sibling.priceCents !== undefined && sibling.priceCents < cents) {
      cents = sibling.priceCents;
      tags.push(`rank${sibling.fromRank}-prix`);
    }
  }
  if (grid.monthlyCapCents !== undefined) {
    const left = Math.max(0, grid.monthlyCapCents - usage.paidCentsInMonth);
    if (left < cents) {
      cents = left;
      tags.push('plafond-mensuel');
    }
  }
  const label = [base.label, ...tags].join('+');
  return E.right({ unitPriceCents: cents, tariff: { effectiveFrom: grid.effectiveFrom, bracket: label } });
}
