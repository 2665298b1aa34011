import { providerPayments } from '@periscol/application';
import type Database from 'better-sqlite3';
import type { HealthCheckResult } from '../../platform/health/health-checks';

/** A payment received this long ago and still not in the ledger makes `/api/health` fail. */
export const PAYMENT_RECORDING_DELAY_MS = 10 * 60_000;

/**
 * The `payments` health check: the providers' payments (paid notifications in the inbox, the
 * simulated site's paid sessions) that no processed notification has brought into the ledger
 * yet. A few seconds' wait is normal (the inbox retries); one older than the delay is not.
 * A cheap query over the operations database, run at each health request; `verify` compares
 * the same payments with the events themselves.
 */
export function paymentsHealth(db: Database.Database, now: Date, delayMs = PAYMENT_RECORDING_DELAY_MS): HealthCheckResult {
  const pending = providerPayments(db, { pendingOnly: true });
  const late = pending.filter((payment) => payment.knownSince <= now.getTime() - delayMs);
  if (late.length === 0) {
    return { ok: true, detail: pending.length === 0 ? 'every payment received is recorded' : `${pending.length} payment(s) received being recorded` };
  }
  const oldest = late[0];
  return {
    ok: false,
    detail:
      `${late.length} payment(s) received but not recorded after ${Math.round(delayMs / 60_000)} min; oldest: ${oldest.provider} ${oldest.providerPaymentId} ` +
      `(family ${oldest.familyId}, order ${oldest.orderId}, ${oldest.amountCents} cents) since ${new Date(oldest.knownSince).toISOString()}`,
  };
}
