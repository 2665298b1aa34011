/**
 * Validation of family commands. One table (`FIELDS`) says what each command's data holds; it
 * is compiled twice:
 * - `FamilyCommandSchema`, the zod schema: the reference, and what produces the issues (with
 *   their paths) of an INVALID_COMMAND refusal;
 * - `isWellFormedFamilyCommand`, a plain predicate accepting exactly what the schema accepts
 *   (a property test holds them equal), which `decide` runs first.
 * Why two: zod's generic machinery costs ~1 µs and ~2 KB of garbage for a reservation of three
 * slots, a quarter of the decider's budget (≥ 200,000 commands/s); well-formed commands are
 * the common case, so zod only runs to explain a refusal.
 */
import { z } from 'zod';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, hasCalendarYear, IsoDateSchema, isValidLocalDate, parseDocumentNumber, type IsoDate } from '../shared';
import { IdSchema } from './family.events';
import type { FamilyCommand, FamilyCommandType, Slot } from './family.commands';

const MAX_ID = 200;
const MAX_TEXT = 500;
const MAX_SLOTS = 5000;
const MAX_ACTIVITIES = 50;
const MAX_QF = 1_000_000;

/** A quotient familial in euros; null when the family has given none (→ highest price, R3). */
export const QuotientFamilialSchema = z.number().finite().min(0).max(MAX_QF).nullable();
export const SlotSchema = z.object({ childId: IdSchema, activityId: IdSchema, date: IsoDateSchema });

type Rule =
  | 'id'
  | 'optionalId'
  | 'date'
  | 'text'
  | 'boolean'
  | 'amount'
  | 'provider'
  | 'pricing'
  | 'activityIds'
  | 'slots'
  | 'ticketNumber'
  | 'creditNoteNumber';

/** The fields of each command's data and the rule each obeys. */
const FIELDS: { readonly [T in FamilyCommandType]: Readonly<Record<keyof CommandData<T>, Rule>> } = {
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
  },
  IssuePaymentTicket: { paymentId: 'id', ticketNumber: 'ticketNumber' },
  ExpireOrder: { orderId: 'id' },
  AbandonOrder: { orderId: 'id' },
  CancelReservation: { cancellationId: 'id', creditId: 'id', slots: 'slots' },
  NumberCreditNote: { creditId: 'id', creditNoteNumber: 'creditNoteNumber' },
  GrantGoodwillCredit: { creditId: 'id', amountCents: 'amount', reason: 'text' },
  RefundCredit: { refundId: 'id', amountCents: 'amount', reference: 'text' },
  CloseServiceDay: { activityId: 'id', date: 'date', reason: 'text', cancellationId: 'id', creditId: 'id' },
  RecordPersonalDataErased: { reason: 'text' },
};
type CommandData<T extends FamilyCommandType> = Required<Extract<FamilyCommand, { type: T }>['data']>;

// ---------------------------------------------------------------------------------------------
// Value checks shared by both compilations.

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_ID;
}

