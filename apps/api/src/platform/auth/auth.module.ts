import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { DemoTokenController } from './demo-token.controller';
import { IssueDemoTokenHandler } from './issue-demo-token.command';
import { JwtTokenService } from './jwt-token.service';

@Module({})
export class AuthModule {
  static register(options: { demo: boolean }): DynamicModule {
    return {
      module: AuthModule,
      controllers: options.demo ? [DemoTokenController] : [],
      providers: [JwtTokenService, IssueDemoTokenHandler, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [JwtTokenService],
    };
  }
}
