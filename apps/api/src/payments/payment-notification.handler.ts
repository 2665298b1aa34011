import { Inject, Injectable } from '@nestjs/common';
import { familyStreamId } from '@periscol/application';
import type { EventStore } from '@periscol/event-store';
import { recordedPaymentIdOf } from '@periscol/reservation-domain';
import { isLeft } from 'fp-ts/Either';
import type { Logger } from 'pino';
import { LOGGER } from '../platform/logging/logger';
import { EVENT_STORE } from '../platform/store/event-store.token';
import { FAMILY_COMMANDS, FAMILY_READS, type FamilyCommandPort, type FamilyReadPort } from '../tickets/family-services.port';
import { TicketIssuer } from '../tickets/ticket-issuer.service';
import type { PaidNotification, PaymentNotification } from './providers/payment-provider.port';
import { UnmatchedPayments } from './unmatched-payments';

export type WebhookOutcome =
  | { readonly received: true; readonly outcome: 'ignored'; readonly reason: string }
  | { readonly received: true; readonly outcome: 'unmatched'; readonly reason: string }
  /** Recorded in the inbox, not in the ledger yet: the inbox processor goes on until it is. */
  | { readonly received: true; readonly outcome: 'queued'; readonly reason: string }
  | {
      readonly received: true;
      readonly outcome: 'order_confirmed' | 'credited';
      readonly paymentId: string;
      readonly orderId: string;
      /** Absent only if issuing the ticket failed here; the ticket process then issues it. */
      readonly ticketNumber?: string;
    };

/**
 * What a verified notification does, once it is in the inbox. A paid one becomes
 * `ConfirmPayment` on the order's family (R7: confirms it, or credits the money in full), keyed
 * by the provider's payment id so that doing it again appends nothing; the ticket is then
 * issued before answering (see `TicketIssuer`), so that once the provider — or the parent
 * redirected by the simulated site — has the answer, the payment shows with its ticket number.
 *
 * Tolerated: duplicates (applied once), `failed`/`expired` notifications in any order (nothing
 * to undo: an order is confirmed only by money received, and expires on its own), a paid
 * notification for an order that expired (the domain's late-payment rule). A paid notification
 * no family can take is recorded as an unmatched payment. Anything else (a conflict the command
 * loop gave up on, a read model too slow, the store down) throws: the inbox retries it.
 */
@Injectable()
export class PaymentNotificationHandler {
  private readonly unmatched: UnmatchedPayments;

  constructor(
    @Inject(FAMILY_COMMANDS) private readonly commands: FamilyCommandPort,
    @Inject(FAMILY_READS) private readonly reads: FamilyReadPort,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tickets: TicketIssuer,
  ) {
    this.unmatched = new UnmatchedPayments(store);
  }

  async handle(notification: PaymentNotification): Promise<WebhookOutcome> {
    switch (notification.kind) {
      case 'ignored':
        this.logger.info({ eventId: notification.eventId, eventType: notification.eventType, reason: notification.reason }, 'payment webhook ignored');
        return { received: true, outcome: 'ignored', reason: notification.reason ?? notification.eventType };
      case 'failed':
        this.logger.info(
          { provider: notification.provider, eventId: notification.eventId, orderId: notification.orderId, paymentId: notification.paymentId, reason: notification.reason },
          'payment not completed',
        );
        return { received: true, outcome: 'ignored', reason: notification.reason };
      case 'paid':
        return this.confirm(notification);
    }
  }

  private async confirm(paid: PaidNotification): Promise<WebhookOutcome> {
    const log = { provider: paid.provider, eventId: paid.eventId, orderId: paid.orderId, paymentId: paid.paymentId, amountCents: paid.amountCents };
    const familyId = (await this.reads.findOrder(paid.orderId))?.familyId ?? paid.familyId;
    const exists = (await this.store.readStream(familyStreamId(familyId), { maxCount: 0 })).streamExists;
    if (!exists) return this.recordUnmatched(paid, 'UNKNOWN_FAMILY', `no family ${familyId} for order ${paid.orderId}`);

    const result = await this.commands.run(
      familyId,
      {
        type: 'ConfirmPayment',
        data: {
          paymentId: paid.paymentId,
          orderId: paid.orderId,
          provider: paid.provider,
          amountCents: paid.amountCents,
          providerReference: paid.providerPaymentId,
          ...(paid.method === undefined ? {} : { method: paid.method }),
        },
        // The payment happened when the provider says: a delivery retried later is not a later payment.
        metadata: { now: paid.paidAt.toISOString() },
      },
      {
        idempotencyKey: `payment:${paid.provider}:${paid.providerPaymentId}`,
        actor: { userId: `provider:${paid.provider}`, role: 'system' },
        correlationId: paid.eventId,
        causationId: paid.eventId,
      },
    );
    if (isLeft(result)) return this.recordUnmatched(paid, result.left.code, result.left.message);

    const { state } = result.right;
    // A second, distinct provider payment for the same payment id is recorded under its own id (R7: credited).
    const paymentId = recordedPaymentIdOf(state, { paymentId: paid.paymentId, amountCents: paid.amountCents, providerReference: paid.providerPaymentId }) ?? paid.paymentId;
    const payment = state.payments.get(paymentId);
    if (payment?.status !== 'confirmed' || payment.outcome === undefined) {
      return this.recordUnmatched(paid, 'NOT_RECORDED', `payment ${paymentId} is not confirmed after ConfirmPayment`);
    }
    this.logger.info({ ...log, familyId, outcome: payment.outcome }, 'payment confirmed');

    let ticketNumber = payment.ticketNumber;
    if (ticketNumber === undefined) {
      try {
        ticketNumber = (await this.tickets.ensureTicket(familyId, paymentId, { correlationId: paid.eventId }))?.ticketNumber;
      } catch (error) {
        // Recorded already: the ticket process of some API process will issue the ticket.
        this.logger.error({ ...log, familyId, err: error }, 'payment ticket not issued yet');
      }
    }
    return {
      received: true,
      outcome: payment.outcome,
      paymentId,
      orderId: paid.orderId,
      ...(ticketNumber === undefined ? {} : { ticketNumber }),
    };
  }

  private async recordUnmatched(paid: PaidNotification, reason: string, detail: string): Promise<WebhookOutcome> {
    await this.unmatched.record(paid, reason, detail);
    this.logger.warn(
      { provider: paid.provider, eventId: paid.eventId, orderId: paid.orderId, paymentId: paid.paymentId, familyId: paid.familyId, amountCents: paid.amountCents, reason },
      'payment received but matched to no order: recorded in the unmatched-payments stream for an agent',
    );
    return { received: true, outcome: 'unmatched', reason };
  }
}
