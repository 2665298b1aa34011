import * as jwt from 'jsonwebtoken';
import { ManualClock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { ApiError } from '../http/api-error';
import { JwtTokenService } from './jwt-token.service';

describe('JwtTokenService: verified tokens are remembered, expiry is not', () => {
  const config = { jwtSecret: 'a-test-secret-long-enough-for-hs256-0123456789' } as AppConfig;

  it('accepts a token again without re-verifying it, and refuses it once expired', () => {
    const clock = new ManualClock('2026-11-26T09:00:00.000Z');
    const tokens = new JwtTokenService(config, clock);
    const token = tokens.sign({ sub: 'parent-1', role: 'parent', familyId: 'famille-martin' }, 60);

    expect(tokens.verify(token)).toMatchObject({ userId: 'parent-1', role: 'parent', familyId: 'famille-martin' });
    clock.advance({ seconds: 59 });
    expect(tokens.verify(token).userId).toBe('parent-1');
    clock.advance({ seconds: 1 });
    expect(() => tokens.verify(token)).toThrow(ApiError);
  });

  it('never remembers a token that failed verification', () => {
    const clock = new ManualClock();
    const other = new JwtTokenService({ jwtSecret: 'another-secret-long-enough-for-hs256-987654321' } as AppConfig, clock);
    const tokens = new JwtTokenService(config, clock);
    const forged = other.sign({ sub: 'admin-1', role: 'admin' });
    expect(() => tokens.verify(forged)).toThrow(ApiError);
    expect(() => tokens.verify(forged)).toThrow(ApiError);
  });

  it('refuses a well-signed token without exp: it would never expire', () => {
    const tokens = new JwtTokenService(config, new ManualClock());
    const forever = jwt.sign({ sub: 'agent-7', role: 'admin', iss: 'periscol' }, config.jwtSecret, { algorithm: 'HS256' });
    expect(() => tokens.verify(forever)).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', message: 'The token has no expiry (exp)' }));
    expect(tokens.actorOf(forever)).toBeNull();
  });

  it('every token it signs carries exp', () => {
    const clock = new ManualClock('2026-11-26T09:00:00.000Z');
    const token = new JwtTokenService(config, clock).sign({ sub: 'demo-admin', role: 'admin' });
    expect(jwt.decode(token)).toMatchObject({ iat: 1795683600, exp: 1795683600 + 12 * 3600 });
  });

  it('actorOf answers null instead of throwing', () => {
    const tokens = new JwtTokenService(config, new ManualClock());
    expect(tokens.actorOf('not.a.jwt')).toBeNull();
    expect(tokens.actorOf(tokens.sign({ sub: 'p', role: 'parent', familyId: 'F1' }))).toEqual({ userId: 'p', role: 'parent', familyId: 'F1' });
  });
});
