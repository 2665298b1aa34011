/**
 * What each family command's data holds (`FIELDS`: one rule per field) and the value checks
 * behind each rule. Compiled twice: into the zod reference schema (`../family.command-schema`)
 * and into the fast predicate `isWellFormedFamilyCommand` (`./command-validator`).
 */
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, hasCalendarYear, isValidLocalDate, type IsoDate } from '../../shared';
import { parseDocumentNumber } from '../../numbering/document-number';
import type { FamilyCommand, FamilyCommandType, Slot } from '../family.commands';

export const MAX_ID = 200;
export const MAX_TEXT = 500;
export const MAX_SLOTS = 5000;
export const MAX_ACTIVITIES = 50;
export const MAX_QF = 1_000_000;
/** The credits one refund request may name. */
export const MAX_CREDIT_IDS = 200;

export type Rule =
  | 'id'
  | 'optionalId'
  | 'date'
  | 'text'
  | 'boolean'
  | 'amount'
  | 'provider'
  | 'optionalMethod'
  | 'pricing'
  | 'activityIds'
  | 'creditIds'
  | 'slots'
  | 'ticketNumber'
  | 'creditNoteNumber'
  | 'optionalSchool'
  | 'schools'
  | 'proof';

/** The fields of each command's data and the rule each obeys. */
export const FIELDS: { readonly [T in FamilyCommandType]: Readonly<Record<keyof CommandData<T>, Rule>> } = {
  RegisterFamily: { familyId: 'id', resident: 'boolean' },
  EnrolChild: { childId: 'id', activityIds: 'activityIds' },
  ChangeEnrolment: { childId: 'id', activityIds: 'activityIds' },
  RequestReservation: { orderId: 'id', slots: 'slots', pricing: 'pricing' },
  ConfirmWithCredit: { orderId: 'id' },
  StartPayment: { orderId: 'id', paymentId: 'id', provider: 'provider' },
  ConfirmPayment: {
    paymentId: 'id',
    orderId: 'id',
    provider: 'provider',
    amountCents: 'amount',
    creditId: 'optionalId',
    providerReference: 'optionalId',
    method: 'optionalMethod',
  },
  IssuePaymentTicket: { paymentId: 'id', ticketNumber: 'ticketNumber' },
  ExpireOrder: { orderId: 'id' },
  AbandonOrder: { orderId: 'id' },
  CancelReservation: { cancellationId: 'id', creditId: 'id', slots: 'slots' },
  NumberCreditNote: { creditId: 'id', creditNoteNumber: 'creditNoteNumber' },
  GrantGoodwillCredit: { creditId: 'id', amountCents: 'amount', reason: 'text' },
  AttachUnmatchedPayment: {
    paymentId: 'id',
    orderId: 'id',
    provider: 'provider',
    amountCents: 'amount',
    providerReference: 'id',
    method: 'optionalMethod',
    reason: 'text',
  },
  RefundCredit: { refundId: 'id', amountCents: 'amount', reference: 'text' },
  RequestRefund: { requestId: 'id', amountCents: 'amount', reason: 'text', creditIds: 'creditIds', requestedBy: 'id' },
  ValidateRefundRequest: { requestId: 'id', validatedBy: 'id' },
  RejectRefundRequest: { requestId: 'id', rejectedBy: 'id', reason: 'text' },
  CloseServiceDay: { activityId: 'id', date: 'date', reason: 'text', cancellationId: 'id', creditId: 'id', school: 'optionalSchool', schools: 'schools' },
  RecordPersonalDataErased: { reason: 'text' },
  DeclareAbsence: { absenceId: 'id', childId: 'id', activityId: 'id', date: 'date', proof: 'proof' },
  AcceptAbsence: { absenceId: 'id', acceptedBy: 'id', cancellationId: 'id', creditId: 'id' },
  RefuseAbsence: { absenceId: 'id', refusedBy: 'id', reason: 'text' },
};
type CommandData<T extends FamilyCommandType> = Required<Extract<FamilyCommand, { type: T }>['data']>;

