import { Controller, Param } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import { Route } from '../platform/routing/route.decorator';
import { AbandonOrderCommand } from './abandon-order.handler';
import { ConfirmOrderCommand } from './confirm-order.handler';
import { GetOrderQuery } from './get-order.query';
import type { OrderDto } from './order.dto';
import { abandonOrderRoute, confirmOrderRoute, getOrderRoute } from './orders.routes';

@Controller()
export class OrdersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(getOrderRoute)
  get(@Param('orderId') orderId: string, @CurrentActor() actor: Actor): Promise<OrderDto> {
    return this.queries.execute(new GetOrderQuery(orderId, actor));
  }

  @Route(confirmOrderRoute)
  confirm(@Param('orderId') orderId: string, @CurrentActor() actor: Actor, @IdempotencyCtx() idem: IdempotencyContext, @RequestId() requestId?: string): Promise<OrderDto> {
    return this.commands.execute(new ConfirmOrderCommand(orderId, actor, idem, requestId));
  }

  @Route(abandonOrderRoute)
  abandon(@Param('orderId') orderId: string, @CurrentActor() actor: Actor, @IdempotencyCtx() idem: IdempotencyContext, @RequestId() requestId?: string): Promise<OrderDto> {
    return this.commands.execute(new AbandonOrderCommand(orderId, actor, idem, requestId));
  }
}
