import { Module } from '@nestjs/common';
import { CatalogSource, FamilyCommandRunner, FamilySnapshots, ReadModels, ServiceDayClosurePreviews } from '@periscol/application';
import { CloseServiceDayHandler } from './close-service-day.handler';
import { ClosuresController } from './closures.controller';
import { ListSchoolsHandler, PreviewClosureHandler } from './preview-closure.query';

@Module({
  controllers: [ClosuresController],
  providers: [
    CloseServiceDayHandler,
    PreviewClosureHandler,
    ListSchoolsHandler,
    {
      provide: ServiceDayClosurePreviews,
      useFactory: (catalogs: CatalogSource, readModels: ReadModels, snapshots: FamilySnapshots, runner: FamilyCommandRunner) =>
        new ServiceDayClosurePreviews(catalogs, readModels, snapshots, (catalog) => runner.deciderFor(catalog)),
      inject: [CatalogSource, ReadModels, FamilySnapshots, FamilyCommandRunner],
    },
  ],
})
export class ClosuresModule {}
