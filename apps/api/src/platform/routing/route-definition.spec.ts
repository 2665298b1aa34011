import { z } from 'zod';
import { defineRoute, idempotencyModeOf, successStatus } from './route-definition';

const base = { operationId: 'op', summary: 's', tags: ['t'], access: ['admin'] as const, responses: { 200: { description: 'ok' } } };

describe('defineRoute', () => {
  it('keeps the definition and finds its success status', () => {
    const route = defineRoute({ ...base, method: 'POST', path: '/api/x', responses: { 201: { description: 'created' }, 200: { description: 'replayed' } } });
    expect(successStatus(route)).toBe(200);
    expect(idempotencyModeOf(route)).toBe('stored');
    expect(idempotencyModeOf({ method: 'GET' })).toBe('none');
    expect(idempotencyModeOf({ method: 'POST', idempotency: 'none' })).toBe('none');
  });

  it('refuses a route without a 2xx response', () => {
    expect(() => defineRoute({ ...base, method: 'GET', path: '/api/x', responses: { 404: { description: 'no' } } })).toThrow(/2xx/);
  });

  it('refuses params schemas that do not match the path', () => {
    expect(() => defineRoute({ ...base, method: 'GET', path: '/api/f/:familyId', params: z.object({ orderId: z.string() }) })).toThrow(/orderId/);
    expect(() => defineRoute({ ...base, method: 'GET', path: '/api/f/:familyId/:childId', params: z.object({ familyId: z.string() }) })).toThrow(/childId/);
  });
});
