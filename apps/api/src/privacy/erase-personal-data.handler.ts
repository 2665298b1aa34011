import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '@periscol/event-store';
import { familyStateAt, heldSlots } from '@periscol/reservation-domain';
import type { FamilyState, PersonalDataErased } from '@periscol/reservation-domain';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { CatalogSource } from '@periscol/application';
import { localDate } from '@periscol/application';
import { Clock, CLOCK } from '../platform/clock/clock';
import { ApiError } from '../platform/http/api-error';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { familyStreamId, personStreamId } from '@periscol/application';
import { FamilyReads } from '@periscol/application';
import { EVENT_STORE } from '../platform/store/event-store.token';
import { requestCommandContext } from '@periscol/application';
import { FamilyCommandRunner } from '@periscol/application';
import { PersonalDataCopies } from './personal-data-copies';
import type { personalDataErasureSchema } from './privacy.routes';

export type PersonalDataErasureDto = z.infer<typeof personalDataErasureSchema>;

/** One erasure per family whoever asks: its event id derives from this key, so a retry appends nothing. */
export const ERASURE_COMMAND_KEY = 'r17:personal-data-erased';

export class ErasePersonalDataCommand extends Command<PersonalDataErasureDto> {
  constructor(
    readonly familyId: string,
    readonly reason: string,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/**
 * What a municipality expects before forgetting a family (R17): nothing left between them.
 * A family leaving pays or abandons its pending orders, has its upcoming days cancelled and its
 * credit refunded (R15) first; only then does the retention period end. Throws the refusal.
 */
export function ensureSettled(state: FamilyState, today: string): void {
  if (state.pendingOrderIds.length > 0) {
    throw new ApiError('ORDERS_PENDING', 'This family has orders awaiting payment or « OK »: they must be paid or abandoned before its data is erased', [
      { orderIds: [...state.pendingOrderIds] },
    ]);
  }
  if (state.balanceCents > 0) {
    throw new ApiError('CREDIT_BALANCE_NOT_ZERO', 'This family still has a credit balance: refund it before its data is erased (R15)', [
      { balanceCents: state.balanceCents },
    ]);
  }
  const upcoming = heldSlots(state).filter((slot) => slot.status === 'reserved' && slot.date >= today);
  if (upcoming.length > 0) {
    const dates = [...new Set(upcoming.map((slot) => slot.date))].sort();
    throw new ApiError('RESERVATIONS_UPCOMING', `This family has ${upcoming.length} reserved day(s) from ${dates[0]} on: cancel them before its data is erased`, [
      { count: upcoming.length, firstDate: dates[0] },
    ]);
  }
}

/**
 * R17's one deletion: first `PersonalDataErased` in the family stream, decided on the state it
 * is appended to (so no reservation or credit slips in between), then `deleteStream` of
 * `person-<familyId>`, then the copies (ticket e-mails, WAL frames: PersonalDataCopies).
 * Recorded first: a crash in between leaves the erasure on record and the retry (a no-op for
 * the family stream) completes the deletion; the persons read model drops the row on the
 * event. The family stream itself never held personal data and stays whole.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly runner: FamilyCommandRunner,
    private readonly reads: FamilyReads,
    private readonly catalogs: CatalogSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly copies: PersonalDataCopies,
  ) {}

  async execute({ familyId, reason, actor, idempotency, requestId }: ErasePersonalDataCommand): Promise<PersonalDataErasureDto> {
    if (!(await this.reads.familyState(familyId))) throw new ApiError('FAMILY_NOT_REGISTERED', `Family ${familyId} is not registered`);
    const now = this.clock.now();
    const today = localDate(now, (await this.catalogs.refresh()).timezone);
    const { events, state } = fromEither(
      await this.runner.run(
        familyId,
        { type: 'RecordPersonalDataErased', data: { reason }, metadata: { now: now.toISOString() } },
        { ...requestCommandContext(actor, idempotency, requestId), idempotencyKey: ERASURE_COMMAND_KEY },
        { precondition: (state) => (state.erasedAt === null ? ensureSettled(familyStateAt(state, now.toISOString()), today) : undefined) },
      ),
    );
    await this.store.deleteStream(personStreamId(familyId));
    await this.copies.erase(state);
    const erasure = events.find((event) => event.type === 'PersonalDataErased') ?? (await this.recordedErasure(familyId));
    const data = erasure.data as PersonalDataErased['data'];
    return { familyId, erasedAt: data.erasedAt, reason: data.reason, personStreamDeleted: true };
  }

  /** The family's erasure event, when an earlier request recorded it. */
  private async recordedErasure(familyId: string) {
    const { events } = await this.store.readStream(familyStreamId(familyId));
    const found = events.find((event) => event.type === 'PersonalDataErased');
    if (!found) throw new Error(`Family ${familyId}: erasure decided but not found in its stream`);
    return found;
  }
}
