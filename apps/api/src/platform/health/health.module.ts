import { Global, Module } from '@nestjs/common';
import { GetHealthHandler } from './get-health.query';
import { HealthChecks } from './health-checks';
import { HealthController } from './health.controller';

@Global()
@Module({
  controllers: [HealthController],
  providers: [HealthChecks, GetHealthHandler],
  exports: [HealthChecks],
})
export class HealthModule {}
