/**
 * The person decider: identity and QF of one family, in `person-<familyId>` (R17). Same shape
 * as the family decider; a command that changes nothing succeeds with no events.
 */
import * as E from 'fp-ts/Either';
import type { QuotientFamilialRecord } from '../catalog/quotient-familial-policy';
import { z } from 'zod';
import { InstantSchema } from '../shared';
import type { Instant, IsoDate } from '../shared';
import { schoolLevelOfGrade } from '../catalog/school-level';
import { IdSchema, QuotientFamilialSchema, refuse, type ChildPricing, type DomainCommand, type Pricing, type Refusal } from '../family';
import { ChildIdentitySchema, FamilyIdentitySchema, type PersonEvent } from './person.events';

export type RecordFamilyIdentity = DomainCommand<
  'RecordFamilyIdentity',
  { readonly familyId: string; readonly name: string; readonly email: string; readonly address?: string }
>;
/** Records or corrects a child's identity (an upsert). */
export type RecordChildIdentity = DomainCommand<
  'RecordChildIdentity',
  { readonly childId: string; readonly firstName: string; readonly lastName: string; readonly school: string; readonly grade: string; readonly birthDate?: IsoDate }
>;
export type UpdateQuotientFamilial = DomainCommand<'UpdateQuotientFamilial', { readonly quotientFamilial: number | null }>;
/** The family turns the deadline reminder e-mails off, or back on. */
export type SetDeadlineReminders = DomainCommand<'SetDeadlineReminders', { readonly enabled: boolean }>;

/** An agent records that a child is (or no longer is) under a medical protocol (PAI) with a packed lunch. */
export type SetChildMedicalProtocol = DomainCommand<'SetChildMedicalProtocol', { readonly childId: string; readonly medicalProtocol: boolean }>;

export type SetChildQuotientFamilial = DomainCommand<'SetChildQuotientFamilial', { readonly childId: string; readonly quotientFamilial: number | null }>;
export type PersonCommand = RecordFamilyIdentity | RecordChildIdentity | UpdateQuotientFamilial | SetDeadlineReminders | SetChildMedicalProtocol | SetChildQuotientFamilial;

const MetadataSchema = z.looseObject({ now: InstantSchema });
export const PersonCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('RecordFamilyIdentity'), data: FamilyIdentitySchema, metadata: MetadataSchema }),
  z.object({ type: z.literal('RecordChildIdentity'), data: ChildIdentitySchema, metadata: MetadataSchema }),
  z.object({
    type: z.literal('UpdateQuotientFamilial'),
    data: z.object({ quotientFamilial: QuotientFamilialSchema }),
    metadata: MetadataSchema,
  }),
  z.object({ type: z.literal('SetDeadlineReminders'), data: z.strictObject({ enabled: z.boolean() }), metadata: MetadataSchema }),
  z.object({ type: z.literal('SetChildMedicalProtocol'), data: z.strictObject({ childId: IdSchema, medicalProtocol: z.boolean() }), metadata: MetadataSchema }),
  z.object({ type: z.literal('SetChildQuotientFamilial'), data: z.strictObject({ childId: IdSchema, quotientFamilial: QuotientFamilialSchema }), metadata: MetadataSchema }),
]);

export interface ChildIdentity {
  readonly childId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly school: string;
  readonly grade: string;
  /** Not known for a child recorded without it (ChildIdentityRecorded v1). */
  readonly birthDate?: IsoDate;
  /** Under a medical protocol (PAI) with a packed lunch (ChildMedicalProtocolSet); absent: no. */
  readonly medicalProtocol?: boolean;
  /** The child's own QF (a fostered child, ChildQuotientFamilialSet); absent: the family's. */
  readonly quotientFamilial?: number;
}

export interface PersonState {
  readonly familyId: string | null;
  readonly name: string | null;
  readonly email: string | null;
  readonly address: string | null;
  readonly children: ReadonlyMap<string, ChildIdentity>;
  /** Null when none is known (→ highest price, R3). */
  readonly quotientFamilial: number | null;
  readonly quotientFamilialEffectiveAt: Instant | null;
  /** Every QF attestation, oldest first: a town may price days with an earlier one (R3, `catalog.quotientFamilial`). */
  readonly quotientFamilialHistory?: readonly QuotientFamilialRecord[];
  /** Whether the family gets the e-mail the day before a weekly reservation deadline (default yes). */
  readonly deadlineReminders: boolean;
}

