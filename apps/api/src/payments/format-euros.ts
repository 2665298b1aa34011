/**
 * `350` → `3,50 €`, `123456` → `1 234,56 €` (French format, integer arithmetic only). Plain
 * spaces, as in the domain and the PDF documents, so every channel shows the same text; HTML
 * keeps amounts on one line with CSS (`white-space: nowrap`).
 */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount must be integer cents, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = Math.trunc(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const rest = (abs % 100).toString().padStart(2, '0');
  return `${sign}${euros},${rest} €`;
}
