import { Module } from '@nestjs/common';
import { AbsenceProofsModule } from '../absences/absences.module';
import { ErasePersonalDataHandler } from './erase-personal-data.handler';
import { GetErasureReadinessHandler } from './erasure-readiness.query';
import { PersonalDataCopies } from './personal-data-copies';
import { PrivacyController } from './privacy.controller';

@Module({ imports: [AbsenceProofsModule], controllers: [PrivacyController], providers: [ErasePersonalDataHandler, GetErasureReadinessHandler, PersonalDataCopies] })
export class PrivacyModule {}
