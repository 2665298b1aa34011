import { Global, Inject, Injectable, Module, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { LeasedReactor, type EventStore, type LeaseStatus } from '@periscol/event-store';
import type { Catalog } from '@periscol/reservation-domain';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { CATALOG } from '../platform/application/application.module';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { Clock, CLOCK } from '../platform/clock/clock';
import { HealthChecks } from '../platform/health/health-checks';
import { LOGGER } from '../platform/logging/logger';
import type { MailServices } from '../platform/mail/mail.config';
import { MAIL_SERVICES } from '../platform/mail/mail.module';
import { DocumentNumbering } from '@periscol/application';
import { OPERATIONS_DB } from '../platform/operations/operations-database';
import { PAYMENTS_FLOW_OVERRIDES, type PaymentsFlowOverrides } from '../payments/payments-flow.overrides';
import { FamilyCommandRunner } from '@periscol/application';
import { FamilyReads } from '@periscol/application';
import { EVENT_STORE } from '../platform/store/event-store.token';
import { FAMILY_COMMANDS, FAMILY_READS, type FamilyCommandPort, type FamilyReadPort } from './family-services.port';
import { TicketIssuer } from './ticket-issuer.service';
import { storeSharedAcrossHosts, TICKET_LEASE_NAME, TICKET_LEASE_TIMING, ticketLeaseHolder, TicketMailDuty } from './ticket-lease';
import { TicketProcess } from './ticket-process';

/**
 * Starts the ticket process with the app and stops it first on shutdown; reports it in
 * /api/health. With a store shared by several hosts, the process runs only while this API process
 * holds the lease `lease-tickets` (see `ticket-lease.ts`), and the health says whether it does.
 */
@Injectable()
export class TicketProcessLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly leased: LeasedReactor | undefined;

  constructor(
    private readonly process: TicketProcess,
    private readonly healthChecks: HealthChecks,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    duty: TicketMailDuty,
    @Inject(MAIL_SERVICES) mail: MailServices,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Optional() @Inject(PAYMENTS_FLOW_OVERRIDES) private readonly overrides?: PaymentsFlowOverrides,
  ) {
    if (!storeSharedAcrossHosts(store)) return;
    this.leased = new LeasedReactor(process, {
      store,
      name: TICKET_LEASE_NAME,
      holder: ticketLeaseHolder(config.instanceId),
      clock: () => clock.now(),
      ...TICKET_LEASE_TIMING,
      onError: (error) => logger.warn({ err: error, lease: TICKET_LEASE_NAME }, 'ticket lease not renewed or read; trying again'),
    });
    // With an outbox every host shares (PostgreSQL) any host may enqueue: the outbox keeps one per ticket.
    if (!mail.outboxSharedAcrossHosts) duty.followLease(this.leased.lease);
  }

  onApplicationBootstrap(): void {
    this.healthChecks.register({
      name: 'tickets',
      run: async () => {
        const status = this.process.status();
        const head = await this.store.headPosition();
        const progress = status.failing ? `retrying after: ${status.lastFailure ?? 'an error'}` : `handled up to ${status.position} of ${head}`;
        return { ok: !status.failing, detail: this.leased ? `${leaseDetail(this.leased.leaseStatus())}; ${progress}` : progress };
      },
    });
    if (this.overrides?.startTicketProcess === false) return;
    if (this.leased) this.leased.start();
    else this.process.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.leased?.stop();
    await this.process.stop();
  }
}

function leaseDetail(lease: LeaseStatus): string {
  if (lease.held) return 'holds the ticket lease';
  return lease.holder === undefined ? 'ticket lease not held' : `ticket lease held by ${lease.holder} until ${lease.until}`;
}

/**
 * Payment tickets (R8) and credit notes: continuous numbering, the issuing steps, and the process
 * manager that drives them from the store's subscription.
 */
@Module({
  providers: [
    { provide: FAMILY_COMMANDS, useExisting: FamilyCommandRunner },
    { provide: FAMILY_READS, useExisting: FamilyReads },
    { provide: DocumentNumbering, useFactory: (store: EventStore) => new DocumentNumbering(store), inject: [EVENT_STORE] },
    { provide: TicketMailDuty, useValue: new TicketMailDuty() },
    {
      provide: TicketIssuer,
      useFactory: (commands: FamilyCommandPort, reads: FamilyReadPort, numbering: DocumentNumbering, catalog: Catalog, mail: MailServices, clock: Clock, logger: Logger, duty: TicketMailDuty) =>
        new TicketIssuer({ commands, reads, numbering, catalog: () => catalog, mail, clock, logger, mailsHere: () => duty.mailsHere() }),
      inject: [FAMILY_COMMANDS, FAMILY_READS, DocumentNumbering, CATALOG, MAIL_SERVICES, CLOCK, LOGGER, TicketMailDuty],
    },
    {
      provide: TicketProcess,
      useFactory: (store: EventStore, issuer: TicketIssuer, db: Database.Database, logger: Logger) => new TicketProcess({ store, db, issuer, logger }),
      inject: [EVENT_STORE, TicketIssuer, OPERATIONS_DB, LOGGER],
    },
  ],
  exports: [FAMILY_COMMANDS, FAMILY_READS, DocumentNumbering, TicketIssuer, TicketProcess, TicketMailDuty],
})
export class TicketsModule {}

/**
 * Runs the ticket process with the app. Global on purpose: Nest calls `onModuleDestroy` on global
 * modules first, in import order, so importing it before the application module stops the process
 * before the read models it waits on (else a command in flight would wait for read models that
 * no longer move, until their timeout).
 */
@Global()
@Module({ imports: [TicketsModule], providers: [TicketProcessLifecycle] })
export class TicketProcessLifecycleModule {}
