import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FamilyCommandRunner, requestCommandContext } from '@periscol/application';
import { deterministicEventId, type EventStore } from '@periscol/event-store';
import { decideUnmatchedPaymentAttachment, type AttachUnmatchedPayment } from '@periscol/reservation-domain';
import { isLeft } from 'fp-ts/Either';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { ApiError } from '../platform/http/api-error';
import { fromEither, throwRefusal } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { isWrongExpectedRevision } from '../platform/idempotency/idempotency-records';
import { LOGGER } from '../platform/logging/logger';
import { EVENT_STORE } from '../platform/store/event-store.token';
import { TicketIssuer } from '../tickets/ticket-issuer.service';
import type { unmatchedPaymentAttachmentSchema } from './payments.routes';
import { attachedPaymentIdOf, UNMATCHED_PAYMENTS_STREAM, UnmatchedPayments, type RecordedUnmatchedPayment } from './unmatched-payments';

export type UnmatchedPaymentAttachmentDto = z.infer<typeof unmatchedPaymentAttachmentSchema>;

export class AttachUnmatchedPaymentCommand extends Command<UnmatchedPaymentAttachmentDto> {
  constructor(
    readonly providerPaymentId: string,
    readonly familyId: string,
    readonly reason: string,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** Rounds of read → decide → append when another attachment or unmatched payment was written meanwhile. */
const ATTEMPTS = 5;

/**
 * R7: the régisseur attaches an unmatched payment to the right family. The family's receipt and
 * credit (`AttachUnmatchedPayment`, decided by the family decider) and the stream's
 * `UnmatchedPaymentAttached` are written in ONE atomic append (`appendMany`), the latter with the
 * `unmatched-payments` revision the decision was taken on: no crash can leave the money in a
 * family without the mark (attachable again: counted twice) or the mark without the money (lost),
 * and of two attachments racing for one payment only the first is written. The loser re-reads:
 * attached by its own Idempotency-Key (a retry) → the same answer; by another request → 409.
 */
@CommandHandler(AttachUnmatchedPaymentCommand)
export class AttachUnmatchedPaymentHandler implements ICommandHandler<AttachUnmatchedPaymentCommand> {
  private readonly unmatched: UnmatchedPayments;

  constructor(
    private readonly runner: FamilyCommandRunner,
    private readonly tickets: TicketIssuer,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.unmatched = new UnmatchedPayments(store);
  }

  async execute(command: AttachUnmatchedPaymentCommand): Promise<UnmatchedPaymentAttachmentDto> {
    const { providerPaymentId, idempotency } = command;
    // The mark's id derives from the request's key: a retry recognises its own attachment.
    const markId = deterministicEventId(`${UNMATCHED_PAYMENTS_STREAM}:${idempotency.commandKey}`, 0);
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const view = await this.unmatched.read();
      const payment = view.payments.find((candidate) => candidate.providerPaymentId === providerPaymentId);
      if (payment?.attachment?.eventId === markId) return this.answer(command, payment, payment.attachment);
      const toAttach = fromEither(decideUnmatchedPaymentAttachment(providerPaymentId, payment));
      try {
        const attached = await this.attach(command, toAttach, view.revision, markId);
        if (attached) return attached;
      } catch (error) {
        if (!isWrongExpectedRevision(error, UNMATCHED_PAYMENTS_STREAM)) throw error;
      }
      // Another append won (an attachment, or a new unmatched payment): decide again on the stream as it is now.
    }
    throw new ApiError('CONCURRENCY_CONFLICT', `Unmatched payment ${providerPaymentId}: the stream kept changing, retry`);
  }

  /** Undefined when this round wrote nothing (another request attached it meanwhile): re-read. */
  private async attach(command: AttachUnmatchedPaymentCommand, payment: RecordedUnmatchedPayment, revision: number, markId: string): Promise<UnmatchedPaymentAttachmentDto | undefined> {
    const { familyId, reason, actor, idempotency, requestId } = command;
    const paymentId = attachedPaymentIdOf(payment.provider, payment.providerPaymentId);
    const creditId = `${paymentId}-credit`;
    const attachedAt = this.clock.now().toISOString();
    const result = await this.runner.run(
      familyId,
      attachCommand(payment, paymentId, reason),
      requestCommandContext(actor, idempotency, requestId),
      () =>
        UnmatchedPayments.attachmentAppend(
          { provider: payment.provider, providerPaymentId: payment.providerPaymentId, familyId, paymentId, creditId, amountCents: payment.amountCents, reason, attachedBy: actor.userId, attachedAt },
          revision,
          { eventId: markId, actor: { userId: actor.userId, role: actor.role }, ...(requestId ? { correlationId: requestId } : {}) },
        ),
    );
    if (isLeft(result)) {
      // Refused on a family another request just credited with it: say it is attached, not why the family refused.
      const now = (await this.unmatched.read()).payments.find((candidate) => candidate.providerPaymentId === payment.providerPaymentId);
      if (now?.attachment) return undefined;
      throwRefusal(result.left);
    }
    if (!result.right.recorded) return undefined;
    this.logger.info({ provider: payment.provider, providerPaymentId: payment.providerPaymentId, familyId, paymentId, amountCents: payment.amountCents, by: actor.userId }, 'unmatched payment attached to a family');
    return this.answer(command, payment, { familyId, reason, attachedBy: actor.userId, attachedAt });
  }

  /** The attachment as the family's stream now holds it; its ticket numbered (R8) if it is not yet. */
  private async answer(
    command: AttachUnmatchedPaymentCommand,
    payment: RecordedUnmatchedPayment,
    attachment: { readonly familyId: string; readonly reason: string; readonly attachedBy: string; readonly attachedAt: string },
  ): Promise<UnmatchedPaymentAttachmentDto> {
    const { familyId, reason } = attachment;
    const paymentId = attachedPaymentIdOf(payment.provider, payment.providerPaymentId);
    let ticketNumber: string | undefined;
    try {
      ticketNumber = (await this.tickets.ensureTicket(familyId, paymentId, { ...(command.requestId ? { correlationId: command.requestId } : {}) }))?.ticketNumber;
    } catch (error) {
      // Recorded already: the ticket process of some API process will number it.
      this.logger.error({ familyId, paymentId, err: error }, 'attached payment ticket not issued yet');
    }
    const { state } = fromEither(
      // The same command again changes nothing and answers the family's state (its balance now).
      await this.runner.run(
        familyId,
        attachCommand(payment, paymentId, reason),
        requestCommandContext(command.actor, command.idempotency, command.requestId),
      ),
    );
    const receipt = state.payments.get(paymentId);
    return {
      provider: payment.provider,
      providerPaymentId: payment.providerPaymentId,
      familyId,
      paymentId,
      creditId: `${paymentId}-credit`,
      amountCents: payment.amountCents,
      reason,
      attachedBy: attachment.attachedBy,
      attachedAt: attachment.attachedAt,
      ticketNumber: ticketNumber ?? receipt?.ticketNumber ?? null,
      creditBalanceCents: state.balanceCents,
    };
  }
}

/** The family command attaching `payment`: the same for the attachment and for reading its answer again. */
function attachCommand(payment: RecordedUnmatchedPayment, paymentId: string, reason: string): AttachUnmatchedPayment {
  return {
    type: 'AttachUnmatchedPayment',
    data: {
      paymentId,
      orderId: payment.orderId,
      provider: payment.provider,
      amountCents: payment.amountCents,
      providerReference: payment.providerPaymentId,
      reason,
      ...(payment.method === undefined ? {} : { method: payment.method }),
    },
    // The receipt is of the day the provider took the money (R18), as for any payment.
    metadata: { now: payment.paidAt },
  };
}
