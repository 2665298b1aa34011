import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { TokenClaims } from './actor';
import { JwtTokenService } from './jwt-token.service';

/** The CQRS pattern in its smallest form: `Command<TResult>` types the bus's answer. */
export class IssueDemoTokenCommand extends Command<{ token: string }> {
  constructor(readonly request: { role: 'parent'; familyId: string } | { role: 'admin' | 'auditor' | 'regisseur' | 'agent' }) {
    super();
  }
}

@CommandHandler(IssueDemoTokenCommand)
export class IssueDemoTokenHandler implements ICommandHandler<IssueDemoTokenCommand> {
  constructor(private readonly tokens: JwtTokenService) {}

  async execute({ request }: IssueDemoTokenCommand): Promise<{ token: string }> {
    const claims: TokenClaims =
      request.role === 'parent' ? { sub: `demo-parent-${request.familyId}`, role: 'parent', familyId: request.familyId } : { sub: `demo-${request.role}`, role: request.role };
    return { token: this.tokens.sign(claims) };
  }
}
