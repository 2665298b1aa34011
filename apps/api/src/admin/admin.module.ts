import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { GetAttendanceHandler } from './attendance.query';
import { CloseServiceDayHandler } from './close-service-day.handler';
import { ErasePersonalDataHandler } from './erase-personal-data.handler';
import { FamilyRegistration } from './family-registration.service';
import { GrantGoodwillCreditHandler } from './grant-goodwill-credit.handler';
import { ListFamiliesHandler } from './list-families.query';
import { RebuildReadModelsHandler } from './rebuild-read-models.handler';
import { RefundCreditHandler } from './refund-credit.handler';
import { RegisterFamilyHandler } from './register-family.handler';
import { UpdateQuotientFamilialHandler } from './update-quotient-familial.handler';

@Module({
  controllers: [AdminController],
  providers: [
    FamilyRegistration,
    RegisterFamilyHandler,
    ListFamiliesHandler,
    CloseServiceDayHandler,
    GrantGoodwillCreditHandler,
    RefundCreditHandler,
    GetAttendanceHandler,
    RebuildReadModelsHandler,
    UpdateQuotientFamilialHandler,
    ErasePersonalDataHandler,
  ],
  exports: [FamilyRegistration],
})
export class AdminModule {}
