import { Module } from '@nestjs/common';
import { FamiliesController } from './families.controller';
import { FamilyRegistration } from './family-registration.service';
import { GetFamilyHistoryHandler } from './family-history.query';
import { GetFamilyHandler } from './get-family.query';
import { ListFamiliesHandler } from './list-families.query';
import { RegisterFamilyHandler } from './register-family.handler';
import { UpdateQuotientFamilialHandler } from './update-quotient-familial.handler';
import { EnrolChildHandler } from './enrol-child.handler';
import { SearchFamiliesHandler } from './search-families.query';

@Module({
  controllers: [FamiliesController],
  providers: [FamilyRegistration, RegisterFamilyHandler, ListFamiliesHandler, GetFamilyHandler, GetFamilyHistoryHandler, UpdateQuotientFamilialHandler, SearchFamiliesHandler, EnrolChildHandler],
  exports: [FamilyRegistration],
})
export class FamiliesModule {}
