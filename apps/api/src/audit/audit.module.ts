import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { ListAuditEventsHandler, VerifyStoreHandler } from './audit.queries';
import { RebuildReadModelsHandler } from './rebuild-read-models.handler';

@Module({ controllers: [AuditController], providers: [ListAuditEventsHandler, VerifyStoreHandler, RebuildReadModelsHandler] })
export class AuditModule {}
