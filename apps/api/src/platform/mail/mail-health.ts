import type { HealthCheck, HealthCheckResult } from '../health/health-checks';
import type { MailOutbox } from './mail-outbox.port';

export interface MailHealthPolicy {
  /** A message still failing this long after it was enqueued makes e-mail unhealthy. */
  readonly maxFailingMs: number;
  /** So does a message whose attempts all failed, this many of them (one is a greylisting server). */
  readonly maxFailedAttempts: number;
}

export const DEFAULT_MAIL_HEALTH: MailHealthPolicy = { maxFailingMs: 15 * 60_000, maxFailedAttempts: 3 };

/**
 * `mail` in `/api/health`: fails while e-mails keep failing (SMTP server down, refusing our
 * credentials…), read from the shared outbox so every process tells the same. The detail holds
 * counts only: the endpoint is public, and SMTP errors name recipients.
 */
export function mailHealthCheck(outbox: MailOutbox, clock: () => Date, policy: MailHealthPolicy = DEFAULT_MAIL_HEALTH): HealthCheck {
  return {
    name: 'mail',
    run: async (): Promise<HealthCheckResult> => {
      const failing = await outbox.failing();
      if (failing.count === 0 || failing.oldestEnqueuedAt === undefined) return { ok: true, detail: 'no e-mail failing' };
      const forMs = clock().getTime() - failing.oldestEnqueuedAt.getTime();
      const ok = forMs <= policy.maxFailingMs && failing.mostAttempts < policy.maxFailedAttempts;
      const attempts = `${failing.mostAttempts} attempt${failing.mostAttempts === 1 ? '' : 's'}`;
      return { ok, detail: `${failing.count} e-mail${failing.count === 1 ? '' : 's'} failing, for ${Math.floor(forMs / 60_000)} min, after ${attempts}` };
    },
  };
}
