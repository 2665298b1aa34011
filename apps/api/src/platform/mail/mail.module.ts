import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { HealthChecks } from '../health/health-checks';
import type { MailServices } from './mail.config';

/** Injection tokens: `@Inject(MAIL_OUTBOX) outbox: MailOutbox`, `@Inject(MAIL_SERVICES) mail: MailServices`. */
export const MAIL_SERVICES = Symbol('MAIL_SERVICES');
export const MAIL_OUTBOX = Symbol('MAIL_OUTBOX');

@Injectable()
export class MailLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(MAIL_SERVICES) private readonly mail: MailServices,
    @Optional() private readonly healthChecks?: HealthChecks,
  ) {}

  onApplicationBootstrap(): void {
    this.healthChecks?.register(this.mail.health);
    this.mail.timer.start();
  }

  // Before the shutdown hooks proper, which close the database the outbox lives in.
  async beforeApplicationShutdown(): Promise<void> {
    await this.mail.timer.stop();
  }

  onApplicationShutdown(): void {
    this.mail.transport.close();
  }
}

/** Exposes the outbox to Nest, runs the dispatch timer with the app's lifecycle and reports `mail` in /api/health. */
@Module({})
export class MailModule {
  static register(mail: MailServices): DynamicModule {
    return {
      module: MailModule,
      providers: [{ provide: MAIL_SERVICES, useValue: mail }, { provide: MAIL_OUTBOX, useValue: mail.outbox }, MailLifecycle],
      exports: [MAIL_SERVICES, MAIL_OUTBOX],
    };
  }
}
