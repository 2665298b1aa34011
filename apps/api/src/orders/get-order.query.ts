import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { orderView } from '@periscol/reservation-domain';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { notFound } from '../platform/http/api-error';
import { FamilyReads } from '@periscol/application';
import { ownerOfOrder, requireFamilyState } from '../families/family-lookup';
import { OrderDto, toOrderDto } from './order.dto';

export class GetOrderQuery extends Query<OrderDto> {
  constructor(
    readonly orderId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** A pending order whose hold is over already shows as expired (R6), before the scheduler records it. */
@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery> {
  constructor(
    private readonly reads: FamilyReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ orderId, actor }: GetOrderQuery): Promise<OrderDto> {
    const familyId = await ownerOfOrder(this.reads, actor, orderId);
    const view = orderView(await requireFamilyState(this.reads, familyId), orderId, this.clock.now().toISOString());
    if (!view) throw notFound('Order not found');
    return toOrderDto(familyId, view);
  }
}
