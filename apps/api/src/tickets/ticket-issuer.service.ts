import { ERASED, renderOrderDetail, renderPaymentTicket } from '@periscol/documents';
import type { Catalog, FamilyState, PersonState } from '@periscol/reservation-domain';
import { isLeft } from 'fp-ts/Either';
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock/clock';
import { orderDetailInput, paymentTicketInput } from '@periscol/application';
import type { MailServices } from '../platform/mail/mail.config';
import { creditSettledOrderEmail, creditSettledOrderMessageId } from '../platform/mail/credit-settled-order.email';
import { paymentTicketEmail, ticketMessageId } from '../platform/mail/payment-ticket.email';
import { placeOfferedEmail, placeOfferedMessageId } from '../platform/mail/place-offered.email';
import { getActivity, numberingYearOf } from '@periscol/reservation-domain';
import type { DocumentNumbering } from '@periscol/application';
import { TICKETS_ACTOR, type FamilyCommandPort, type FamilyReadPort } from './family-services.port';

export interface TicketIssuerDeps {
  readonly commands: FamilyCommandPort;
  /** Current state, never stale (snapshot + the stream's tail): the subscription may be ahead of the read models. */
  readonly reads: FamilyReadPort;
  readonly numbering: DocumentNumbering;
  /** The current catalog (time zone, municipality, labels). */
  readonly catalog: () => Catalog;
  readonly mail: Pick<MailServices, 'outbox' | 'timer'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Whether this process e-mails tickets (default: always); see `TicketMailDuty`. */
  readonly mailsHere?: () => boolean;
}

/** Why a command was caused: stamped on the events the issuer appends. */
export interface Cause {
  readonly correlationId?: string;
  readonly causationId?: string;
}

/** `when-on-duty`: only if this process e-mails tickets (`mailsHere`); `always`: the ticket process. */
export type TicketMailing = 'when-on-duty' | 'always';

export interface IssuedTicket {
  readonly ticketNumber: string;
  /** The family right after the ticket was issued. */
  readonly state: FamilyState;
  readonly person: PersonState | undefined;
}

export class TicketIssueError extends Error {
  readonly code = 'TICKET_ISSUE_FAILED' as const;
}

/**
 * A ticket issued longer ago than this and absent from the outbox is not e-mailed by the process
 * manager (logged instead): that only happens when the operations database was lost, and
 * re-sending years of tickets to every family would be worse than the loss.
 */
export const MAIL_BACKFILL_LIMIT_MS = 30 * 24 * 60 * 60_000;

/**
 * R8 and credit notes, step by step, each step idempotent so that any number of callers — the
 * webhook that confirmed the payment, the process manager of every API process, a PDF request —
 * may run it for the same payment at the same time or again after a crash:
 *
 * 1. the payment's number: `DocumentNumbering.assign` (continuous per year, the same number
 *    for the same payment whoever asks);
 * 2. `IssuePaymentTicket { paymentId, ticketNumber }` on the family (key `ticket:<paymentId>`:
 *    a repeat appends nothing, the domain refuses a second number);
 * 3. the e-mail: the ticket PDF rendered from the events, `paymentTicketEmail`, enqueued in the
 *    outbox under the ticket's Message-ID (once per ticket) and the dispatcher kicked — only in
 *    a process that e-mails tickets (with a store shared by several hosts, the lease holder).
 *
 * Credit notes (`A-<year>`) follow steps 1–2 with `NumberCreditNote` for credits issued by a
 * cancellation or a closure. An order validated with « OK », the family's credit covering it
 * all, has no payment and no ticket: its e-mail carries the *Détail des réservations* instead
 * (`mailCreditSettledOrder`), once per order.
 */
