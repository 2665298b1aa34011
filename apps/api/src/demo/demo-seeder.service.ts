import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { isLeft } from 'fp-ts/Either';
import type { Logger } from 'pino';
import { FamilyRegistration } from '../families/family-registration.service';
import { LOGGER } from '../platform/logging/logger';
import { SYSTEM_ACTOR } from '@periscol/application';
import { DEMO_FAMILIES } from './demo-families';

/**
 * Demo mode: registers the demo families at start-up, each under a fixed key (`demo:<familyId>`),
 * so starting again — or two processes starting at once — appends nothing more.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly registration: FamilyRegistration,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const family of DEMO_FAMILIES) {
      const result = await this.registration.register(family, { idempotencyKey: `demo:${family.familyId}`, actor: SYSTEM_ACTOR });
      if (isLeft(result)) this.logger.warn({ familyId: family.familyId, code: result.left.code }, 'demo family not registered');
    }
  }
}
