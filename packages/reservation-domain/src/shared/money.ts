import { z } from 'zod';
import { InvalidArgumentError } from './invalid-argument.error';

/** Integer euro cents (R1). Never a float: 3,50 € is 350. */
export type Cents = number;

export const CentsSchema = z.int().min(0);

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
