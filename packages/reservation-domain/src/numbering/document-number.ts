import { InvalidArgumentError } from '../shared/invalid-argument.error';

/** R = payment ticket (reçu), A = credit note (avoir), F = attestation fiscale de frais de garde. */
export type DocumentPrefix = 'R' | 'A' | 'F';

export interface DocumentNumber {
  prefix: DocumentPrefix;
  year: number;
  sequence: number;
}

/**
 * 'R-2026-000123': prefix, calendar year, sequence (continuous per year, from 1) on at least 6
 * digits. Beyond 999,999 the sequence simply grows wider; the text stays unique.
 */
export function formatDocumentNumber(prefix: DocumentPrefix, year: number, sequence: number): string {
  if (prefix !== 'R' && prefix !== 'A' && prefix !== 'F') throw new InvalidArgumentError('INVALID_DOCUMENT_NUMBER', `prefix must be R, A or F, got ${JSON.stringify(prefix)}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new InvalidArgumentError('INVALID_DOCUMENT_NUMBER', `year must have 4 digits, got ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new InvalidArgumentError('INVALID_DOCUMENT_NUMBER', `sequence must be an integer >= 1, got ${sequence}`);
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

// Exactly 6 digits, or more without a leading zero: one text per number, so parse∘format = id.
const DOCUMENT_NUMBER = /^([RAF])-([1-9]\d{3})-(\d{6}|[1-9]\d{6,15})$/;

/** Inverse of `formatDocumentNumber`; null for anything it would not have written. */
export function parseDocumentNumber(n: string): DocumentNumber | null {
  const m = typeof n === 'string' ? DOCUMENT_NUMBER.exec(n) : null;
  if (!m) return null;
  const sequence = Number(m[3]);
  if (sequence < 1 || !Number.isSafeInteger(sequence)) return null;
  return { prefix: m[1] as DocumentPrefix, year: Number(m[2]), sequence };
}
