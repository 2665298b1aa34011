import { Module } from '@nestjs/common';
import { ChildQuotientFamilialController } from './child-quotient-familial.controller';
import { SetChildQuotientFamilialHandler } from './set-child-quotient-familial.handler';

@Module({
  controllers: [ChildQuotientFamilialController],
  providers: [SetChildQuotientFamilialHandler],
})
export class ChildQuotientFamilialModule {}
