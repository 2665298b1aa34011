import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FamilyCommandRunner, requestCommandContext } from '@periscol/application';
import type { AbsenceState, Catalog, FamilyCommand, FamilyState, IsoDate } from '@periscol/reservation-domain';
import { isLeft } from 'fp-ts/Either';
import type { Actor } from '../platform/auth/actor';
import { CATALOG } from '../platform/application/application.module';
import { Clock, CLOCK } from '../platform/clock/clock';
import { ApiError } from '../platform/http/api-error';
import { fromEither, throwRefusal } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { toAbsenceDto, type AbsenceDto } from './absence.dto';
import { AbsenceProofStore } from './absence-proof-store';
import { proofMediaTypeOf } from './proof-media-type';

/** Who sends a command on an absence, on which family, with which key. */
interface Sent {
  readonly familyId: string;
  readonly actor: Actor;
  readonly idempotency: IdempotencyContext;
  readonly requestId?: string;
}

export class DeclareAbsenceCommand extends Command<AbsenceDto> {
  constructor(
    readonly sent: Sent,
    readonly slot: { readonly childId: string; readonly activityId: string; readonly date: IsoDate },
    readonly proof: unknown,
  ) {
    super();
  }
}

export class DecideAbsenceCommand extends Command<AbsenceDto> {
  constructor(
    readonly sent: Sent,
    readonly absenceId: string,
    /** Absent: accept; a reason: refuse. */
    readonly refusal?: { readonly reason: string },
  ) {
    super();
  }
}

/** Runs one command on the family stream and answers with the absence as the API shows it. */
abstract class AbsenceHandler {
  constructor(
    protected readonly runner: FamilyCommandRunner,
    @Inject(CLOCK) protected readonly clock: Clock,
    @Inject(CATALOG) protected readonly catalog: Catalog,
  ) {}

  protected now(): string {
    return this.clock.now().toISOString();
  }

  protected answerOf(familyId: string, absenceId: string): (state: FamilyState) => AbsenceDto {
    return (state) => toAbsenceDto(familyId, this.catalog, state, state.absences.get(absenceId) as AbsenceState);
  }
}

/**
 * R22: the proof is checked (its type from its bytes), written to the proof store, then the
 * declaration decided and recorded with its hash. A refused declaration leaves no file behind:
 * refusals change nothing. Ids derive from the request's key, so a retry rewrites the same file
 * and the domain sees the same declaration (no event).
 */
@CommandHandler(DeclareAbsenceCommand)
export class DeclareAbsenceHandler extends AbsenceHandler implements ICommandHandler<DeclareAbsenceCommand> {
  constructor(
    runner: FamilyCommandRunner,
    @Inject(CLOCK) clock: Clock,
    @Inject(CATALOG) catalog: Catalog,
    private readonly proofs: AbsenceProofStore,
  ) {
    super(runner, clock, catalog);
  }

  async execute({ sent, slot, proof }: DeclareAbsenceCommand): Promise<AbsenceDto> {
    if (!Buffer.isBuffer(proof) || proof.length === 0) throw new ApiError('BAD_REQUEST', 'Send the proof file (PDF, JPEG or PNG) as the request body');
    const { familyId, idempotency } = sent;
    const absenceId = idempotency.derivedId('absence');
    const storageId = idempotency.derivedId('absence-proof');
    const mediaType = proofMediaTypeOf(proof);
    const sha256 = AbsenceProofStore.sha256(proof);
    // A file of no proof type is never stored: the domain refuses it (PROOF_TYPE_NOT_ACCEPTED).
    if (mediaType) await this.proofs.put(familyId, storageId, proof, sha256);
    const answerOf = this.answerOf(familyId, absenceId);
    const outcome = await this.runner.run(
      familyId,
      {
        type: 'DeclareAbsence',
        data: { absenceId, ...slot, proof: { sha256, mediaType: mediaType ?? 'application/octet-stream', sizeBytes: proof.length, storageId } },
        metadata: { now: this.now() },
      },
      requestCommandContext(sent.actor, idempotency, sent.requestId),
      idempotency.answerRecord(answerOf),
    );
    if (isLeft(outcome)) {
      if (mediaType) await this.proofs.remove(familyId, storageId);
      throwRefusal(outcome.left);
    }
    if (outcome.right.recorded) idempotency.answerRecorded();
    return answerOf(outcome.right.state);
  }
}

/** R22: an agent accepts (the day credited under ids derived from the absence: a second acceptance is a no-op) or refuses. */
@CommandHandler(DecideAbsenceCommand)
export class DecideAbsenceHandler extends AbsenceHandler implements ICommandHandler<DecideAbsenceCommand> {
  async execute({ sent, absenceId, refusal }: DecideAbsenceCommand): Promise<AbsenceDto> {
    const { familyId, actor, idempotency } = sent;
    const command: FamilyCommand = refusal
      ? { type: 'RefuseAbsence', data: { absenceId, refusedBy: actor.userId, reason: refusal.reason }, metadata: { now: this.now() } }
      : { type: 'AcceptAbsence', data: { absenceId, acceptedBy: actor.userId, cancellationId: `${absenceId}-cancellation`, creditId: `${absenceId}-credit` }, metadata: { now: this.now() } };
    const answerOf = this.answerOf(familyId, absenceId);
    const { state, recorded } = fromEither(await this.runner.run(familyId, command, requestCommandContext(actor, idempotency, sent.requestId), idempotency.answerRecord(answerOf)));
    if (recorded) idempotency.answerRecorded();
    return answerOf(state);
  }
}
