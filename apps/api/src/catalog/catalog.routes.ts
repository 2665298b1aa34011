import { z } from 'zod';
import { defineRoute } from '../platform/routing/route-definition';

const singleDeadlineSchema = z.union([
  z.object({ daysBefore: z.number().int(), time: z.string(), workingDays: z.boolean(), skipWeekdays: z.array(z.number().int()).optional() }),
  z.object({ weekly: z.object({ weekday: z.number().int(), time: z.string() }) }),
]);
/** A rule for every day, or one per served weekday ("1" = Monday … "7"). */
const deadlineSchema = z.union([singleDeadlineSchema, z.object({ byWeekday: z.record(z.string(), singleDeadlineSchema) })]);

/** docs/http.md `GET /api/catalog`; `closures` (R14, decided at run time) added beside the file's closed dates. */
export const catalogSchema = z
  .object({
    municipality: z.object({
      id: z.string(),
      name: z.string(),
      address: z.string().optional(),
      contact: z.object({ service: z.string().optional(), phone: z.string().optional(), email: z.string().optional() }).optional(),
    }),
    timezone: z.string(),
    schoolYear: z.object({ start: z.string(), end: z.string() }),
    closedDates: z.array(z.object({ from: z.string(), to: z.string(), label: z.string() })),
    closures: z.array(z.object({ activityId: z.string(), date: z.string(), reason: z.string(), school: z.string().optional() })),
    activities: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        weekdays: z.array(z.number().int()),
        startTime: z.string().optional(),
        deadline: deadlineSchema,
        cancellationDeadline: deadlineSchema.optional(),
        tariffs: z.array(z.record(z.string(), z.unknown())),
      }),
    ),
  })
  .meta({ id: 'Catalog' });
export type CatalogDto = z.infer<typeof catalogSchema>;

export const getCatalogRoute = defineRoute({
  operationId: 'getCatalog',
  method: 'GET',
  path: '/api/catalog',
  summary: "The municipality's reference data: activities, deadlines, tariffs, calendar and closures",
  tags: ['catalog'],
  access: 'public',
  responses: { 200: { description: 'The catalog', schema: catalogSchema } },
});
