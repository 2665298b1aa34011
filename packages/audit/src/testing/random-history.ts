/**
 * Histories from random command sequences (the domain's `scenarioArb` + `playScenario`), as the
 * API would record them: one append per accepted command, deterministic event ids, the store's
 * clock at the command's `now`, a person stream per family. Ticket and credit-note numbers are
 * drawn from one counter per prefix and year across all families (as the API's numbering does),
 * in the year of the payment or credit in the municipality's time zone.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { deterministicEventId, type EventStore } from '@periscol/event-store';
import {
  createFamilyDecider,
  demoCatalog,
  evolveFamily,
  FAMILY_EVENT_SCHEMA_VERSIONS,
  formatDocumentNumber,
  initialFamilyState,
  PERSON_EVENT_SCHEMA_VERSIONS,
  type Catalog,
  type FamilyCommand,
  type FamilyEvent,
  type FamilyState,
  type PersonEvent,
  numberingYearOf,
} from '@periscol/reservation-domain';
import { playScenario, scenarioArb } from '@periscol/reservation-domain/testing';
import { familyStreamId } from '@periscol/application';

export interface RecordedCommand {
  readonly streamId: string;
  /** The command's time: the store's clock is set to it for the append. */
  readonly now: string;
  readonly key: string;
  readonly events: readonly { readonly type: string; readonly data: unknown; readonly schemaVersion: number }[];
}

export interface RandomHistory {
  readonly familyIds: readonly string[];
  readonly commands: readonly RecordedCommand[];
  readonly states: ReadonlyMap<string, FamilyState>;
}

export interface RandomHistoryOptions {
  readonly seed: number;
  readonly families: number;
  readonly maxSteps?: number;
  /** Samples of steps played in a row by each family (default 4): deeper histories. */
  readonly depth?: number;
  readonly catalog?: Catalog;
}

/** One counter per prefix and year, shared by every family. */
export class DocumentNumbering {
  private readonly next = new Map<string, number>();

  peek(prefix: 'R' | 'A', year: number): string {
    return formatDocumentNumber(prefix, year, this.next.get(`${prefix}-${year}`) ?? 1);
  }

  take(prefix: 'R' | 'A', year: number): void {
    const key = `${prefix}-${year}`;
    this.next.set(key, (this.next.get(key) ?? 1) + 1);
  }
}

/** The identity events (R17: in `person-<id>`) that go with a family event, if any. */
function identityOf(familyId: string, event: FamilyEvent): PersonEvent | undefined {
  if (event.type === 'FamilyRegistered') {
    return { type: 'FamilyIdentityRecorded', data: { familyId, name: `Famille ${familyId}`, email: `${familyId}@example.org`, address: '1 rue des Écoles\n71140 Saint-Aubin-sur-Loire' } };
  }
  if (event.type === 'ChildEnrolled') {
    return { type: 'ChildIdentityRecorded', data: { childId: event.data.childId, firstName: `Enfant ${event.data.rank}`, lastName: familyId, school: 'École Jules-Ferry', grade: 'CE1' } };
  }
  return undefined;
}

export function randomHistory(options: RandomHistoryOptions): RandomHistory {
  const catalog = options.catalog ?? demoCatalog;
  const decider = createFamilyDecider({ catalog, holdMinutes: 60 });
  // fast-check samples small values: each family plays several samples' steps in a row.
  const depth = options.depth ?? 4;
  const samples = fc.sample(scenarioArb({ maxSteps: options.maxSteps ?? 30 }), { seed: options.seed, numRuns: options.families * depth });
  const scenarios = Array.from({ length: options.families }, (_, i) => ({
    ...samples[i * depth],
    steps: samples.slice(i * depth, (i + 1) * depth).flatMap((sample) => sample.steps),
  }));
  const numbering = new DocumentNumbering();
  const commands: RecordedCommand[] = [];
  const states = new Map<string, FamilyState>();
  const familyIds: string[] = [];

  scenarios.forEach((sample, index) => {
    const familyId = `f${options.seed}-${index + 1}`;
    familyIds.push(familyId);
    const played = playScenario(decider, catalog, { ...sample, familyId });
    let state = initialFamilyState();
    let sequence = 0;
    const record = (now: string, events: readonly FamilyEvent[]) => {
      commands.push({
        streamId: familyStreamId(familyId),
        now,
        key: `cmd-${++sequence}`,
        events: events.map((event) => ({ type: event.type, data: event.data, schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS[event.type] })),
      });
      for (const event of events) state = evolveFamily(state, event);
    };
    for (const step of played.steps) {
      const { command, taken } = renumbered(withFamilyIds(step.command, familyId), state, numbering, catalog.timezone);
      const decision = decider.decide(command, state);
      if (E.isLeft(decision) || decision.right.length === 0) continue;
      taken?.();
      record(command.metadata.now, decision.right);
      // As the API's numbering does (R8): a ticket for each confirmed payment, a credit note
      // for each credit from a cancellation or closure, right after.
      for (const event of decision.right) {
        const follow = documentCommandFor(event, command.metadata.now);
        if (!follow) continue;
        const numberedCommand = renumbered(follow, state, numbering, catalog.timezone);
        const issued = decider.decide(numberedCommand.command, state);
        if (E.isRight(issued) && issued.right.length > 0) {
          numberedCommand.taken?.();
          record(command.metadata.now, issued.right);
        }
      }
      const identity = decision.right.flatMap((event) => identityOf(familyId, event) ?? []);
      if (identity.length > 0) {
        commands.push({
          streamId: `person-${familyId}`,
          now: command.metadata.now,
          key: `identity-${sequence}`,
          events: identity.map((event) => ({ type: event.type, data: event.data, schemaVersion: PERSON_EVENT_SCHEMA_VERSIONS[event.type] })),
        });
      }
    }
    states.set(familyId, state);
  });
  return { familyIds, commands, states };
}