const EMPTY_PERSON: PersonState = {
  familyId: null,
  name: null,
  email: null,
  address: null,
  children: new Map(),
  quotientFamilial: null,
  quotientFamilialEffectiveAt: null,
  deadlineReminders: true,
};

export function initialPersonState(): PersonState {
  return EMPTY_PERSON;
}

export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'FamilyIdentityRecorded': {
      const { familyId, name, email, address } = event.data;
      return { ...state, familyId, name, email, address: address ?? null };
    }
    case 'ChildIdentityRecorded': {
      const children = new Map(state.children);
      // A correction of the identity keeps the medical protocol and the child's own QF recorded apart.
      const known = state.children.get(event.data.childId);
      const medicalProtocol = known?.medicalProtocol === true;
      children.set(event.data.childId, {
        ...event.data,
        ...(medicalProtocol ? { medicalProtocol } : {}),
        ...(known?.quotientFamilial !== undefined ? { quotientFamilial: known.quotientFamilial } : {}),
      });
      return { ...state, children };
    }
    case 'ChildMedicalProtocolSet': {
      const known = state.children.get(event.data.childId);
      if (!known) return state;
      const children = new Map(state.children);
      const { medicalProtocol: _previous, ...identity } = known;
      children.set(event.data.childId, event.data.medicalProtocol ? { ...identity, medicalProtocol: true } : identity);
      return { ...state, children };
    }
    case 'ChildQuotientFamilialSet': {
      const known = state.children.get(event.data.childId);
      if (!known) return state;
      const children = new Map(state.children);
      const { quotientFamilial: _previous, ...identity } = known;
      children.set(event.data.childId, event.data.quotientFamilial === null ? identity : { ...identity, quotientFamilial: event.data.quotientFamilial });
      return { ...state, children };
    }
    case 'QuotientFamilialUpdated': {
      const { quotientFamilial, effectiveAt } = event.data;
      return { ...state, quotientFamilial, quotientFamilialEffectiveAt: effectiveAt, quotientFamilialHistory: [...(state.quotientFamilialHistory ?? []), { quotientFamilial, effectiveAt }] };
    }
    case 'DeadlineRemindersSet':
      return { ...state, deadlineReminders: event.data.enabled };
    default:
      return state;
  }
}

/**
 * What a reservation request needs from the person stream (R3): the QF at request time and, per
 * child, its school level read from its grade and its medical protocol (PAI) — only children with
 * one of them.
 */
export function pricingOf(state: PersonState | null | undefined): Pricing {
  const quotientFamilial = state?.quotientFamilial ?? null;
  const children: Record<string, ChildPricing> = {};
  let any = false;
  for (const [childId, child] of state?.children ?? []) {
    const schoolLevel = schoolLevelOfGrade(child.grade);
    const medicalProtocol = child.medicalProtocol === true;
    const own = child.quotientFamilial;
    if (schoolLevel || medicalProtocol || own !== undefined) {
      children[childId] = { ...(schoolLevel ? { schoolLevel } : {}), ...(medicalProtocol ? { medicalProtocol } : {}), ...(own !== undefined ? { quotientFamilial: own } : {}) };
      any = true;
    }
  }
  // The attestations, when there was more than one: a town may price days with an earlier QF.
  const history = state?.quotientFamilialHistory;
  return { quotientFamilial, ...(any ? { children } : {}), ...(history && history.length > 1 ? { quotientFamilialHistory: history } : {}) };
}

