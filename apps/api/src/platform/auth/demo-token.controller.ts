import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BodyOf } from '../routing/route-definition';
import { Route } from '../routing/route.decorator';
import { issueDemoTokenRoute } from './demo-token.schemas';
import { IssueDemoTokenCommand } from './issue-demo-token.command';

/** Mounted only in demo mode (see `AuthModule.register`): otherwise the route is a plain 404. */
@Controller()
export class DemoTokenController {
  constructor(private readonly commands: CommandBus) {}

  @Route(issueDemoTokenRoute)
  issue(@Body() body: BodyOf<typeof issueDemoTokenRoute>): Promise<{ token: string }> {
    return this.commands.execute(new IssueDemoTokenCommand(body));
  }
}