function isText(value: unknown): value is string {
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

function isDocumentNumber(value: unknown, prefix: 'R' | 'A'): boolean {
  return typeof value === 'string' && parseDocumentNumber(value)?.prefix === prefix;
}

function isQuotientFamilial(value: unknown): boolean {
  return value === null || (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_QF);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSlot(value: unknown): value is Slot {
  return isPlainObject(value) && isId(value['childId']) && isId(value['activityId']) && isValidLocalDate(value['date']);
}

/** The instant a command is decided at: canonical UTC, in the years the domain accepts (2000–2100). */
function isCommandInstant(value: unknown): value is string {
  return isCanonicalInstant(value) && hasCalendarYear(value);
}

const DATE_MESSAGE = `Expected a calendar date YYYY-MM-DD from ${CALENDAR_MIN_YEAR}-01-01 to ${CALENDAR_MAX_YEAR}-12-31`;

// ---------------------------------------------------------------------------------------------
// The fast predicate.

function fieldOk(rule: Rule, value: unknown): boolean {
  switch (rule) {
    case 'id':
      return isId(value);
    case 'optionalId':
      return value === undefined || isId(value);
    case 'date':
      return isValidLocalDate(value);
    case 'text':
      return isText(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'amount':
      return typeof value === 'number' && Number.isFinite(value);
    case 'provider':
      return value === 'stripe' || value === 'simulated';
    case 'pricing':
      return isPlainObject(value) && isQuotientFamilial(value['quotientFamilial']);
    case 'ticketNumber':
      return isDocumentNumber(value, 'R');
    case 'creditNoteNumber':
      return isDocumentNumber(value, 'A');
    case 'activityIds': {
      if (!Array.isArray(value) || value.length > MAX_ACTIVITIES) return false;
      for (let i = 0; i < value.length; i++) {
        if (!isId(value[i])) return false;
        for (let j = 0; j < i; j++) if (value[j] === value[i]) return false;
      }
      return true;
    }
    case 'slots': {
      if (!Array.isArray(value) || value.length > MAX_SLOTS) return false;
      for (let i = 0; i < value.length; i++) if (!isSlot(value[i])) return false;
      return true;
    }
  }
}

/** Whether `input` is a command `FamilyCommandSchema` accepts. */
export function isWellFormedFamilyCommand(input: unknown): input is FamilyCommand {
  if (!isPlainObject(input)) return false;
  const type = input['type'];
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(FIELDS, type)) return false;
  const metadata = input['metadata'];
  const data = input['data'];
  if (!isPlainObject(metadata) || !isCommandInstant(metadata['now']) || !isPlainObject(data)) return false;
  const rules = FIELDS[type as FamilyCommandType] as Readonly<Record<string, Rule>>;
  for (const field in rules) if (!fieldOk(rules[field], data[field])) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// The zod schema: the shape per rule, then the value rules as one refinement per command (one
// zod check per field would cost ~0.1 µs each), reporting ordinary zod issues with paths.

type Path = (string | number)[];
type Issue = { code: 'custom'; message: string; path: Path; input: unknown };

const SHAPES: Record<Rule, z.ZodType> = {
  id: z.string(),
  optionalId: z.string().optional(),
  date: z.string(),
  text: z.string(),
  boolean: z.boolean(),
  amount: z.number(),
  provider: z.enum(['stripe', 'simulated']),
  pricing: z.object({ quotientFamilial: z.number().nullable() }),
  ticketNumber: z.string(),
  creditNoteNumber: z.string(),
  activityIds: z.array(z.unknown()),
  slots: z.array(z.unknown()),
};

function valueIssues(rule: Rule, value: unknown, path: Path, issues: Issue[]): void {
  const fail = (message: string, at: Path = path) => issues.push({ code: 'custom', message, path: at, input: value });
  switch (rule) {
    case 'id':
    case 'optionalId':
      if (!fieldOk(rule, value)) fail(`Expected an id of 1 to ${MAX_ID} characters`);
      return;
    case 'date':
      if (!isValidLocalDate(value)) fail(DATE_MESSAGE);
      return;
    case 'text':
      if (!isText(value)) fail(`Expected a text of 1 to ${MAX_TEXT} characters`);
      return;
    case 'pricing':
      if (!fieldOk(rule, value)) fail(`Expected a quotient familial from 0 to ${MAX_QF}, or null`, [...path, 'quotientFamilial']);
      return;
    case 'ticketNumber':
      if (!isDocumentNumber(value, 'R')) fail('Expected a number like R-2026-000123');
      return;
    case 'creditNoteNumber':
      if (!isDocumentNumber(value, 'A')) fail('Expected a number like A-2026-000123');
      return;
    case 'activityIds': {
      const ids = value as readonly unknown[];
      if (ids.length > MAX_ACTIVITIES) fail(`At most ${MAX_ACTIVITIES} activities`);
      ids.forEach((id, i) => valueIssues('id', id, [...path, i], issues));
      if (new Set(ids).size !== ids.length) fail('activityIds must not repeat an activity');
      return;
    }
    case 'slots': {
      const slots = value as readonly unknown[];
      if (slots.length > MAX_SLOTS) {
        fail(`At most ${MAX_SLOTS} slots`);
        return;
      }
      slots.forEach((slot, i) => {
        if (!isPlainObject(slot)) {
          fail('Expected a slot { childId, activityId, date }', [...path, i]);
          return;
        }
        valueIssues('id', slot['childId'], [...path, i, 'childId'], issues);
        valueIssues('id', slot['activityId'], [...path, i, 'activityId'], issues);
        valueIssues('date', slot['date'], [...path, i, 'date'], issues);
      });
      return;
    }
    default:
      return; // boolean, amount, provider: the shape says it all (a bad amount is AMOUNT_INVALID or AMOUNT_OUT_OF_BOUNDS)
  }
}

const MetadataSchema = z.object({
  now: z.string().refine(isCommandInstant, `Expected an instant YYYY-MM-DDTHH:MM:SS[.sss]Z (UTC), years ${CALENDAR_MIN_YEAR}-${CALENDAR_MAX_YEAR}`),
});

function commandSchema<T extends FamilyCommandType>(type: T) {
  const rules = FIELDS[type] as Readonly<Record<string, Rule>>;
  const shape = Object.fromEntries(Object.entries(rules).map(([field, rule]) => [field, SHAPES[rule]]));
  return z.object({ type: z.literal(type), data: z.object(shape), metadata: MetadataSchema });
}

const TYPES = Object.keys(FIELDS) as FamilyCommandType[];

/** The reference schema of family commands. Other metadata (correlation ids, actor…) is stripped: decide reads `now` only. */
export const FamilyCommandSchema = z
  .discriminatedUnion(
    'type',
    TYPES.map((type) => commandSchema(type)) as unknown as [ReturnType<typeof commandSchema>, ...ReturnType<typeof commandSchema>[]],
  )
  .superRefine((command, ctx) => {
    const rules = FIELDS[command.type as FamilyCommandType] as Readonly<Record<string, Rule>>;
    const data = command.data as Record<string, unknown>;
    const issues: Issue[] = [];
    for (const field in rules) valueIssues(rules[field], data[field], ['data', field], issues);
    for (const issue of issues) ctx.addIssue(issue);
  }) as unknown as z.ZodType<FamilyCommand>;
