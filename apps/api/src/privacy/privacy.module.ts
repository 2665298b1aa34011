import { Module } from '@nestjs/common';
import { ErasePersonalDataHandler } from './erase-personal-data.handler';
import { PrivacyController } from './privacy.controller';

@Module({ controllers: [PrivacyController], providers: [ErasePersonalDataHandler] })
export class PrivacyModule {}
