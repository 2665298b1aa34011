import { Module } from '@nestjs/common';
import { CreditsController } from './credits.controller';
import { GetCreditsHandler } from './get-credits.query';
import { GrantGoodwillCreditHandler } from './grant-goodwill-credit.handler';
import { RefundCreditHandler } from './refund-credit.handler';

@Module({ controllers: [CreditsController], providers: [GetCreditsHandler, GrantGoodwillCreditHandler, RefundCreditHandler] })
export class CreditsModule {}
