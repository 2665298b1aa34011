/** Callers waiting for a consumer to reach a global position (read-your-writes). */

interface Waiter {
  readonly position: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  timer?: NodeJS.Timeout;
}

export class PositionWaiters {
  private waiters: Waiter[] = [];

  /** Pending until `settle` finds `position` reached or blocked; `timeoutError()` after `timeoutMs`. */
  wait(position: number, timeoutMs: number | undefined, timeoutError: () => Error): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { position, resolve, reject };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.waiters = this.waiters.filter((candidate) => candidate !== waiter);
          reject(timeoutError());
        }, timeoutMs);
      }
      this.waiters.push(waiter);
    });
  }

  /** Resolves the waiters whose position is reached; rejects those `blocked` gives a reason for. */
  settle(reached: (position: number) => boolean, blocked: (position: number) => unknown = () => undefined): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (reached(waiter.position)) {
        clearTimeout(waiter.timer);
        waiter.resolve();
        return false;
      }
      const reason = blocked(waiter.position);
      if (reason === undefined) return true;
      clearTimeout(waiter.timer);
      waiter.reject(reason);
      return false;
    });
  }
}
