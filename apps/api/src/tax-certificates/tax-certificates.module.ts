import { Injectable, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { EventStore } from '@periscol/event-store';
import { DocumentNumbering, FamilyReads, TaxCertificates } from '@periscol/application';
import type { Catalog } from '@periscol/reservation-domain';
import type { Logger } from 'pino';
import { CATALOG } from '../platform/application/application.module';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { Clock, CLOCK } from '../platform/clock/clock';
import { LOGGER } from '../platform/logging/logger';
import type { MailServices } from '../platform/mail/mail.config';
import { MAIL_SERVICES } from '../platform/mail/mail.module';
import { EVENT_STORE } from '../platform/store/event-store.token';
import { TaxCertificatePdf } from './tax-certificate-pdf.service';
import { TaxCertificateMailing } from './tax-certificate-mailing.job';
import { TaxCertificatesController } from './tax-certificates.controller';

@Injectable()
class TaxCertificateMailingLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly mailing: TaxCertificateMailing) {}

  onApplicationBootstrap(): void {
    this.mailing.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.mailing.stop();
  }
}

/** The attestation fiscale de frais de garde (R21): its download and its January e-mail. */
@Module({
  controllers: [TaxCertificatesController],
  providers: [
    {
      provide: TaxCertificates,
      useFactory: (store: EventStore, catalog: Catalog) => new TaxCertificates({ store, catalog: () => catalog, numbering: new DocumentNumbering(store) }),
      inject: [EVENT_STORE, CATALOG],
    },
    TaxCertificatePdf,
    {
      provide: TaxCertificateMailing,
      useFactory: (reads: FamilyReads, certificates: TaxCertificates, catalog: Catalog, mail: MailServices, config: AppConfig, clock: Clock, logger: Logger) =>
        new TaxCertificateMailing({ reads, certificates, catalog: () => catalog, mail, portalUrl: `${config.publicUrl}/`, clock: () => clock.now(), logger }),
      inject: [FamilyReads, TaxCertificates, CATALOG, MAIL_SERVICES, APP_CONFIG, CLOCK, LOGGER],
    },
    TaxCertificateMailingLifecycle,
  ],
  exports: [TaxCertificates, TaxCertificateMailing],
})
export class TaxCertificatesModule {}
