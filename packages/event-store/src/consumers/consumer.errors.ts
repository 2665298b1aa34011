import { EventStoreError } from '../event-store.errors';

/** A projector threw (or the store subscription stopped): the position waited for cannot be reached. */
export class ProjectionFailedError extends EventStoreError {
  readonly code = 'PROJECTION_FAILED' as const;
  constructor(
    readonly projection: string,
    readonly failure: unknown,
  ) {
    super(`Projection ${projection} failed: ${failure instanceof Error ? failure.message : String(failure)}`);
    this.name = 'ProjectionFailedError';
  }
}

export class ProjectionWaitTimeoutError extends EventStoreError {
  readonly code = 'PROJECTION_WAIT_TIMEOUT' as const;
  constructor(readonly position: number) {
    super(`Projections did not reach position ${position} in time`);
    this.name = 'ProjectionWaitTimeoutError';
  }
}

export class ReactorWaitTimeoutError extends EventStoreError {
  readonly code = 'REACTOR_WAIT_TIMEOUT' as const;
  constructor(
    readonly reactor: string,
    readonly position: number,
  ) {
    super(`Reactor ${reactor} did not reach position ${position} in time`);
    this.name = 'ReactorWaitTimeoutError';
  }
}
