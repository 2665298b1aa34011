import * as E from 'fp-ts/Either';
import type { Either } from 'fp-ts/Either';
import type { Cents } from '../shared/money';
import { isIsoDate, type IsoDate } from '../shared/iso-date';
import { InvalidArgumentError } from '../shared/invalid-argument.error';
import { indexOf } from './catalog-index';
import type { BracketsGrid, Catalog, EffortGrid, Payer, PricingError, SlotPrice, TariffGrid } from './catalog.types';

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

function bracketPrice(grid: BracketsGrid, qf: number): { cents: Cents; label: string } {
  for (let i = 0; i < grid.brackets.length; i++) {
    const { maxQf, priceCents } = grid.brackets[i];
    if (maxQf === null || qf <= maxQf) {
      const previous = grid.brackets[i - 1];
      const label = maxQf !== null ? `qf<=${maxQf}` : previous ? `qf>${previous.maxQf}` : 'qf-any';
      return { cents: priceCents, label };
    }
  }
  // Unreachable for a validated grid (its last bracket is open-ended).
  const last = grid.brackets[grid.brackets.length - 1];
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

function highestPrice(grid: TariffGrid): Cents {
  return grid.kind === 'effort' ? grid.maxCents : Math.max(...grid.brackets.map((b) => b.priceCents));
}

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
 * Unit price of one slot (R3): the grid effective on the slot's date; a non-resident pays the
 * grid's `nonResidentCents` when it sets one; no QF known → the highest price of the grid;
 * otherwise the QF bracket or the taux d'effort (clamped); then the sibling reduction by rank.
 * Rounding is half-up to the cent, on integers.
 */
export function priceSlot(catalog: Catalog, activityId: string, date: IsoDate, payer: Payer): Either<PricingError, SlotPrice> {
  checkPayer(payer);
  if (!isIsoDate(date)) throw new InvalidArgumentError('INVALID_DATE', `not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const entry = indexOf(catalog).activities.get(activityId);
  if (!entry) return E.left({ code: 'NO_TARIFF', message: `unknown activity "${activityId}": no tariff` });
  const grid = gridOn(entry.activity.tariffs, date);
  if (!grid) return E.left({ code: 'NO_TARIFF', message: `no tariff of "${activityId}" is in force on ${date}` });

  let cents: Cents;
  let label: string;
  if (!payer.resident && grid.nonResidentCents !== undefined) {
    cents = grid.nonResidentCents;
    label = 'non-resident';
  } else if (payer.quotientFamilial === null) {
    cents = highestPrice(grid);
    label = 'no-qf';
  } else if (grid.kind === 'effort') {
    cents = effortCents(grid, payer.quotientFamilial);
    label = 'taux-effort';
  } else {
    ({ cents, label } = bracketPrice(grid, payer.quotientFamilial));
  }

  const reduction = grid.siblingReduction;
  if (reduction && payer.childRank >= reduction.fromRank) {
    cents = divideHalfUp(cents * (100 - reduction.percent), 100);
    label += `+rank${reduction.fromRank}-${reduction.percent}%`;
  }
  return E.right({ unitPriceCents: cents, tariff: { effectiveFrom: grid.effectiveFrom, bracket: label } });
}
