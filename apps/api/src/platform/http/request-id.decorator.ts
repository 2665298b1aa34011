import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiRequest } from './api-request';

/** The request's id (also in logs and `X-Request-Id`): use it as the events' correlationId. */
export const RequestId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => ctx.switchToHttp().getRequest<ApiRequest>().requestId);
