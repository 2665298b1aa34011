import { Inject, Injectable } from '@nestjs/common';
import { SIMULATED_PAYMENTS } from './providers/payment-providers.module';
import type { SimulatedPaymentProvider } from './providers/simulated-payment-provider.adapter';

/**
 * What R17's erasure asks of the payment side: the simulated site's sessions keep their lines,
 * whose labels name the children (« Léa — Restauration scolaire — … »); they are redacted, their
 * amounts kept. Stripe's Checkout Sessions hold the same labels at Stripe (a processor of the
 * town's, under its own retention); PayFiP receives no line, only the payer's e-mail.
 */
@Injectable()
export class PaymentSiteCopies {
  constructor(@Inject(SIMULATED_PAYMENTS) private readonly simulated: SimulatedPaymentProvider | null) {}

  eraseFamily(familyId: string): void {
    this.simulated?.redactFamily(familyId);
  }
}