export function decidePerson(input: PersonCommand, state: PersonState): E.Either<Refusal, readonly PersonEvent[]> {
  const parsed = PersonCommandSchema.safeParse(input);
  if (!parsed.success) {
    return refuse('INVALID_COMMAND', `Invalid command: ${parsed.error.issues[0]?.message ?? 'malformed'}`, parsed.error.issues);
  }
  const command = parsed.data as PersonCommand;
  switch (command.type) {
    case 'RecordFamilyIdentity': {
      const { familyId, name, email, address } = command.data;
      if (state.familyId !== null && state.familyId !== familyId) {
        return refuse('ID_CONFLICT', `This person stream belongs to family ${state.familyId}`);
      }
      if (state.familyId === familyId && state.name === name && state.email === email && state.address === (address ?? null)) {
        return E.right([]);
      }
      return E.right([{ type: 'FamilyIdentityRecorded', data: command.data }]);
    }
    case 'RecordChildIdentity': {
      if (state.familyId === null) return refuse('PERSON_NOT_RECORDED', "Record the family's identity first");
      const known = state.children.get(command.data.childId);
      const { childId, firstName, lastName, school, grade } = command.data;
      // A correction that does not name the birth date keeps the one recorded.
      const birthDate = command.data.birthDate ?? known?.birthDate;
      if (
        known &&
        known.firstName === firstName &&
        known.lastName === lastName &&
        known.school === school &&
        known.grade === grade &&
        known.birthDate === birthDate
      ) {
        return E.right([]);
      }
      return E.right([{ type: 'ChildIdentityRecorded', data: { childId, firstName, lastName, school, grade, ...(birthDate === undefined ? {} : { birthDate }) } }]);
    }
    case 'UpdateQuotientFamilial': {
      if (state.familyId === null) return refuse('PERSON_NOT_RECORDED', "Record the family's identity first");
      const { quotientFamilial } = command.data;
      if (state.quotientFamilialEffectiveAt !== null && state.quotientFamilial === quotientFamilial) return E.right([]);
      return E.right([
        {
          type: 'QuotientFamilialUpdated',
          data: { familyId: state.familyId, quotientFamilial, effectiveAt: command.metadata.now },
        },
      ]);
    }
    case 'SetChildMedicalProtocol': {
      if (state.familyId === null) return refuse('PERSON_NOT_RECORDED', "Record the family's identity first");
      const { childId, medicalProtocol } = command.data;
      const known = state.children.get(childId);
      if (!known) return refuse('UNKNOWN_CHILD', `No child ${childId} is recorded for family ${state.familyId}`);
      if ((known.medicalProtocol === true) === medicalProtocol) return E.right([]);
      return E.right([{ type: 'ChildMedicalProtocolSet', data: { familyId: state.familyId, childId, medicalProtocol, setAt: command.metadata.now } }]);
    }
    case 'SetChildQuotientFamilial': {
      if (state.familyId === null) return refuse('PERSON_NOT_RECORDED', "Record the family's identity first");
      const { childId, quotientFamilial } = command.data;
      const known = state.children.get(childId);
      if (!known) return refuse('UNKNOWN_CHILD', `No child ${childId} is recorded for family ${state.familyId}`);
      if ((known.quotientFamilial ?? null) === quotientFamilial) return E.right([]);
      return E.right([{ type: 'ChildQuotientFamilialSet', data: { familyId: state.familyId, childId, quotientFamilial, effectiveAt: command.metadata.now } }]);
    }
    case 'SetDeadlineReminders': {
      if (state.familyId === null) return refuse('PERSON_NOT_RECORDED', "Record the family's identity first");
      if (state.deadlineReminders === command.data.enabled) return E.right([]);
      return E.right([{ type: 'DeadlineRemindersSet', data: { familyId: state.familyId, enabled: command.data.enabled, setAt: command.metadata.now } }]);
    }
    default: {
      const _exhaustive: never = command;
      return refuse('INVALID_COMMAND', `Unknown command ${(_exhaustive as { type: string }).type}`);
    }
  }
}

export interface PersonDecider {
  decide(command: PersonCommand, state: PersonState): E.Either<Refusal, readonly PersonEvent[]>;
  evolve(state: PersonState, event: PersonEvent): PersonState;
  initialState(): PersonState;
}

export function createPersonDecider(): PersonDecider {
  return { decide: decidePerson, evolve: evolvePerson, initialState: initialPersonState };
}

export function foldPerson(events: Iterable<PersonEvent>, from: PersonState = initialPersonState()): PersonState {
  let state = from;
  for (const event of events) state = evolvePerson(state, event);
  return state;
}

/**
 * `pricingOf` with each child's school, for the slot rules of a request or the planning: a day
 * closed for one school (R14) is closed to its children only. The school is read, never recorded.
 */
export function bookingPricingOf(state: PersonState | null | undefined): Pricing {
  const pricing = pricingOf(state);
  if (!state || state.children.size === 0) return pricing;
  const children: Record<string, ChildPricing> = { ...pricing.children };
  for (const [childId, child] of state.children) children[childId] = { ...children[childId], school: child.school };
  return { ...pricing, children };
}
