/**
 * A generated month of activity for the régie's tests: families paying reservations (and some
 * payments that become credit), each payment numbered R-2026-NNNNNN in the order recorded, as
 * stored events with global positions — optionally with days of the journal closed part-way.
 */
import type { StoredEvent } from '@periscol/event-store';
import {
  createFamilyDecider,
  decideRegieDayClosure,
  demoCatalog,
  evolveFamily,
  evolveRegie,
  FAMILY_EVENT_SCHEMA_VERSIONS,
  formatDocumentNumber,
  initialFamilyState,
  initialRegieState,
  REGIE_DAY_CLOSED_SCHEMA_VERSION,
  type FamilyCommand,
  type FamilyEvent,
  type FamilyState,
  type PaymentProvider,
  type RegieState,
} from '@periscol/reservation-domain';
import { isLeft } from 'fp-ts/Either';
import { familyStreamId, personStreamId, REGIE_STREAM } from '../streams/stream-names';
import { RegieBooksBuilder } from './regie-books';
import { closingFigures } from './regie-journal';

export const TZ = demoCatalog.timezone;

export interface GeneratedPayment {
  readonly delayMinutes: number;
  readonly provider: PaymentProvider;
  /** Pay exactly what is due (confirms the order), else this many cents more (credited). */
  readonly extraCents: number;
  readonly slots: number;
}

export interface GeneratedFamily {
  readonly erased: boolean;
  readonly payments: readonly GeneratedPayment[];
}

export class GeneratedHistory {
  readonly events: StoredEvent[] = [];
  readonly states = new Map<string, FamilyState>();
  private regie: RegieState = initialRegieState();
  private sequence = 0;
  private readonly decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });

  private push(streamId: string, type: string, data: unknown, schemaVersion: number): void {
    const position = this.events.length + 1;
    const revision = this.events.filter((event) => event.streamId === streamId).length;
    this.events.push({ streamId, type, data, revision, position, metadata: { eventId: `e${position}`, schemaVersion, previousHash: '', hash: '', recordedAt: '2026-10-01T00:00:00.000Z' } });
  }

  private run(familyId: string, command: FamilyCommand): FamilyEvent[] {
    const state = this.states.get(familyId) ?? initialFamilyState();
    const decided = this.decider.decide(command, state);
    if (isLeft(decided)) return [];
    let next = state;
    for (const event of decided.right) {
      next = evolveFamily(next, event);
      this.push(familyStreamId(familyId), event.type, event.data, FAMILY_EVENT_SCHEMA_VERSIONS[event.type]);
    }
    this.states.set(familyId, next);
    return [...decided.right];
  }

  family(index: number, family: GeneratedFamily): void {
    const familyId = `fam-${index}`;
    const start = Date.parse('2026-09-07T06:00:00.000Z') + index * 7 * 60_000;
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    this.push(personStreamId(familyId), 'FamilyIdentityRecorded', { familyId, name: `Famille ${index}`, email: `f${index}@example.org` }, 1);
    this.run(familyId, { type: 'RegisterFamily', data: { familyId, resident: true }, metadata: { now: at(0) } });
    this.run(familyId, { type: 'EnrolChild', data: { childId: 'c1', activityIds: ['restauration', 'accueil-soir'] }, metadata: { now: at(0) } });
    const days = ['2026-09-14', '2026-09-15', '2026-09-17', '2026-09-18', '2026-09-21', '2026-09-22', '2026-09-24', '2026-09-25'];
    let clock = 1;
    family.payments.forEach((payment, j) => {
      const orderId = `o${j}`;
      const slots = days.slice(j % 4, (j % 4) + payment.slots).flatMap((date) => [
        { childId: 'c1', activityId: 'restauration', date },
        { childId: 'c1', activityId: 'accueil-soir', date },
      ]);
      const requested = this.run(familyId, { type: 'RequestReservation', data: { orderId, slots, pricing: { quotientFamilial: 600 } }, metadata: { now: at(clock) } });
      const due = requested.find((event) => event.type === 'ReservationRequested');
      const amountDue = due?.type === 'ReservationRequested' ? due.data.amountDueCents : 0;
      clock += payment.delayMinutes;
      const paymentId = `p${j}`;
      const confirmed = this.run(familyId, {
        type: 'ConfirmPayment',
        data: { paymentId, orderId, provider: payment.provider, amountCents: Math.max(1, amountDue + payment.extraCents), providerReference: `${familyId}-${paymentId}` },
        metadata: { now: at(clock) },
      });
      if (confirmed.some((event) => event.type === 'PaymentConfirmed')) {
        this.sequence++;
        this.run(familyId, { type: 'IssuePaymentTicket', data: { paymentId, ticketNumber: formatDocumentNumber('R', 2026, this.sequence) }, metadata: { now: at(clock) } });
      }
      clock += 1;
    });
    if (family.erased) {
      this.push(familyStreamId(familyId), 'PersonalDataErased', { familyId, erasedAt: at(clock + 1), reason: 'Fin de conservation' }, FAMILY_EVENT_SCHEMA_VERSIONS.PersonalDataErased);
    }
  }

  /** Closes `date` now, with the figures the history gives at this point (as the application does). */
  closeDay(date: string, now = '2026-10-20T08:00:00.000Z'): boolean {
    const figures = closingFigures(this.books(), date);
    const decided = decideRegieDayClosure(TZ, { date, figures, now }, this.regie);
    if (isLeft(decided)) return false;
    for (const event of decided.right) {
      this.regie = evolveRegie(this.regie, event);
      this.push(REGIE_STREAM, event.type, event.data, REGIE_DAY_CLOSED_SCHEMA_VERSION);
    }
    return true;
  }

  books() {
    const builder = new RegieBooksBuilder(TZ);
    builder.push(this.events);
    return builder.finish();
  }
}