export class TicketIssuer {
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: TicketIssuerDeps) {}

  /**
   * Numbers, records and e-mails the ticket of a confirmed payment; undefined if the payment is
   * not confirmed (yet). `mail: 'always'` is the ticket process's call: it runs only where tickets
   * are e-mailed, and its checkpoint moves past the payment once this resolves.
   */
  ensureTicket(familyId: string, paymentId: string, cause: Cause = {}, options: { mail?: TicketMailing } = {}): Promise<IssuedTicket | undefined> {
    const mail = options.mail ?? 'when-on-duty';
    // Keyed by the mailing too: the ticket process must not share a webhook's call that left the e-mail out.
    return this.once(`ticket:${familyId}:${paymentId}:${mail}`, () => this.issueTicket(familyId, paymentId, cause, mail));
  }

  /**
   * Issues the tickets a family's confirmed payments still lack (for a read that must show every
   * ticket number from the moment the payment is confirmed). Returns the numbers issued.
   */
  async completeTickets(familyId: string, state: FamilyState): Promise<string[]> {
    const missing: string[] = [];
    state.payments.forEach((payment) => {
      if (payment.status === 'confirmed' && payment.ticketNumber === undefined) missing.push(payment.paymentId);
    });
    const issued = await Promise.all(missing.map((paymentId) => this.ensureTicket(familyId, paymentId)));
    return issued.flatMap((ticket) => (ticket ? [ticket.ticketNumber] : []));
  }

  /** Numbers the credit note of a credit issued by a cancellation or a closure; undefined for other credits. */
  ensureCreditNote(familyId: string, creditId: string, cause: Cause = {}): Promise<string | undefined> {
    return this.once(`credit-note:${familyId}:${creditId}`, () => this.numberCreditNote(familyId, creditId, cause));
  }

  /** E-mails the validation of an order the family's credit settled; nothing for any other order. */
  mailCreditSettledOrder(familyId: string, orderId: string): Promise<void> {
    return this.once(`credit-order:${familyId}:${orderId}`, () => this.mailCreditOrder(familyId, orderId));
  }

  /** R23: e-mails the family offered a place from a waiting list, once per offer, while its order still awaits confirmation. */
  mailPlaceOffered(familyId: string, orderId: string): Promise<void> {
    return this.once(`place-offered:${familyId}:${orderId}`, () => this.mailOffer(familyId, orderId));
  }

  private async mailOffer(familyId: string, orderId: string): Promise<void> {
    const state = await this.deps.reads.familyState(familyId);
    const order = state?.orders.get(orderId);
    // Confirmed or expired already (the process catching up): nothing left to offer.
    if (!state || state.status !== 'registered' || order?.status !== 'pending' || Date.parse(order.expiresAt) <= this.deps.clock.now().getTime()) return;
    const { outbox, timer } = this.deps.mail;
    const messageId = placeOfferedMessageId(orderId);
    if ((await outbox.get(messageId)) !== undefined) return;
    const person = state.erasedAt === null ? await this.deps.reads.person(familyId) : undefined;
    if (!person?.email) {
      this.deps.logger.warn({ familyId, orderId }, 'place offered not e-mailed: the family has no e-mail address');
      return;
    }
    const catalog = this.deps.catalog();
    const line = order.lines[0];
    const outcome = await outbox.enqueue(
      placeOfferedEmail({
        orderId,
        to: person.email,
        municipality: catalog.municipality.name,
        contact: catalog.municipality.contact,
        childName: person.children.get(line.childId)?.firstName ?? ERASED,
        activityLabel: getActivity(catalog, line.activityId)?.label ?? line.activityId,
        date: line.date,
        amountDueCents: order.amountDueCents,
        expiresAt: new Date(order.expiresAt),
        timeZone: catalog.timezone,
      }),
    );
    if (outcome.outcome === 'enqueued') {
      this.deps.logger.info({ familyId, orderId }, 'place offered e-mail enqueued');
      timer.kick();
    }
  }

  private async issueTicket(familyId: string, paymentId: string, cause: Cause, mail: TicketMailing): Promise<IssuedTicket | undefined> {
    let state = await this.deps.reads.familyState(familyId);
    const payment = state?.payments.get(paymentId);
    if (!state || payment?.status !== 'confirmed' || payment.paidAt === undefined) return undefined;

    let ticketNumber = payment.ticketNumber;
    if (ticketNumber === undefined) {
      const catalog = this.deps.catalog();
      const { number } = await this.deps.numbering.assign({
        prefix: 'R',
        year: numberingYearOf(payment.paidAt, catalog.timezone),
        familyId,
        sourceId: paymentId,
        ...cause,
      });
      const result = await this.deps.commands.run(
        familyId,
        { type: 'IssuePaymentTicket', data: { paymentId, ticketNumber: number }, metadata: { now: this.deps.clock.now().toISOString() } },
        { idempotencyKey: `ticket:${paymentId}`, actor: TICKETS_ACTOR, ...cause },
      );
      if (isLeft(result)) {
        throw new TicketIssueError(`IssuePaymentTicket ${number} for payment ${paymentId} of family ${familyId} refused: ${result.left.code} ${result.left.message}`);
      }
      state = result.right.state;
      ticketNumber = state.payments.get(paymentId)?.ticketNumber ?? number;
    }

    const person = state.status === 'registered' && state.erasedAt === null ? await this.deps.reads.person(familyId) : undefined;
    // With one outbox per host (EventStoreDB), the lease holder alone e-mails: its ticket process reaches this payment too.
    if (mail === 'always' || this.deps.mailsHere?.() !== false) await this.mailTicket(familyId, state, person, paymentId, ticketNumber);
    return { ticketNumber, state, person };
  }

  private async mailTicket(familyId: string, state: FamilyState, person: PersonState | undefined, paymentId: string, ticketNumber: string): Promise<void> {
    const { outbox, timer } = this.deps.mail;
    const messageId = ticketMessageId(ticketNumber);
    if ((await outbox.get(messageId)) !== undefined) return;
    const issuedAt = state.payments.get(paymentId)?.ticketIssuedAt;
    if (issuedAt !== undefined && this.deps.clock.now().getTime() - Date.parse(issuedAt) > MAIL_BACKFILL_LIMIT_MS) {
      this.deps.logger.warn({ familyId, paymentId, ticketNumber, issuedAt }, 'old payment ticket missing from the outbox: not e-mailed again');
      return;
    }
    if (!person?.email) {
      // No address (erased, R17): the ticket stays available as a PDF, nothing to send.
      this.deps.logger.warn({ familyId, paymentId, ticketNumber }, 'payment ticket not e-mailed: the family has no e-mail address');
      return;
    }
    const catalog = this.deps.catalog();
    const input = paymentTicketInput({ catalog, person }, state, paymentId);
    if (!input) throw new TicketIssueError(`payment ${paymentId} of family ${familyId} has no ticket to send`);
    const pdf = Buffer.from(await renderPaymentTicket(input));
    const { ticket } = input;
    const outcome = await outbox.enqueue(
      paymentTicketEmail({
        ticketNumber,
        to: person.email,
        municipality: catalog.municipality.name,
        contact: catalog.municipality.contact,
        amountPaidCents: ticket.amountPaidCents,
        totalCents: ticket.totalCents,
        creditAppliedCents: ticket.creditAppliedCents,
        paidAt: new Date(ticket.paidAt),
        lines: ticket.lines.map((line) => ({
          childName: line.childName ?? ERASED,
          activityLabel: line.activityLabel,
          date: line.date,
          unitPriceCents: line.unitPriceCents,
        })),
        pdf,
        timeZone: catalog.timezone,
      }),
    );
    if (outcome.outcome === 'enqueued') {
      this.deps.logger.info({ familyId, paymentId, ticketNumber }, 'payment ticket e-mail enqueued');
      timer.kick();
    }
  }

  private async mailCreditOrder(familyId: string, orderId: string): Promise<void> {
    const state = await this.deps.reads.familyState(familyId);
    const order = state?.orders.get(orderId);
    if (!state || state.status !== 'registered' || order?.status !== 'confirmed' || order.via !== 'credit' || order.confirmedAt === undefined) return;
    const { outbox, timer } = this.deps.mail;
    const messageId = creditSettledOrderMessageId(orderId);
    if ((await outbox.get(messageId)) !== undefined) return;
    if (this.deps.clock.now().getTime() - Date.parse(order.confirmedAt) > MAIL_BACKFILL_LIMIT_MS) {
      this.deps.logger.warn({ familyId, orderId, confirmedAt: order.confirmedAt }, 'old order validation missing from the outbox: not e-mailed');
      return;
    }
    const person = state.erasedAt === null ? await this.deps.reads.person(familyId) : undefined;
    if (!person?.email) {
      this.deps.logger.warn({ familyId, orderId }, 'order validation not e-mailed: the family has no e-mail address');
      return;
    }
    const catalog = this.deps.catalog();
    const input = orderDetailInput({ catalog, person }, state, orderId, order.confirmedAt);
    if (!input) throw new TicketIssueError(`order ${orderId} of family ${familyId} has no detail to send`);
    const pdf = Buffer.from(await renderOrderDetail(input));
    const outcome = await outbox.enqueue(
      creditSettledOrderEmail({
        orderId,
        to: person.email,
        municipality: catalog.municipality.name,
        contact: catalog.municipality.contact,
        totalCents: order.totalCents,
        creditAppliedCents: order.creditAppliedCents,
        confirmedAt: new Date(order.confirmedAt),
        lines: input.order.lines.map((line) => ({ childName: line.childName ?? ERASED, activityLabel: line.activityLabel, date: line.date, unitPriceCents: line.unitPriceCents })),
        pdf,
        timeZone: catalog.timezone,
      }),
    );
    if (outcome.outcome === 'enqueued') {
      this.deps.logger.info({ familyId, orderId }, 'order validation e-mail enqueued');
      timer.kick();
    }
  }

  private async numberCreditNote(familyId: string, creditId: string, cause: Cause): Promise<string | undefined> {
    const state = await this.deps.reads.familyState(familyId);
    const credit = state?.credits.get(creditId);
    if (!credit || (credit.source !== 'cancellation' && credit.source !== 'closure')) return undefined;
    if (credit.creditNoteNumber !== undefined) return credit.creditNoteNumber;
    const { number } = await this.deps.numbering.assign({
      prefix: 'A',
      year: numberingYearOf(credit.issuedAt, this.deps.catalog().timezone),
      familyId,
      sourceId: creditId,
      ...cause,
    });
    const result = await this.deps.commands.run(
      familyId,
      { type: 'NumberCreditNote', data: { creditId, creditNoteNumber: number }, metadata: { now: this.deps.clock.now().toISOString() } },
      { idempotencyKey: `credit-note:${creditId}`, actor: TICKETS_ACTOR, ...cause },
    );
    if (isLeft(result)) {
      throw new TicketIssueError(`NumberCreditNote ${number} for credit ${creditId} of family ${familyId} refused: ${result.left.code} ${result.left.message}`);
    }
    return result.right.state.credits.get(creditId)?.creditNoteNumber ?? number;
  }

  /** Runs `work` once per key at a time in this process: concurrent callers share its result. */
  private once<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const started = work().finally(() => this.inflight.delete(key));
    this.inflight.set(key, started);
    return started;
  }
}
