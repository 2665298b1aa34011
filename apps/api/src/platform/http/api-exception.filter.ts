import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../logging/logger';
import { HttpRequest, HttpResponse, requestIdOf } from './api-request';
import { toErrorResponse } from './error-response';

/** The one exception filter: every error leaves the API as `{ error: { code, message, details } }`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<HttpRequest>();
    const res = http.getResponse<HttpResponse>();
    const answer = toErrorResponse(exception);
    if (answer.unexpected !== undefined) {
      // Logged with its stack for the operator; the client only sees "Internal error".
      this.logger.error({ err: answer.unexpected, requestId: requestIdOf(req) }, 'unexpected error');
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (answer.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(answer.status).json(answer.body);
  }
}
