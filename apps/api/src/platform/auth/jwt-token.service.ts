import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, KeyObject } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Clock, CLOCK } from '../clock/clock';
import { ApiError } from '../http/api-error';
import { Actor, actorFromClaims, TokenClaims, tokenClaimsSchema } from './actor';

export const TOKEN_ISSUER = 'periscol';
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;
const MAX_CACHED_TOKENS = 10_000;

/** HS256 bearer tokens; issue and expiry times come from the injected clock. */
@Injectable()
export class JwtTokenService {
  /**
   * The secret as a KeyObject, made once: given a string, jsonwebtoken tries createPublicKey
   * (which throws) then createSecretKey on every call — about a fifth of the API's CPU under load.
   */
  private readonly key: KeyObject;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  sign(claims: TokenClaims, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS): string {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const payload = { ...tokenClaimsSchema.parse(claims), iat, exp: iat + ttlSeconds, iss: TOKEN_ISSUER };
    return jwt.sign(payload, this.key, { algorithm: 'HS256' });
  }

  /**
   * Tokens already verified, by their exact text (a signature check costs ~5 % of a planning
   * read). Only tokens that passed `jwt.verify` enter; expiry is re-checked on every hit.
   */
  private readonly verified = new Map<string, { actor: Actor; expSeconds: number }>();

  /** The actor of a valid token; `401 UNAUTHENTICATED` for anything else. */
  verify(token: string): Actor {
    const result = this.check(token);
    if ('refused' in result) throw new ApiError('UNAUTHENTICATED', result.refused);
    return result.actor;
  }

  /** The actor of a valid token, or null: for callers that only need to know who it is (rate limits). */
  actorOf(token: string): Actor | null {
    const result = this.check(token);
    return 'actor' in result ? result.actor : null;
  }

  private check(token: string): { actor: Actor } | { refused: string } {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const cached = this.verified.get(token);
    if (cached) {
      if (nowSeconds < cached.expSeconds) return { actor: cached.actor };
      this.verified.delete(token);
    }
    let decoded: unknown;
    try {
      decoded = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: TOKEN_ISSUER, clockTimestamp: nowSeconds });
    } catch (error) {
      return { refused: error instanceof jwt.TokenExpiredError ? 'The token has expired' : 'Invalid token' };
    }
    // A token without `exp` would be valid forever: every token this API issues carries one.
    const exp = (decoded as { exp?: unknown }).exp;
    if (typeof exp !== 'number') return { refused: 'The token has no expiry (exp)' };
    const claims = tokenClaimsSchema.safeParse(decoded);
    if (!claims.success) return { refused: 'Invalid token claims' };
    const actor = actorFromClaims(claims.data);
    if (this.verified.size >= MAX_CACHED_TOKENS) this.verified.clear();
    this.verified.set(token, { actor, expSeconds: exp });
    return { actor };
  }
}
