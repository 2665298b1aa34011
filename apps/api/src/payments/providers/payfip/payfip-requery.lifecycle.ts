import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { Clock, CLOCK } from '../../../platform/clock/clock';
import { LOGGER } from '../../../platform/logging/logger';
import { PaymentInboxProcessor } from '../../inbox/payment-inbox.processor';
import { PAYMENTS_FLOW_OVERRIDES, type PaymentsFlowOverrides } from '../../payments-flow.overrides';
import { PAYFIP_PAYMENTS } from '../payment-providers.module';
import { PayfipRequeryJob } from './payfip-requery.job';
import type { PayfipRuntime } from './payfip.runtime';

/** Runs the PayFiP re-query job with the app when PayFiP is the provider, and stops it (and the simulator) on shutdown. */
@Injectable()
export class PayfipRequeryLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  /** Undefined unless PayFiP is the provider. */
  readonly job: PayfipRequeryJob | undefined;

  constructor(
    @Inject(PAYFIP_PAYMENTS) private readonly payfip: PayfipRuntime | null,
    inbox: PaymentInboxProcessor,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Optional() @Inject(PAYMENTS_FLOW_OVERRIDES) overrides?: PaymentsFlowOverrides,
  ) {
    if (payfip === null) return;
    this.job = new PayfipRequeryJob({
      store: payfip.store,
      outcome: (transaction, now) => payfip.provider.outcome(transaction, now),
      record: (notification) => inbox.receive(payfip.provider.name, notification),
      clock: () => clock.now(),
      logger,
      ...(overrides?.payfipRequeryScheduler ? { scheduler: overrides.payfipRequeryScheduler } : {}),
    });
  }

  onApplicationBootstrap(): void {
    this.job?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job?.stop();
    await this.payfip?.simulator?.close();
  }
}
