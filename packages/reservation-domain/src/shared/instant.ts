import { z } from 'zod';

/** An instant, ISO 8601 in UTC as `Date#toISOString` writes it: '2026-12-01T22:59:59.999Z'. */
export type Instant = string;

export const InstantSchema = z.iso.datetime();

/**
 * Deadlines are inclusive: an action at `now` is allowed iff `now <= deadline`. Compared as
 * instants, so 'Z' texts of different precision still compare right.
 */
export function isWithinDeadline(now: Instant, deadline: Instant): boolean {
  return Date.parse(now) <= Date.parse(deadline);
}
