/**
 * One family's journey through the real decider, with known instants (demo catalog, W38 of
 * 2026): reserve three canteen days, pay, ticket R-2026-000001, then cancel Thursday the next
 * day, credit note A-2026-000001. Tests read it at instants before and after each step.
 */
import * as E from 'fp-ts/Either';
import {
  createFamilyDecider,
  demoCatalog,
  evolveFamily,
  FAMILY_EVENT_SCHEMA_VERSIONS,
  initialFamilyState,
  PERSON_EVENT_SCHEMA_VERSIONS,
  type FamilyCommand,
  type FamilyEvent,
  type FamilyState,
  type PersonEvent,
} from '@periscol/reservation-domain';
import type { RecordedCommand } from './random-history';
import { familyStreamId } from '@periscol/application';

export const JOURNEY = {
  familyId: 'fam-journey',
  childId: 'child-lea',
  orderId: 'order-1',
  paymentId: 'pay-1',
  cancellationId: 'cancel-1',
  creditId: 'credit-1',
  ticketNumber: 'R-2026-000001',
  creditNoteNumber: 'A-2026-000001',
  registeredAt: '2026-09-07T08:00:00.000Z',
  requestedAt: '2026-09-07T08:05:00.000Z',
  paidAt: '2026-09-07T08:10:00.000Z',
  cancelledAt: '2026-09-08T09:00:00.000Z',
  /** The three canteen days reserved; Thursday is cancelled. */
  dates: ['2026-09-14', '2026-09-15', '2026-09-17'] as const,
  cancelledDate: '2026-09-17',
  week: '2026-W38',
} as const;

export interface JourneyHistory {
  readonly commands: readonly RecordedCommand[];
  readonly state: FamilyState;
  readonly events: readonly FamilyEvent[];
}

/**
 * @param options.v1ReservationRequested write `ReservationRequested` as schema v1 (lines without
 *   their tariff), as an older Periscol did: the store then holds v1 events that readers upcast.
 */
export function journeyHistory(options: { readonly v1ReservationRequested?: boolean } = {}): JourneyHistory {
  const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
  const j = JOURNEY;
  const commands: RecordedCommand[] = [];
  const events: FamilyEvent[] = [];
  let state = initialFamilyState();
  let n = 0;
  const run = (now: string, command: Omit<FamilyCommand, 'metadata'>) => {
    const full = { ...command, metadata: { now } } as FamilyCommand;
    const decision = decider.decide(full, state);
    if (E.isLeft(decision)) throw new Error(`${command.type} refused: ${decision.left.code} ${decision.left.message}`);
    for (const event of decision.right) state = evolveFamily(state, event);
    events.push(...decision.right);
    commands.push({
      streamId: familyStreamId(j.familyId),
      now,
      key: `journey-${++n}`,
      events: decision.right.map((event) => stored(event, options.v1ReservationRequested === true)),
    });
  };
  const person = (now: string, personEvents: PersonEvent[]) =>
    commands.push({ streamId: `person-${j.familyId}`, now, key: `person-${++n}`, events: personEvents.map((event) => ({ type: event.type, data: event.data, schemaVersion: PERSON_EVENT_SCHEMA_VERSIONS[event.type] })) });

  run(j.registeredAt, { type: 'RegisterFamily', data: { familyId: j.familyId, resident: true } });
  run(j.registeredAt, { type: 'EnrolChild', data: { childId: j.childId, activityIds: ['restauration', 'accueil-soir'] } });
  person(j.registeredAt, [
    { type: 'FamilyIdentityRecorded', data: { familyId: j.familyId, name: 'Famille Dupré', email: 'dupre@example.org', address: '3 rue des Lilas\n71140 Saint-Aubin-sur-Loire' } },
    { type: 'ChildIdentityRecorded', data: { childId: j.childId, firstName: 'Léa', lastName: 'Dupré', school: 'École Jules-Ferry', grade: 'CE1' } },
    { type: 'QuotientFamilialUpdated', data: { familyId: j.familyId, quotientFamilial: 800, effectiveAt: j.registeredAt } },
    { type: 'ChildMedicalProtocolSet', data: { familyId: j.familyId, childId: j.childId, medicalProtocol: true, setAt: j.registeredAt } },
  ]);
  run(j.requestedAt, {
    type: 'RequestReservation',
    data: { orderId: j.orderId, slots: j.dates.map((date) => ({ childId: j.childId, activityId: 'restauration', date })), pricing: { quotientFamilial: 800 } },
  });
  run(j.paidAt, { type: 'StartPayment', data: { orderId: j.orderId, paymentId: j.paymentId, provider: 'simulated' } });
  const due = state.orders.get(j.orderId)?.amountDueCents ?? 0;
  run(j.paidAt, { type: 'ConfirmPayment', data: { paymentId: j.paymentId, orderId: j.orderId, provider: 'simulated', amountCents: due } });
  run(j.paidAt, { type: 'IssuePaymentTicket', data: { paymentId: j.paymentId, ticketNumber: j.ticketNumber } });
  run(j.cancelledAt, {
    type: 'CancelReservation',
    data: { cancellationId: j.cancellationId, creditId: j.creditId, slots: [{ childId: j.childId, activityId: 'restauration', date: j.cancelledDate }] },
  });
  run(j.cancelledAt, { type: 'NumberCreditNote', data: { creditId: j.creditId, creditNoteNumber: j.creditNoteNumber } });
  return { commands, state, events };
}

function stored(event: FamilyEvent, v1: boolean): RecordedCommand['events'][number] {
  if (v1 && event.type === 'ReservationRequested') {
    // v1 lines had no tariff: what an older version of Periscol wrote.
    const lines = event.data.lines.map(({ tariff: _tariff, ...line }) => line);
    return { type: event.type, data: { ...event.data, lines }, schemaVersion: 1 };
  }
  return { type: event.type, data: event.data, schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS[event.type] };
}
