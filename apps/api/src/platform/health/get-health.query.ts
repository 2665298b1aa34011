import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@periscol/event-store';
import { Clock, CLOCK } from '../clock/clock';
import { EVENT_STORE } from '../store/event-store.token';
import { HealthChecks } from './health-checks';
import type { HealthReport } from './health.schemas';

/** A read through the QueryBus: `Query<TResult>` types the answer. */
export class GetHealthQuery extends Query<HealthReport> {}

@QueryHandler(GetHealthQuery)
export class GetHealthHandler implements IQueryHandler<GetHealthQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly healthChecks: HealthChecks,
  ) {}

  async execute(): Promise<HealthReport> {
    let store: HealthReport['store'];
    try {
      store = { kind: this.store.kind, ok: true, headPosition: await this.store.headPosition() };
    } catch {
      store = { kind: this.store.kind, ok: false, detail: 'event store unreachable' };
    }
    const checks = await Promise.all(
      this.healthChecks.list().map(async (check) => {
        try {
          const result = await check.run();
          return { name: check.name, ok: result.ok, ...(result.detail ? { detail: result.detail } : {}) };
        } catch {
          return { name: check.name, ok: false, detail: 'check failed' };
        }
      }),
    );
    const ok = store.ok && checks.every((check) => check.ok);
    return { status: ok ? 'ok' : 'unavailable', store, checks, checkedAt: this.clock.now().toISOString() };
  }
}
