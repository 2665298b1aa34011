import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { z } from 'zod';
import type { Actor } from '../auth/actor';
import { FamilyDto, toFamilyDto } from '../families/family.dto';
import { fromEither } from '../http/refusal';
import type { IdempotencyContext } from '../idempotency/idempotency-context';
import { FamilyReadService } from '../read-models/family-read.service';
import { requestCommandContext } from '../write/command-context';
import type { registerFamilyBodySchema } from './admin.schemas';
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
    private readonly reads: FamilyReadService,
  ) {}

  async execute({ body, actor, idempotency, requestId }: RegisterFamilyCommand): Promise<FamilyDto> {
    const familyId = body.familyId ?? idempotency.derivedId('family');
    const children = body.children.map((child, index) => ({ ...child, childId: child.childId ?? idempotency.derivedId(`child-${index + 1}`) }));
    const state = fromEither(
      await this.registration.register(
        { familyId, name: body.name, email: body.email, address: body.address, resident: body.resident, quotientFamilial: body.quotientFamilial, children },
        requestCommandContext(actor, idempotency, requestId),
      ),
    );
    return toFamilyDto(familyId, state, await this.reads.person(familyId));
  }
}
