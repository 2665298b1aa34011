import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { HealthCheck } from '../health/health-checks';
import { EmlFileTransport } from './eml-file-transport.adapter';
import { MailDispatchTimer, type Scheduler } from './mail-dispatch.timer';
import { MailDispatcher } from './mail-dispatcher.service';
import { mailHealthCheck } from './mail-health';
import { MailOutbox } from './mail-outbox.store';
import type { MailTransport } from './mail-transport.port';
import { SmtpMailTransport } from './smtp-mail-transport.adapter';

export interface MailEnv {
  readonly SMTP_URL?: string;
  readonly PERISCOL_DATA_DIR?: string;
}

/** SMTP when `SMTP_URL` is set, otherwise `.eml` files in `${PERISCOL_DATA_DIR}/outbox`. */
export function createMailTransport(env: MailEnv): MailTransport {
  const url = env.SMTP_URL?.trim();
  if (url) return new SmtpMailTransport(url);
  return new EmlFileTransport(join(env.PERISCOL_DATA_DIR ?? './var', 'outbox'));
}

export interface MailServices {
  readonly outbox: MailOutbox;
  readonly dispatcher: MailDispatcher;
  readonly timer: MailDispatchTimer;
  readonly transport: MailTransport;
  /** `mail` in `/api/health`. */
  readonly health: HealthCheck;
}

/** Everything the app needs for e-mail, over the given database. Call `timer.start()` once the
 * app is up, `timer.kick()` after an enqueue, `timer.stop()` and `transport.close()` on shutdown
 * (MailModule does all three). */
export function createMail(
  env: MailEnv,
  deps: {
    readonly db: Database.Database;
    readonly from?: string;
    readonly clock?: () => Date;
    readonly scheduler?: Scheduler;
    readonly onError?: (error: unknown) => void;
    readonly transport?: MailTransport;
  },
): MailServices {
  const clock = deps.clock ?? (() => new Date());
  const transport = deps.transport ?? createMailTransport(env);
  const outbox = new MailOutbox(deps.db, { clock });
  const dispatcher = new MailDispatcher({
    outbox,
    transport,
    from: deps.from ?? 'Périscolaire <ne-pas-repondre@periscol.local>',
    clock,
    scheduler: deps.scheduler,
  });
  const timer = new MailDispatchTimer({ dispatcher, outbox, clock, scheduler: deps.scheduler, onError: deps.onError });
  return { outbox, dispatcher, timer, transport, health: mailHealthCheck(outbox, clock) };
}
