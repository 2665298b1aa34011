import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { isLeft } from 'fp-ts/Either';
import type { Logger } from 'pino';
import { Clock, CLOCK, SystemClock } from '../platform/clock/clock';
import { LOGGER } from '../platform/logging/logger';
import { ReadModels } from '@periscol/application';
import { SYSTEM_ACTOR } from '@periscol/application';
import { FamilyCommandRunner } from '@periscol/application';

/** How often the running server looks for holds that ran out (R6). */
export const EXPIRY_INTERVAL_MS = 30_000;
const BATCH = 500;

/**
 * R6: expires pending orders whose hold has run out, from the pending-orders read model, with
 * `ExpireOrder` keyed `expire:<orderId>` (so two processes expiring the same order append it
 * once). `expireDue(now)` is what tests drive; the server calls it on an interval, only with the
 * system clock (a test's ManualClock never triggers it by itself).
 */
@Injectable()
export class OrderExpiryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly due: Database.Statement<[number, number], { orderId: string; familyId: string }>;

  constructor(
    private readonly readModels: ReadModels,
    private readonly runner: FamilyCommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.due = readModels.db.prepare('SELECT order_id AS orderId, family_id AS familyId FROM pending_orders WHERE expires_at_ms <= ? ORDER BY expires_at_ms, order_id LIMIT ?');
  }

  onApplicationBootstrap(): void {
    if (!(this.clock instanceof SystemClock)) return;
    this.timer = setInterval(() => {
      this.running ??= this.expireDue()
        .catch((error: unknown) => this.logger.error({ err: error }, 'order expiry failed'))
        .finally(() => (this.running = undefined));
    }, EXPIRY_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Expires every order whose hold ended at or before `now`; returns their ids. */
  async expireDue(now: Date = this.clock.now()): Promise<string[]> {
    await this.readModels.catchUp();
    const expired: string[] = [];
    const seen = new Set<string>();
    for (;;) {
      const due = this.due.all(now.getTime(), BATCH).filter((row) => !seen.has(row.orderId));
      if (due.length === 0) return expired;
      for (const { orderId, familyId } of due) {
        const result = await this.runner.run(
          familyId,
          { type: 'ExpireOrder', data: { orderId }, metadata: { now: now.toISOString() } },
          { idempotencyKey: `expire:${orderId}`, actor: SYSTEM_ACTOR },
        );
        seen.add(orderId);
        if (!isLeft(result)) expired.push(orderId);
        // ORDER_NOT_PENDING: confirmed (paid, « OK ») just before; nothing to do.
        else if (result.left.code !== 'ORDER_NOT_PENDING') this.logger.warn({ orderId, code: result.left.code }, 'order not expired');
      }
    }
  }
}
