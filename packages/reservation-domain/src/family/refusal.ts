import { left, type Left } from 'fp-ts/Either';

/**
 * Every code a decider of this package may refuse with. Stable: the API maps each to an HTTP
 * status in one exhaustive table, clients switch on them.
 */
export const REFUSAL_CODES = [
  'INVALID_COMMAND', // the command failed its zod schema (details: the issues)
  'FAMILY_NOT_REGISTERED',
  'FAMILY_ALREADY_REGISTERED', // registered with other content
  'CHILD_ALREADY_ENROLLED', // EnrolChild again with other activities (use ChangeEnrolment)
  'UNKNOWN_CHILD',
  'NOT_ENROLLED', // the child is not enrolled in the slot's activity
  'UNKNOWN_ACTIVITY',
  'NOT_SERVED', // the activity does not serve that weekday
  'OUTSIDE_SCHOOL_YEAR',
  'DAY_CLOSED', // holiday or closure
  'DEADLINE_PASSED', // reservation (or cancellation) deadline of the slot
  'SLOT_TAKEN', // already reserved or pending
  'DUPLICATE_SLOT', // the same slot twice in one request
  'EMPTY_REQUEST',
  'NOT_RESERVED', // cancelling a slot this family has not confirmed
  'SLOT_PENDING', // cancelling a slot held by a pending order (abandon the order instead)
  'UNKNOWN_ORDER',
  'ORDER_NOT_PENDING', // confirmed, expired, or past its hold
  'ACTION_NOT_ALLOWED', // « OK » on an order with something to pay, payment of an order with nothing to pay
  'ORDER_NOT_EXPIRED', // ExpireOrder before expiresAt
  'AMOUNT_INVALID', // not a positive integer number of cents
  'AMOUNT_OUT_OF_BOUNDS', // above the town's maxAmountCents / maxBalanceCents, or a payment above MAX_REPRESENTABLE_CENTS
  'INSUFFICIENT_CREDIT', // refund above the balance
  'NO_TARIFF', // no grid effective on the slot's date
  'ID_CONFLICT', // an id already used for different content
  'UNKNOWN_PAYMENT',
  'PAYMENT_NOT_CONFIRMED', // a ticket for a payment not confirmed yet
  'UNKNOWN_CREDIT',
  'PERSON_NOT_RECORDED', // person stream: child or QF before the family's identity
  'PERSONAL_DATA_ERASED', // R17: something recorded about a family whose personal data was erased
  'EFFECTIVE_DATE_IN_FUTURE', // R3: a QF dated after now (the person stream keeps one current QF, not a schedule)
  'ORDERS_PENDING', // R17 erasure: an order still awaits payment or « OK » (paid or abandoned first)
  'CREDIT_BALANCE_NOT_ZERO', // R17 erasure: credit is left (refunded first, R15)
  'RESERVATIONS_UPCOMING', // R17 erasure: a reserved day today or later in the town's time zone (cancelled first)
  'INVALID_WEEK', // read models: an ISO week that does not exist or lies outside 2000–2100 (parseIsoWeek)
  'INVALID_DATE', // read models: a date that does not exist or lies outside 2000–2100 (parseLocalDate)
  'UNKNOWN_REFUND_REQUEST', // R19: validating or rejecting a refund request this family does not have
  'REFUND_REQUEST_NOT_PENDING', // R19: the request was already validated or rejected (by someone else, or otherwise)
  'REFUND_SELF_VALIDATION', // R19: the person who asked for a refund cannot validate or reject it
  'REGIE_DAY_NOT_OVER', // R18: closing a day of the journal that is not over in the town's time zone
  'REGIE_DAY_ALREADY_CLOSED', // R18: a day of the journal is closed once
  'REGIE_DAY_OUT_OF_ORDER', // R18: days close in order, the day after the last one closed
  'RECEIPTS_NOT_NUMBERED', // R18: a payment of the day still awaits its receipt number (R8): retry
  'ATTENDANCE_DAY_IN_FUTURE', // R20: a day not come yet in the town's time zone cannot be pointed
  'ATTENDANCE_MARK_CHANGED', // R20: another agent changed a child's mark since the list was read
  'TAX_YEAR_NOT_OVER', // R21: a tax certificate speaks for a whole year, asked for once it is over
  'NO_TAX_CERTIFICATE', // R21: no child under six on 1 January with childcare paid in the year
  'UNKNOWN_UNMATCHED_PAYMENT', // R7: attaching a payment the unmatched-payments stream does not hold
  'UNMATCHED_PAYMENT_ALREADY_ATTACHED', // R7: an unmatched payment is attached to a family once
  'PAYMENT_METHOD_NOT_ACCEPTED', // R18: a payment started with a provider the régie's arrêté does not accept
  'REVENUE_TYPE_NOT_IN_REGIE', // R18: a payment started for an activity the régie's arrêté does not collect
  'ABSENCE_NOT_ALLOWED', // R22: the town's rule takes no absence for this activity (or the town has none)
  'ABSENCE_BEFORE_DEADLINE', // R22: the day may still be cancelled (R9): cancel it instead
  'ABSENCE_TOO_LATE', // R22: past the days of grace after the absent day
  'ABSENCE_ALREADY_DECLARED', // R22: an absence of this day awaits its decision
  'UNKNOWN_ABSENCE', // R22: deciding an absence this family has not declared
  'ABSENCE_ALREADY_DECIDED', // R22: accepted or refused already, otherwise
  'PROOF_TYPE_NOT_ACCEPTED', // R22: a proof of a type the town does not accept
  'PROOF_TOO_LARGE', // R22: a proof above the town's maximum size
  'DAY_FULL', // R23: every place of the day is taken (the family may join the waiting list)
  'PLACE_LEFT', // R23: joining the waiting list of a day with a place left for the child (book it)
  'NOT_WAITING', // R23: withdrawing a child that is not on the day's waiting list
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
  readonly details?: unknown;
}

export function refuse(code: RefusalCode, message: string, details?: unknown): Left<Refusal> {
  return left(details === undefined ? { code, message } : { code, message, details }) as Left<Refusal>;
}

export function isRefusalCode(value: unknown): value is RefusalCode {
  return typeof value === 'string' && (REFUSAL_CODES as readonly string[]).includes(value);
}
