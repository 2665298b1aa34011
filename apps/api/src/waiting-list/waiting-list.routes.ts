import { z } from 'zod';
import { familyParamsSchema, idSchema, isoDateSchema, slotSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

/** R23: a child's place in the waiting list of one day of an activity. */
export const waitingListEntrySchema = z
  .object({
    childId: z.string(),
    activityId: z.string(),
    date: z.string(),
    rank: z.number().int().min(0).meta({ description: 'Rank in the line, 1 = first; 0 once withdrawn.' }),
  })
  .meta({ id: 'WaitingListEntry' });

export const joinWaitingListRoute = defineRoute({
  operationId: 'joinWaitingList',
  method: 'POST',
  path: '/api/families/:familyId/waiting-list',
  summary: 'Join the waiting list of a full day (R23): the first in line is offered the next place given back',
  description:
    'The day must be one the family could book (R2) but whose places are all taken. When a place is given back, the first in line gets a pending order holding it for the activity\'s `offerHoldMinutes`, and an e-mail; paid or confirmed with credit like any order, else the place goes to the next.',
  tags: ['families', 'waiting-list'],
  access: ['parent', 'admin'],
  params: familyParamsSchema,
  body: slotSchema,
  responses: { 201: { description: 'The child is in line, with its rank', schema: waitingListEntrySchema } },
  errors: ['FAMILY_NOT_REGISTERED', 'UNKNOWN_CHILD', 'UNKNOWN_ACTIVITY', 'NOT_ENROLLED', 'NOT_SERVED', 'OUTSIDE_SCHOOL_YEAR', 'DAY_CLOSED', 'DEADLINE_PASSED', 'SLOT_TAKEN', 'PLACE_LEFT', 'CONCURRENCY_CONFLICT'],
});

export const withdrawFromWaitingListRoute = defineRoute({
  operationId: 'withdrawFromWaitingList',
  method: 'DELETE',
  path: '/api/families/:familyId/waiting-list/:childId/:activityId/:date',
  summary: 'Leave the waiting list of a day (R23)',
  tags: ['families', 'waiting-list'],
  access: ['parent', 'admin'],
  params: familyParamsSchema.extend({ childId: idSchema, activityId: idSchema, date: isoDateSchema }),
  responses: { 200: { description: 'The child left the line', schema: waitingListEntrySchema } },
  errors: ['NOT_WAITING', 'CONCURRENCY_CONFLICT'],
});