const ID_FIELDS = new Set(['orderId', 'paymentId', 'cancellationId', 'creditId', 'refundId', 'childId']);

/**
 * The scenario's ids (`order-3`, `child-a`) made unique across families (`f1-2/order-3`), as the
 * API's are (derived from idempotency keys): its read models key orders, payments… by id alone.
 */
export function withFamilyIds(command: FamilyCommand, familyId: string): FamilyCommand {
  const local = (id: string) => (id.startsWith(`${familyId}/`) ? id : `${familyId}/${id}`);
  const data: Record<string, unknown> = { ...(command.data as unknown as Record<string, unknown>) };
  for (const [key, value] of Object.entries(data)) {
    if (ID_FIELDS.has(key) && typeof value === 'string') data[key] = local(value);
  }
  if (Array.isArray(data.slots)) data.slots = (data.slots as { childId: string }[]).map((slot) => ({ ...slot, childId: local(slot.childId) }));
  return { ...command, data } as unknown as FamilyCommand;
}

function documentCommandFor(event: FamilyEvent, now: string): FamilyCommand | undefined {
  if (event.type === 'PaymentConfirmed') return { type: 'IssuePaymentTicket', data: { paymentId: event.data.paymentId, ticketNumber: 'R-1000-000001' }, metadata: { now } };
  if (event.type === 'CreditIssued' && (event.data.source === 'cancellation' || event.data.source === 'closure')) {
    return { type: 'NumberCreditNote', data: { creditId: event.data.creditId, creditNoteNumber: 'A-1000-000001' }, metadata: { now } };
  }
  return undefined;
}

/** The command with the next global ticket / credit-note number in place of the scenario's own. */
function renumbered(command: FamilyCommand, state: FamilyState, numbering: DocumentNumbering, timeZone: string): { command: FamilyCommand; taken?: () => void } {
  if (command.type === 'IssuePaymentTicket') {
    const payment = state.payments.get(command.data.paymentId);
    if (payment?.ticketNumber !== undefined) return { command: { ...command, data: { ...command.data, ticketNumber: payment.ticketNumber } } };
    if (payment?.paidAt === undefined) return { command };
    const year = numberingYearOf(payment.paidAt, timeZone);
    return { command: { ...command, data: { ...command.data, ticketNumber: numbering.peek('R', year) } }, taken: () => numbering.take('R', year) };
  }
  if (command.type === 'NumberCreditNote') {
    const credit = state.credits.get(command.data.creditId);
    if (credit?.creditNoteNumber !== undefined) return { command: { ...command, data: { ...command.data, creditNoteNumber: credit.creditNoteNumber } } };
    if (!credit) return { command };
    const year = numberingYearOf(credit.issuedAt, timeZone);
    return { command: { ...command, data: { ...command.data, creditNoteNumber: numbering.peek('A', year) } }, taken: () => numbering.take('A', year) };
  }
  return { command };
}

/** A clock the writer moves to each command's time (the store stamps `recordedAt` from it). */
export class SettableClock {
  private current = new Date('2026-09-01T00:00:00.000Z');
  readonly clock = (): Date => this.current;

  set(instant: string): void {
    this.current = new Date(instant);
  }
}

/** Appends each command in turn (as the API would), with its store clock set to the command's time. */
export async function writeHistory(store: EventStore, commands: readonly RecordedCommand[], clock?: SettableClock): Promise<void> {
  const revisions = new Map<string, number>();
  for (const command of commands) {
    clock?.set(command.now);
    const revision = revisions.get(command.streamId) ?? -1;
    const result = await store.appendToStream(
      command.streamId,
      command.events.map((event, index) => ({
        type: event.type,
        data: event.data,
        metadata: {
          eventId: deterministicEventId(`${command.streamId}:${command.key}`, index),
          schemaVersion: event.schemaVersion,
          correlationId: command.key,
          causationId: command.key,
          actor: { userId: 'generator', role: 'parent' },
        },
      })),
      { expectedRevision: revision === -1 ? 'no_stream' : revision },
    );
    revisions.set(command.streamId, result.nextExpectedRevision);
  }
}
