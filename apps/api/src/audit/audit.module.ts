import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { ListAuditEventsHandler, VerifyStoreHandler } from './audit.queries';

@Module({ controllers: [AuditController], providers: [ListAuditEventsHandler, VerifyStoreHandler] })
export class AuditModule {}
