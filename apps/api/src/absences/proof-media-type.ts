import type { AbsenceProofType } from '@periscol/reservation-domain';

/**
 * R22: a proof's type read from its first bytes (its « magic number »), never from the client's
 * `Content-Type` nor a file name: a file that says it is a PDF but is not is not accepted.
 * Null: none of the types a proof may be.
 */
export function proofMediaTypeOf(bytes: Uint8Array): AbsenceProofType | null {
  const starts = (...signature: number[]) => bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return null;
}
