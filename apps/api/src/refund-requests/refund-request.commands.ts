import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FamilyCommandRunner, FamilyReads, refundRequestLineOf, requestCommandContext, type RefundRequestLine } from '@periscol/application';
import type { FamilyCommand, FamilyState, RefundRequestState } from '@periscol/reservation-domain';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';

/** What the three commands on a refund request share: who sends it, on which family, with which key. */
interface Sent {
  readonly familyId: string;
  readonly actor: Actor;
  readonly idempotency: IdempotencyContext;
  readonly requestId?: string;
}

export class RequestRefundCommand extends Command<RefundRequestLine> {
  constructor(
    readonly sent: Sent,
    readonly amountCents: number,
    readonly reason: string,
    readonly creditIds: readonly string[],
  ) {
    super();
  }
}

export class DecideRefundRequestCommand extends Command<RefundRequestLine> {
  constructor(
    readonly sent: Sent,
    readonly refundRequestId: string,
    /** Absent: validate; a reason: reject. */
    readonly rejection?: { readonly reason: string },
  ) {
    super();
  }
}

/** Runs one command on the family stream and answers with the request as listed. */
abstract class RefundRequestHandler {
  constructor(
    protected readonly runner: FamilyCommandRunner,
    protected readonly reads: FamilyReads,
    @Inject(CLOCK) protected readonly clock: Clock,
  ) {}

  protected now(): string {
    return this.clock.now().toISOString();
  }

  protected async answer(sent: Sent, requestId: string, command: FamilyCommand): Promise<RefundRequestLine> {
    const { state } = fromEither(await this.runner.run(sent.familyId, command, requestCommandContext(sent.actor, sent.idempotency, sent.requestId)));
    const person = await this.reads.person(sent.familyId);
    return refundRequestLineOf(sent.familyId, person?.name ?? null, state as FamilyState, state.refundRequests.get(requestId) as RefundRequestState);
  }
}

/** R19: the régisseur asks; the account id is the requester the validation is checked against. */
@CommandHandler(RequestRefundCommand)
export class RequestRefundHandler extends RefundRequestHandler implements ICommandHandler<RequestRefundCommand> {
  execute({ sent, amountCents, reason, creditIds }: RequestRefundCommand): Promise<RefundRequestLine> {
    const requestId = sent.idempotency.derivedId('refund-request');
    return this.answer(sent, requestId, {
      type: 'RequestRefund',
      data: { requestId, amountCents, reason, creditIds, requestedBy: sent.actor.userId },
      metadata: { now: this.now() },
    });
  }
}

/** R19: an administrator validates (the credit is refunded) or rejects; the domain refuses the requester. */
@CommandHandler(DecideRefundRequestCommand)
export class DecideRefundRequestHandler extends RefundRequestHandler implements ICommandHandler<DecideRefundRequestCommand> {
  execute({ sent, refundRequestId, rejection }: DecideRefundRequestCommand): Promise<RefundRequestLine> {
    const command: FamilyCommand = rejection
      ? { type: 'RejectRefundRequest', data: { requestId: refundRequestId, rejectedBy: sent.actor.userId, reason: rejection.reason }, metadata: { now: this.now() } }
      : { type: 'ValidateRefundRequest', data: { requestId: refundRequestId, validatedBy: sent.actor.userId }, metadata: { now: this.now() } };
    return this.answer(sent, refundRequestId, command);
  }
}
