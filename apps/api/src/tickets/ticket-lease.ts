import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import type { EventStore, Lease, LeaseOptions } from '@periscol/event-store';

/**
 * Which API process runs the ticket process and e-mails tickets. On one data folder (the SQLite
 * store) every process does, over the shared outbox that sends each ticket once. With a store
 * shared by several hosts (PostgreSQL, EventStoreDB) only the holder of the lease `lease-tickets`
 * runs the ticket process. With PostgreSQL every host shares one outbox, so any host that numbers
 * a ticket (a webhook's answer carries the number) also enqueues its e-mail, once for all hosts.
 * With EventStoreDB each host has its own outbox: the others number and record tickets but leave
 * the e-mail to the holder.
 */
export const TICKET_LEASE_NAME = 'tickets';

/**
 * A renewal every 2 min, held for 5 min: a crashed holder is replaced within about 7 min, and
 * its tickets' e-mails wait that long (a clean stop hands over at the next look). Each renewal is
 * an event: 720 a day, about 263,000 a year beside a city's ~5 million (docs/architecture.md).
 */
export const TICKET_LEASE_TIMING: Pick<LeaseOptions, 'ttlMs' | 'renewEveryMs'> = { ttlMs: 5 * 60_000, renewEveryMs: 2 * 60_000 };

/** True when API processes on several hosts may share the store (each with its own data folder). */
export function storeSharedAcrossHosts(store: Pick<EventStore, 'kind'>): boolean {
  return store.kind === 'postgres' || store.kind === 'eventstoredb';
}

/** This process as a lease holder: a restarted process is a new holder. */
export function ticketLeaseHolder(instanceId: string): string {
  return `${instanceId}@${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Asked by the ticket issuer before it e-mails a ticket. */
export class TicketMailDuty {
  private lease: Pick<Lease, 'held'> | undefined;

  /** From now on, only while `lease` is held. */
  followLease(lease: Pick<Lease, 'held'>): void {
    this.lease = lease;
  }

  mailsHere(): boolean {
    return this.lease?.held() ?? true;
  }
}
