import { Global, Module } from '@nestjs/common';
import { CATALOG, catalogProviders, CatalogService } from '../catalog/catalog.provider';
import { FamilyReadService } from '../read-models/family-read.service';
import { FamilySnapshots } from '../read-models/family-snapshots';
import { ReadModels } from '../read-models/read-models.service';
import { FamilyCommandRunner } from './family-command.runner';
import { PersonCommandRunner } from './person-command.runner';

/**
 * The services every feature of the parent journey (and the payment flow) builds on, visible
 * app-wide: the catalog (`CATALOG`, `CatalogService`), the read models, and the command runners.
 */
@Global()
@Module({
  providers: [...catalogProviders, ReadModels, FamilySnapshots, FamilyReadService, FamilyCommandRunner, PersonCommandRunner],
  exports: [CATALOG, CatalogService, ReadModels, FamilySnapshots, FamilyReadService, FamilyCommandRunner, PersonCommandRunner],
})
export class JourneyCoreModule {}
