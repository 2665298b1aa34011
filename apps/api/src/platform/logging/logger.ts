import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import type { LogLevel } from '../config/app-config';
import { errorWithoutEmails, maskEmails, maskEmailsDeep, PERSONAL_DATA_PATHS } from './personal-data-masking';

/** Injection token of the pino `Logger`. */
export const LOGGER = Symbol('LOGGER');

/**
 * Structured JSON logs (pino). What goes in: ids, codes, routes, timings and roles; never names,
 * e-mails nor bodies (R17). Were one to slip in anyway (an SMTP error names its recipient), any
 * e-mail address is masked, in the message and every field, and fields named for personal
 * data are redacted. `destination` lets tests capture lines.
 */
export function createLogger(options: { level: LogLevel; instanceId: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'periscol-api', instance: options.instanceId },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Belt and braces: were a header object ever logged, its secrets would not be.
      redact: { paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.token', ...PERSONAL_DATA_PATHS], censor: '[redacted]' },
      serializers: { err: errorWithoutEmails },
      formatters: { log: (fields) => maskEmailsDeep(fields) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskEmails(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}

/** Routes Nest's own messages (start-up, route mapping) to pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
  fatal(message: unknown, context?: string): void {
    this.logger.fatal({ context }, String(message));
  }
}
