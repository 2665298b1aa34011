import { HttpException } from '@nestjs/common';
import { ApiError, ErrorBody } from './api-error';
import { codeForStatus, ERROR_CODES, ErrorKind, isErrorCode } from './error-codes';

/** What the client receives for an error, plus how the idempotency layer should treat it. */
export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  readonly kind: ErrorKind;
  /** The original error when it was not answered on purpose (logged, never sent). */
  readonly unexpected?: unknown;
}

// body-parser / raw-body error types (https://github.com/expressjs/body-parser#errors).
const BODY_PARSER_ERRORS: Record<string, { code: 'MALFORMED_JSON' | 'BODY_TOO_LARGE' | 'UNSUPPORTED_CONTENT_TYPE' | 'BAD_REQUEST'; message: string }> = {
  'entity.parse.failed': { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' },
  'entity.too.large': { code: 'BODY_TOO_LARGE', message: 'The request body is too large' },
  'encoding.unsupported': { code: 'UNSUPPORTED_CONTENT_TYPE', message: 'Send the body uncompressed (no Content-Encoding)' },
  'charset.unsupported': { code: 'UNSUPPORTED_CONTENT_TYPE', message: 'Unsupported charset: send UTF-8 JSON' },
  'request.aborted': { code: 'BAD_REQUEST', message: 'The request was aborted' },
  'request.size.invalid': { code: 'BAD_REQUEST', message: 'The request body does not match its Content-Length' },
  'stream.encoding.set': { code: 'BAD_REQUEST', message: 'The request body could not be read' },
  'stream.not.readable': { code: 'BAD_REQUEST', message: 'The request body could not be read' },
  'parameters.too.many': { code: 'BAD_REQUEST', message: 'Too many parameters' },
  // Raised by our own body handling (`body-parsing.ts`) for a non-JSON body on a JSON route.
  'content-type.unsupported': { code: 'UNSUPPORTED_CONTENT_TYPE', message: 'Send the body as application/json' },
};

/**
 * Turns anything thrown while serving a request into the contract's error answer. Used by the
 * exception filter (to answer) and by the idempotency interceptor (to store refusals), so both
 * always agree. Unknown errors become `500 INTERNAL` with no internals in the body.
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof ApiError) return fromCode(error.code, error.message, error.details);

  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = codeForStatus(status);
    if (ERROR_CODES[code].kind === 'internal') return internal(error);
    return fromCode(code, httpExceptionMessage(error));
  }

  if (isObject(error)) {
    const parserType = typeof error.type === 'string' ? BODY_PARSER_ERRORS[error.type] : undefined;
    if (parserType) return fromCode(parserType.code, parserType.message);

    // URIError from a badly percent-encoded path parameter (Express sets status 400).
    if (error instanceof URIError) return fromCode('BAD_REQUEST', 'Malformed percent-encoding in the URL');

    if (error.code === 'READ_MODELS_UNAVAILABLE') {
      return fromCode('SERVICE_UNAVAILABLE', 'The read models are not available; retry in a moment');
    }
    // The store did not answer (or too late): whether a write happened is unknown, a retry with
    // the same Idempotency-Key is safe.
    if (error.code === 'STORE_UNAVAILABLE') {
      return fromCode('SERVICE_UNAVAILABLE', 'The event store is not available; retry in a moment with the same Idempotency-Key');
    }
    if (error.code === 'WRONG_EXPECTED_REVISION') {
      return fromCode('CONCURRENCY_CONFLICT', 'The data changed while the request was processed; retry it');
    }
    // Coded errors of other parts of the API (payment adapters, domain refusals wrapped as errors).
    if (isErrorCode(error.code) && ERROR_CODES[error.code].kind !== 'internal') {
      const message = typeof error.message === 'string' ? error.message : error.code;
      return fromCode(error.code, message, toDetails(error.details));
    }
    // Other http-errors the HTTP stack raises about the request itself (status 4xx, `expose`).
    const status = error.status ?? error.statusCode;
    if (error.expose === true && typeof status === 'number' && status >= 400 && status < 500) {
      return fromCode(codeForStatus(status), 'The request could not be read');
    }
  }
  return internal(error);
}

function fromCode(code: keyof typeof ERROR_CODES, message: string, details: readonly unknown[] = []): ErrorResponse {
  const spec = ERROR_CODES[code];
  return { status: spec.status, kind: spec.kind, body: { error: { code, message, details } } };
}

function internal(error: unknown): ErrorResponse {
  return { ...fromCode('INTERNAL', 'Internal error'), unexpected: error };
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  if (isObject(response) && typeof response.message === 'string') return response.message;
  return error.message;
}

export function toDetails(details: unknown): readonly unknown[] {
  if (details === undefined || details === null) return [];
  return Array.isArray(details) ? details : [details];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
