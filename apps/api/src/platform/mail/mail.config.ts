import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { HealthCheck } from '../health/health-checks';
import { EmlFileTransport } from './eml-file-transport.adapter';
import { MailDispatchTimer, type Scheduler } from './mail-dispatch.timer';
import { MailDispatcher } from './mail-dispatcher.service';
import { mailHealthCheck } from './mail-health';
import type { MailOutbox } from './mail-outbox.port';
import { SqliteMailOutbox } from './sqlite-mail-outbox.adapter';
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
  /** Every host on the store shares this outbox (else it is one host's). */
  readonly outboxSharedAcrossHosts: boolean;
  readonly dispatcher: MailDispatcher;
  readonly timer: MailDispatchTimer;
  readonly transport: MailTransport;
  /** `mail` in `/api/health`. */
  readonly health: HealthCheck;
}

/** Everything the app needs for e-mail, over the given outbox (or a SQLite outbox in `db`). Call
 * `timer.start()` once the app is up, `timer.kick()` after an enqueue, `timer.stop()` and
 * `transport.close()` on shutdown (MailModule does all three). */
export function createMail(
  env: MailEnv,
  deps: {
    readonly db?: Database.Database;
    /** Instead of `db`: e.g. the PostgreSQL outbox every host shares. */
    readonly outbox?: MailOutbox;
    /** True when every host shares `outbox` (PostgreSQL): any host may then enqueue a ticket. */
    readonly outboxSharedAcrossHosts?: boolean;
    readonly from?: string;
    readonly clock?: () => Date;
    readonly scheduler?: Scheduler;
    readonly onError?: (error: unknown) => void;
    readonly transport?: MailTransport;
  },
): MailServices {
  const clock = deps.clock ?? (() => new Date());
  const transport = deps.transport ?? createMailTransport(env);
  const outbox = deps.outbox ?? (deps.db ? new SqliteMailOutbox(deps.db, { clock }) : undefined);
  if (outbox === undefined) throw new Error('createMail needs an outbox or a SQLite database for one');
  const dispatcher = new MailDispatcher({
    outbox,
    transport,
    from: deps.from ?? 'Périscolaire <ne-pas-repondre@periscol.local>',
    clock,
    scheduler: deps.scheduler,
  });
  const timer = new MailDispatchTimer({ dispatcher, outbox, clock, scheduler: deps.scheduler, onError: deps.onError });
  return { outbox, outboxSharedAcrossHosts: deps.outboxSharedAcrossHosts ?? false, dispatcher, timer, transport, health: mailHealthCheck(outbox, clock) };
}
