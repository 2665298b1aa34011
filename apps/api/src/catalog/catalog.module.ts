import { Module } from '@nestjs/common';
import { CatalogController } from './catalog.controller';
import { GetCatalogHandler } from './get-catalog.query';

@Module({ controllers: [CatalogController], providers: [GetCatalogHandler] })
export class CatalogModule {}
