import type { SimulatedPaymentProvider } from '../providers/simulated-payment-provider.adapter';
import type { PaymentInbox } from './payment-inbox';
import type { OverdueNotification } from './payment-inbox.processor';

/** A session paid this recently may still have its notification on the way (« Payer » in progress). */
export const SIMULATED_REDELIVERY_GRACE_MS = 60_000;

/**
 * What a real provider does for a notification that never got through (Stripe retries for
 * days; PayFiP is queried again), the simulated site does through the inbox: a session it marked
 * paid whose notification never reached the inbox (the process died in between, the inbox could
 * not be written) is notified again — the same signed event, verified by the same path.
 */
export function overdueSimulatedNotifications(inbox: PaymentInbox, simulated: SimulatedPaymentProvider, now: Date): OverdueNotification[] {
  const paidBefore = new Date(now.getTime() - SIMULATED_REDELIVERY_GRACE_MS);
  return inbox.simulatedSessionsNotNotified(paidBefore).map((sessionId) => {
    const { body, headers } = simulated.signedNotification(simulated.session(sessionId), now);
    return { provider: simulated.name, notification: simulated.parseWebhook(body, headers) };
  });
}
