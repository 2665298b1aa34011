import { z } from 'zod';
import { InvalidArgumentError } from './invalid-argument.error';

/** Integer euro cents (R1). Never a float: 3,50 € is 350. */
export type Cents = number;

export const CentsSchema = z.int().min(0);

/**
 * Bounds on amounts (R1, R11). Without them one admin typo (a goodwill credit of
 * 9,007,199,254,740,991 cents) leaves the safe integers: later 1-cent credits are lost to
 * floating point and the ledger check fails for good. A town sets its own bounds through
 * `createFamilyDecider({ catalog, holdMinutes, maxAmountCents, maxBalanceCents })`.
 *
 * `DEFAULT_MAX_AMOUNT_CENTS`: the largest amount one command may carry (a goodwill credit, a
 * refund, a reservation's total) and the largest unit price of a catalog — 1,000,000 €.
 */
export const DEFAULT_MAX_AMOUNT_CENTS = 100_000_000;

/**
 * `DEFAULT_MAX_BALANCE_CENTS`: the largest credit a family may hold (balance + credit held by
 * pending orders) after a goodwill credit or a parent's cancellation — 1,000,000 €. Money
 * received (a payment) and a closure's credit are recorded even above it: they are owed.
 */
export const DEFAULT_MAX_BALANCE_CENTS = 100_000_000;

/**
 * The hard ceiling, 10,000,000,000 € (10^12 cents): no configured bound may exceed it, and a
 * payment above it cannot be recorded (refused AMOUNT_OUT_OF_BOUNDS, never silently rounded).
 * 9,000 such amounts still add up exactly (Number.MAX_SAFE_INTEGER ≈ 9.007 × 10^15).
 */
export const MAX_REPRESENTABLE_CENTS = 1_000_000_000_000;

/**
 * French display of an amount: 350 → '3,50 €', 123456 → '1 234,56 €', -350 → '-3,50 €'.
 * Separators are plain spaces, so the text survives every font and every PDF encoding.
 */
export function formatEuros(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) {
    throw new InvalidArgumentError('INVALID_AMOUNT', `amount must be an integer number of cents, got ${cents}`);
  }
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const rest = (abs % 100).toString().padStart(2, '0');
  return `${sign}${euros},${rest} €`;
}
