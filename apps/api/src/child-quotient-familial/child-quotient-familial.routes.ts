import { z } from 'zod';
import { idSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

export const childQuotientFamilialSchema = z
  .object({ familyId: z.string(), childId: z.string(), quotientFamilial: z.number().nullable() })
  .meta({ id: 'ChildQuotientFamilial' });

export const setChildQuotientFamilialRoute = defineRoute({
  operationId: 'setChildQuotientFamilial',
  method: 'PUT',
  path: '/api/admin/families/:familyId/children/:childId/quotient-familial',
  summary: 'Record a child’s own quotient familial (a fostered child: its own family’s), which prices its reservations instead of the family’s (R3); null removes it',
  description:
    'Kept in the person stream (R17). Reservations requested from now on are priced with it; orders already requested keep their frozen prices. A replay with the same Idempotency-Key runs the (idempotent) change again.',
  tags: ['admin'],
  access: ['admin', 'agent'],
  idempotency: 'rerun',
  params: z.object({ familyId: idSchema, childId: idSchema }),
  body: z.object({ quotientFamilial: z.number().min(0).max(1_000_000).nullable() }).meta({ id: 'ChildQuotientFamilialRequest' }),
  responses: { 200: { description: 'What is now recorded for the child', schema: childQuotientFamilialSchema } },
  errors: ['PERSON_NOT_RECORDED', 'UNKNOWN_CHILD', 'PERSONAL_DATA_ERASED', 'CONCURRENCY_CONFLICT'],
});
