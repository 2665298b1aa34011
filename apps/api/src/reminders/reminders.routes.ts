import { z } from 'zod';
import { familyParamsSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

export const remindersSchema = z.object({ familyId: z.string(), deadlineReminders: z.boolean() }).meta({ id: 'DeadlineReminders' });

export const getRemindersRoute = defineRoute({
  operationId: 'getDeadlineReminders',
  method: 'GET',
  path: '/api/families/:familyId/reminders',
  summary: 'Whether the family gets the e-mail the day before a weekly reservation deadline',
  tags: ['families'],
  access: ['parent', 'admin', 'auditor'],
  params: familyParamsSchema,
  responses: { 200: { description: 'The preference', schema: remindersSchema } },
  errors: ['NOT_FOUND'],
});

export const setRemindersRoute = defineRoute({
  operationId: 'setDeadlineReminders',
  method: 'PUT',
  path: '/api/families/:familyId/reminders',
  summary: 'Turn the deadline reminder e-mails off, or back on (on by default)',
  tags: ['families'],
  access: ['parent', 'admin'],
  idempotency: 'stored',
  params: familyParamsSchema,
  body: z.strictObject({ deadlineReminders: z.boolean() }).meta({ id: 'DeadlineRemindersRequest' }),
  responses: { 200: { description: 'The preference now', schema: remindersSchema } },
  errors: ['NOT_FOUND', 'PERSON_NOT_RECORDED', 'PERSONAL_DATA_ERASED', 'CONCURRENCY_CONFLICT'],
});
