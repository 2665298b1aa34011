import { BadRequestException, InternalServerErrorException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@periscol/event-store';
import { left, right } from 'fp-ts/Either';
import { ApiError } from './api-error';
import { ERROR_CODES } from './error-codes';
import { toErrorResponse } from './error-response';
import { fromEither, throwRefusal } from './refusal';

describe('the one error mapping', () => {
  it('follows the contract: 400 input, 401/403 auth, 404, 409 conflicts, 422 rules, 5xx never for input', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      const expected: Record<string, number[]> = { input: [400, 409], auth: [401, 403], not_found: [404], conflict: [409], gone: [410], rule: [422], transient: [409, 429, 502, 503], internal: [500] };
      expect({ code, ok: expected[spec.kind].includes(spec.status) }).toEqual({ code, ok: true });
    }
    expect(ERROR_CODES.SLOT_TAKEN.status).toBe(409);
    expect(ERROR_CODES.IDEMPOTENCY_KEY_REUSED.status).toBe(409);
    expect(ERROR_CODES.DEADLINE_PASSED.status).toBe(422);
    expect(ERROR_CODES.NOT_ENROLLED.status).toBe(422);
  });

  it('an ApiError answers with its code, message and details', () => {
    expect(toErrorResponse(new ApiError('SLOT_TAKEN', 'Slot taken', [{ date: '2026-12-01' }]))).toEqual({
      status: 409,
      kind: 'conflict',
      body: { error: { code: 'SLOT_TAKEN', message: 'Slot taken', details: [{ date: '2026-12-01' }] } },
    });
  });

  it.each([
    [{ type: 'entity.parse.failed', status: 400 }, 'MALFORMED_JSON'],
    [{ type: 'entity.too.large', status: 413 }, 'BODY_TOO_LARGE'],
    [{ type: 'charset.unsupported', status: 415 }, 'UNSUPPORTED_CONTENT_TYPE'],
    [{ type: 'encoding.unsupported', status: 415 }, 'UNSUPPORTED_CONTENT_TYPE'],
    [new NotFoundException('Cannot GET /api/x'), 'NOT_FOUND'],
    [new BadRequestException('bad'), 'BAD_REQUEST'],
    [new PayloadTooLargeException(), 'BODY_TOO_LARGE'],
    [new URIError('URI malformed'), 'BAD_REQUEST'],
    // What body-parser raises for a body its Content-Encoding does not decode.
    [Object.assign(new Error('incorrect header check'), { status: 400, statusCode: 400, expose: true }), 'BAD_REQUEST'],
    [Object.assign(new Error('too many'), { status: 429, expose: true }), 'RATE_LIMITED'],
  ])('maps %p to 400-class %s', (error, code) => {
    const answer = toErrorResponse(error);
    expect(answer.body.error.code).toBe(code);
    expect(answer.status).toBeLessThan(500);
  });

  it("maps the store's conflict to a transient 409, never stored", () => {
    const answer = toErrorResponse(new WrongExpectedRevisionError('family-F1', 3, 4));
    expect(answer).toMatchObject({ status: 409, kind: 'transient', body: { error: { code: 'CONCURRENCY_CONFLICT' } } });
  });

  it('maps a store that does not answer to a transient 503, never stored', () => {
    const answer = toErrorResponse(new EventStoreUnavailableError('append', new Error('14 UNAVAILABLE: No connection established')));
    expect(answer).toMatchObject({ status: 503, kind: 'transient', body: { error: { code: 'SERVICE_UNAVAILABLE' } } });
  });

  it("maps other parts' coded errors through the same table (e.g. a payment adapter's)", () => {
    class InvalidSignatureError extends Error {
      readonly code = 'INVALID_SIGNATURE';
      readonly httpStatus = 400;
      readonly details = [];
    }
    expect(toErrorResponse(new InvalidSignatureError('bad signature'))).toMatchObject({ status: 400, body: { error: { code: 'INVALID_SIGNATURE', message: 'bad signature' } } });
  });

  it.each([[new Error('ENOENT /etc/secret')], [new InternalServerErrorException('db down at 10.0.0.3')], [{ code: 'INTERNAL', message: 'x' }], [{ status: 400, message: 'not exposed' }], [{ status: 503, expose: true }], ['a string'], [undefined]])(
    'anything else → 500 INTERNAL with nothing leaked (%p)',
    (error) => {
      const answer = toErrorResponse(error);
      expect(answer.status).toBe(500);
      expect(answer.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal error', details: [] } });
      expect(answer.unexpected).toBe(error);
    },
  );
});

describe('refusal helpers for handlers', () => {
  it('fromEither returns the Right value', () => {
    expect(fromEither(right({ orderId: 'o-1' }))).toEqual({ orderId: 'o-1' });
  });

  it('fromEither throws the Left refusal as its HTTP answer, details wrapped in an array', () => {
    let thrown: unknown;
    try {
      fromEither(left({ code: 'DEADLINE_PASSED', message: 'Réservation close', details: { date: '2026-12-01' } }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(toErrorResponse(thrown)).toMatchObject({ status: 422, kind: 'rule', body: { error: { code: 'DEADLINE_PASSED', details: [{ date: '2026-12-01' }] } } });
  });

  it('throwRefusal keeps array details as they are', () => {
    expect(() => throwRefusal({ code: 'SLOT_TAKEN', message: 'x', details: [1, 2] })).toThrow(expect.objectContaining({ status: 409, details: [1, 2] }));
  });
});
