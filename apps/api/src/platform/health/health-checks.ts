import { Injectable } from '@nestjs/common';

export interface HealthCheckResult {
  readonly ok: boolean;
  readonly detail?: string;
}

export interface HealthCheck {
  /** e.g. `projections` (lag behind the store's head), `outbox` (e-mails waiting). */
  readonly name: string;
  run(): Promise<HealthCheckResult>;
}

/**
 * Hook for readiness checks beyond the store: a module registers its check at start-up,
 * e.g. `onModuleInit() { this.healthChecks.register({ name: 'projections', run: … }) }`.
 */
@Injectable()
export class HealthChecks {
  private readonly checks: HealthCheck[] = [];

  register(check: HealthCheck): void {
    if (this.checks.some((c) => c.name === check.name)) throw new Error(`Health check "${check.name}" registered twice`);
    this.checks.push(check);
  }

  list(): readonly HealthCheck[] {
    return this.checks;
  }
}
