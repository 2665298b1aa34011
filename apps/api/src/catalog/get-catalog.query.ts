import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CatalogSource } from '@periscol/application';
import type { CatalogDto } from './catalog.routes';

export class GetCatalogQuery extends Query<CatalogDto> {}

@QueryHandler(GetCatalogQuery)
export class GetCatalogHandler implements IQueryHandler<GetCatalogQuery> {
  constructor(private readonly catalogs: CatalogSource) {}

  async execute(): Promise<CatalogDto> {
    const catalog = await this.catalogs.refresh();
    return {
      municipality: { ...catalog.municipality, ...(catalog.municipality.contact ? { contact: { ...catalog.municipality.contact } } : {}) },
      timezone: catalog.timezone,
      schoolYear: { ...catalog.schoolYear },
      closedDates: catalog.closedDates.map((period) => ({ ...period })),
      closures: catalog.closures.map((closure) => ({ ...closure })),
      activities: catalog.activities.map((activity) => ({
        id: activity.id,
        label: activity.label,
        weekdays: [...activity.weekdays],
        ...(activity.startTime ? { startTime: activity.startTime } : {}),
        deadline: activity.deadline,
        ...(activity.cancellationDeadline ? { cancellationDeadline: activity.cancellationDeadline } : {}),
        tariffs: activity.tariffs as unknown as Record<string, unknown>[],
      })),
    };
  }
}
