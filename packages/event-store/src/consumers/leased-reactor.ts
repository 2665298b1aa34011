/**
 * A reactor that runs in one process at a time among those sharing a store: the process holding
 * the lease `lease-<name>` runs it, starting where the previous holder's work stopped (the
 * position recorded in the lease; the local checkpoint is then only a cache), and stops it when
 * the lease is lost. Effects after the last recorded position may run again on a takeover, so
 * the reactor must stay idempotent: at least once, never lost.
 */
import { Lease, type LeaseOptions, type LeaseStatus } from './lease';
import type { ReactorRunner } from './reactor';

export type LeasedReactorOptions = Omit<LeaseOptions, 'position' | 'onAcquired' | 'onLost'>;

export class LeasedReactor {
  readonly lease: Lease;

  constructor(
    readonly runner: ReactorRunner,
    options: LeasedReactorOptions,
  ) {
    this.lease = new Lease({
      ...options,
      position: () => runner.position(),
      onAcquired: (position) => runner.startAfter(position),
      onLost: () => runner.stop(),
    });
  }

  start(): void {
    this.lease.start();
  }

  /** Stops the reactor (saving its checkpoint) and releases the lease if held. */
  async stop(): Promise<void> {
    await this.lease.stop();
    await this.runner.stop();
  }

  leaseStatus(): LeaseStatus {
    return this.lease.status();
  }
}
