import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock, CLOCK } from '../platform/clock/clock';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { LOGGER } from '../platform/logging/logger';
import { orderPageUrl } from './checkout.service';
import { PaymentInboxProcessor } from './inbox/payment-inbox.processor';
import { PAYFIP_PAYMENTS } from './providers/payment-providers.module';
import type { PayfipRuntime } from './providers/payfip/payfip.runtime';

/** Our order and payment ids, as the checkout makes them (anything else is not ours). */
const ID = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * The family back from PayFiP's page. PayFiP's `urlredirect` carries nothing of the outcome, so
 * the portal would wait for a notification that may be late, lost, or say « abandoned ». Instead
 * the outcome is asked of PayFiP at once (`recupererDetailPaiementSecurise`, as the notification
 * does) and recorded through the payment inbox like a notification (same event id: recorded
 * once whoever reports it); the family then lands on the order's page saying what happened:
 * `?paiement=ok` when paid or still in progress (the portal waits for the ticket), `?paiement=annule`
 * when refused or abandoned (« Paiement non effectué — vos jours sont retenus jusqu'à … »).
 * PayFiP unreachable, or an idOp nobody opened: `?paiement=ok`, the notification and the re-query
 * job settle it. With a PostgreSQL store any host finds the idOp, whichever opened it.
 */
@Injectable()
export class PayfipReturnService {
  constructor(
    @Inject(PAYFIP_PAYMENTS) private readonly payfip: PayfipRuntime | null,
    private readonly inbox: PaymentInboxProcessor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Where to send the family: the order's page with what PayFiP says; undefined when PayFiP is not the provider or the ids are not ours. */
  async returnTo(orderId: string, paymentId: string): Promise<string | undefined> {
    if (this.payfip === null || !ID.test(orderId) || !ID.test(paymentId)) return undefined;
    const transaction = await this.payfip.store.findForPayment(paymentId);
    if (transaction === undefined || transaction.orderId !== orderId) return orderPageUrl(this.config.publicUrl, orderId, 'ok');
    try {
      const notification = await this.payfip.provider.outcome(transaction, this.clock.now());
      if (notification === undefined) return orderPageUrl(this.config.publicUrl, orderId, 'ok');
      await this.inbox.receive(this.payfip.provider.name, notification);
      await this.payfip.store.settle(transaction.idOp);
      return orderPageUrl(this.config.publicUrl, orderId, notification.kind === 'paid' ? 'ok' : 'annule');
    } catch (error) {
      this.logger.warn({ err: error, orderId, paymentId, idOp: transaction.idOp }, 'PayFiP outcome not known at the family’s return: the notification or the re-query job records it');
      return orderPageUrl(this.config.publicUrl, orderId, 'ok');
    }
  }
}
