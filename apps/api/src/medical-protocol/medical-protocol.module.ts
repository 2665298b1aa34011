import { Module } from '@nestjs/common';
import { MedicalProtocolController } from './medical-protocol.controller';
import { SetChildMedicalProtocolHandler } from './set-child-medical-protocol.handler';

@Module({
  controllers: [MedicalProtocolController],
  providers: [SetChildMedicalProtocolHandler],
})
export class MedicalProtocolModule {}