// Value checks shared by both compilations.

export function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_ID;
}

/** A school's name as the person stream holds it (trimmed, 1 to 200 characters). */
export const MAX_SCHOOL = 200;
/** At most this many children's schools travel with a command. */
export const MAX_SCHOOLS = 200;

export function isSchoolName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_SCHOOL && value.trim().length > 0;
}

/** Absent, or each child's school by childId (R14 closures of one school). */
export function isSchools(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isPlainObject(value)) return false;
  let count = 0;
  for (const childId in value) {
    if (!Object.hasOwn(value, childId)) continue;
    if (++count > MAX_SCHOOLS || !isId(childId) || !isSchoolName(value[childId])) return false;
  }
  return true;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * R22: a proof's reference — its SHA-256 (lowercase hex), a media type (which one the town
 * accepts is a rule: PROOF_TYPE_NOT_ACCEPTED), a size in bytes (a positive whole number; its
 * maximum is a rule: PROOF_TOO_LARGE) and a storage id.
 */
export function isProofReference(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const size = value['sizeBytes'];
  const mediaType = value['mediaType'];
  return (
    typeof value['sha256'] === 'string' &&
    SHA256_HEX.test(value['sha256']) &&
    typeof mediaType === 'string' &&
    mediaType.length >= 1 &&
    mediaType.length <= MAX_MEDIA_TYPE &&
    typeof size === 'number' &&
    Number.isSafeInteger(size) &&
    size > 0 &&
    isId(value['storageId'])
  );
}
export const MAX_MEDIA_TYPE = 100;

export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT && value.trim().length > 0;
}

/**
 * 'YYYY-MM-DD', a real calendar date, years 1000–9999: exactly what `IsoDateSchema` (the format
 * of stored events) accepts. Commands accept less: `isValidLocalDate`, years 2000–2100.
 */
export function isCalendarDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * 'YYYY-MM-DDTHH:MM:SS[.f…]Z' with a real date and time: exactly what `InstantSchema`
 * (zod's ISO datetime, UTC only) accepts.
 */
export function isCanonicalInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const n = value.length;
  if (n < 20 || value.charCodeAt(n - 1) !== 90 || value.charCodeAt(10) !== 84) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hours = digitsAt(value, 11, 2);
  const minutes = digitsAt(value, 14, 2);
  const seconds = digitsAt(value, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return false;
  if (n === 20) return true;
  return value.charCodeAt(19) === 46 && n > 21 && digitsAt(value, 20, n - 21) >= 0;
}

function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isDocumentNumber(value: unknown, prefix: 'R' | 'A'): boolean {
  return typeof value === 'string' && parseDocumentNumber(value)?.prefix === prefix;
}

export function isQuotientFamilial(value: unknown): boolean {
  return value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_QF);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isSlot(value: unknown): value is Slot {
  return isPlainObject(value) && isId(value['childId']) && isId(value['activityId']) && isValidLocalDate(value['date']);
}

/** The instant a command is decided at: canonical UTC, in the years the domain accepts (2000–2100). */
export function isCommandInstant(value: unknown): value is string {
  return isCanonicalInstant(value) && hasCalendarYear(value);
}

export const DATE_MESSAGE = `Expected a calendar date YYYY-MM-DD from ${CALENDAR_MIN_YEAR}-01-01 to ${CALENDAR_MAX_YEAR}-12-31`;

/** At most this many QF attestations travel with a command. */
export const MAX_QF_HISTORY = 200;

/** A pricing's QF history: absent, or attestations `{ quotientFamilial, effectiveAt }` oldest first. */
export function isQuotientFamilialHistory(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value) || value.length > MAX_QF_HISTORY) return false;
  let previous = -Infinity;
  for (const record of value) {
    if (!isPlainObject(record) || !isQuotientFamilial(record['quotientFamilial']) || typeof record['effectiveAt'] !== 'string') return false;
    const at = Date.parse(record['effectiveAt']);
    if (!Number.isFinite(at) || at < previous) return false;
    previous = at;
  }
  return true;
}
