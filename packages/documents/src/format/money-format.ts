import { DocumentInputError } from '../document-input-error';

/**
 * Integer cents → French euro amount: 350 → '3,50 €', 123456 → '1 234,56 €', -500 → '-5,00 €'.
 * Plain spaces (not Intl's narrow no-break space) so the text survives any font and any reader.
 */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) {
    throw new DocumentInputError('formatEuros', [{ path: 'cents', message: `expected integer cents, got ${cents}` }]);
  }
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const euros = Math.floor(absolute / 100).toString();
  const rest = (absolute % 100).toString().padStart(2, '0');
  const grouped = euros.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${grouped},${rest} €`;
}
