/**
 * The reference zod schema of family commands: what produces the issues (with their paths) of an
 * INVALID_COMMAND refusal. The field table it is compiled from, and the fast predicate `decide`
 * runs first (`isWellFormedFamilyCommand`, accepting exactly the same commands), are under
 * ./internal.
 */
import { z } from 'zod';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, IsoDateSchema, isValidLocalDate } from '../shared';
import type { FamilyCommand, FamilyCommandType } from './family.commands';
import { IdSchema } from './family.event-schemas';
import {
  DATE_MESSAGE,
  FIELDS,
  isCommandInstant,
  isDocumentNumber,
  isPlainObject,
  isQuotientFamilialHistory,
  isText,
  MAX_ACTIVITIES,
  MAX_CREDIT_IDS,
  MAX_ID,
  MAX_QF,
  MAX_SCHOOL,
  MAX_SCHOOLS,
  MAX_SLOTS,
  MAX_TEXT,
  type Rule,
} from './internal/command-fields';
import { fieldOk } from './internal/command-validator';

/** A quotient familial in euros; null when the family has given none (→ highest price, R3). */
export const QuotientFamilialSchema = z.number().finite().min(0).max(MAX_QF).nullable();
export const SlotSchema = z.object({ childId: IdSchema, activityId: IdSchema, date: IsoDateSchema });

// The shape per rule, then the value rules as one refinement per command (one
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
  provider: z.enum(['stripe', 'simulated', 'payfip']),
  optionalMethod: z.enum(['card', 'direct_debit']).optional(),
  pricing: z.object({ quotientFamilial: z.number().nullable() }),
  ticketNumber: z.string(),
  creditNoteNumber: z.string(),
  activityIds: z.array(z.unknown()),
  creditIds: z.array(z.unknown()),
  slots: z.array(z.unknown()),
  optionalSchool: z.string().optional(),
  schools: z.record(z.string(), z.unknown()).optional(),
  proof: z.object({ sha256: z.string(), mediaType: z.string(), sizeBytes: z.number(), storageId: z.string() }),
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
      if (!fieldOk(rule, value)) {
        const historyOk = isPlainObject(value) && isQuotientFamilialHistory(value['quotientFamilialHistory']);
        if (!historyOk) fail('Expected quotientFamilialHistory: attestations { quotientFamilial, effectiveAt } in time order', [...path, 'quotientFamilialHistory']);
        else fail(`Expected a quotient familial from 0 to ${MAX_QF}, or null`, [...path, 'quotientFamilial']);
      }
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
    case 'creditIds': {
      const ids = value as readonly unknown[];
      if (ids.length < 1 || ids.length > MAX_CREDIT_IDS) fail(`Expected 1 to ${MAX_CREDIT_IDS} credits`);
      ids.forEach((id, i) => valueIssues('id', id, [...path, i], issues));
      if (new Set(ids).size !== ids.length) fail('creditIds must not repeat a credit');
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
    case 'optionalSchool':
      if (!fieldOk(rule, value)) fail(`Expected a school of 1 to ${MAX_SCHOOL} characters`);
      return;
    case 'schools':
      if (!fieldOk(rule, value)) fail(`Expected at most ${MAX_SCHOOLS} children's schools, by child id, each of 1 to ${MAX_SCHOOL} characters`);
      return;
    case 'proof':
      if (!fieldOk(rule, value)) fail('Expected a proof { sha256 (64 lowercase hex digits), mediaType, sizeBytes (a positive whole number), storageId }');
      return;
    default:
      return; // boolean, amount, provider, optionalMethod: the shape says it all (a bad amount is AMOUNT_INVALID or AMOUNT_OUT_OF_BOUNDS)
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
