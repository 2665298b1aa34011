import { InvalidReadError } from './event-store.errors';
import type { ReadAllOptions, ReadStreamOptions } from './event-store.port';

function check(name: string, value: unknown, min: number): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)) {
    throw new InvalidReadError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

export function validateReadStream(streamId: unknown, options: ReadStreamOptions): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new InvalidReadError('stream id must be a non-empty string');
  check('fromRevision', options.fromRevision, 0);
  check('maxCount', options.maxCount, 0);
}

export function validateReadAll(options: ReadAllOptions): void {
  check('after', options.after, 0);
  check('limit', options.limit, 0);
}

export function validateSubscribeAfter(after: unknown): void {
  if (after === undefined) throw new InvalidReadError('after (the checkpoint) is required: 0 to start from the beginning');
  check('after', after, 0);
}
