import { Module } from '@nestjs/common';
import { ErasePersonalDataHandler } from './erase-personal-data.handler';
import { PersonalDataCopies } from './personal-data-copies';
import { PrivacyController } from './privacy.controller';

@Module({ controllers: [PrivacyController], providers: [ErasePersonalDataHandler, PersonalDataCopies] })
export class PrivacyModule {}
