import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ApiRequest } from '../http/api-request';
import type { Actor, Role } from './actor';

export const ACCESS_METADATA = 'periscol:access';

/** Who may call a route. Every route must have one (checked at start-up). */
export type AccessPolicy = { readonly public: true } | { readonly roles: readonly Role[] };

/** No token needed (health, docs, demo token, signed webhooks, the payment page). */
export const Public = () => SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessPolicy);

/** A valid bearer token with one of these roles; otherwise 401 (no/bad token) or 403 (role). */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_METADATA, { roles } satisfies AccessPolicy);

/** The authenticated caller, set by the guard. Only on non-public routes. */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<ApiRequest>().actor;
  if (!actor) throw new Error('@CurrentActor() used on a route without authentication');
  return actor;
});
