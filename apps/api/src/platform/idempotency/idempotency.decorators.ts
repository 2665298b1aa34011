import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ApiRequest } from '../http/api-request';
import type { IdempotencyMode } from '../routing/route-definition';
import type { IdempotencyContext } from './idempotency-context';

export const IDEMPOTENCY_METADATA = 'periscol:idempotency';

/**
 * Sets a route's idempotency mode (`@Route` does it from the definition). Routes without it:
 * mutating methods require a key (`stored`), reads do not.
 */
export const Idempotency = (mode: IdempotencyMode) => SetMetadata(IDEMPOTENCY_METADATA, mode);

/** The request's `IdempotencyContext` (mutating routes only). */
export const IdempotencyCtx = createParamDecorator((_data: unknown, ctx: ExecutionContext): IdempotencyContext => {
  const context = ctx.switchToHttp().getRequest<ApiRequest>().idempotency;
  if (!context) throw new Error('@IdempotencyCtx() used on a route without idempotency');
  return context;
});
