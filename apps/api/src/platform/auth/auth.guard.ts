import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../http/api-error';
import type { ApiRequest } from '../http/api-request';
import { ACCESS_METADATA, AccessPolicy } from './access.decorators';
import { ensureFamilyAccess } from './family-access';
import { JwtTokenService } from './jwt-token.service';

/**
 * Global guard: public routes pass; others need `Authorization: Bearer <jwt>` (401 without or
 * with a bad one), a role the route allows (403), and on routes with a `:familyId` a parent
 * reaching another family gets 404.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: JwtTokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    // Unreachable when the start-up check passed; deny rather than guess.
    if (!policy) throw new ApiError('FORBIDDEN', 'This route declares no access policy');
    if ('public' in policy) return true;

    const req = context.switchToHttp().getRequest<ApiRequest>();
    const header = req.headers.authorization;
    if (!header) throw new ApiError('UNAUTHENTICATED', 'Missing bearer token');
    const match = /^Bearer +([A-Za-z0-9_.~+/=-]+)$/i.exec(header);
    if (!match) throw new ApiError('UNAUTHENTICATED', 'Malformed Authorization header: expected "Bearer <token>"');
    const actor = this.tokens.verify(match[1]);
    req.actor = actor;

    if (!policy.roles.includes(actor.role)) throw new ApiError('FORBIDDEN', `This route is not open to the ${actor.role} role`);
    const familyId = req.params?.familyId;
    if (typeof familyId === 'string') ensureFamilyAccess(actor, familyId);
    return true;
  }
}
