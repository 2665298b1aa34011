import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { FamilyDto, toFamilyDto } from './family.dto';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { FamilyReads } from '@periscol/application';
import { requestCommandContext } from '@periscol/application';
import type { registerFamilyBodySchema } from './families.routes';
import { FamilyRegistration } from './family-registration.service';

export class RegisterFamilyCommand extends Command<FamilyDto> {
  constructor(
    readonly body: z.output<typeof registerFamilyBodySchema>,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

@CommandHandler(RegisterFamilyCommand)
export class RegisterFamilyHandler implements ICommandHandler<RegisterFamilyCommand> {
  constructor(
    private readonly registration: FamilyRegistration,
    private readonly reads: FamilyReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ body, actor, idempotency, requestId }: RegisterFamilyCommand): Promise<FamilyDto> {
    const familyId = body.familyId ?? idempotency.derivedHex('family');
    const children = body.children.map((child, index) => ({ ...child, childId: child.childId ?? idempotency.derivedId(`child-${index + 1}`) }));
    const state = fromEither(
      await this.registration.register(
        { familyId, name: body.name, email: body.email, address: body.address, resident: body.resident, quotientFamilial: body.quotientFamilial, children },
        requestCommandContext(actor, idempotency, requestId),
      ),
    );
    return toFamilyDto(familyId, state, await this.reads.person(familyId), this.clock.now());
  }
}
