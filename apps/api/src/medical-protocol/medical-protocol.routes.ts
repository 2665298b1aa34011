import { z } from 'zod';
import { idSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

export const childMedicalProtocolSchema = z
  .object({ familyId: z.string(), childId: z.string(), medicalProtocol: z.boolean() })
  .meta({ id: 'ChildMedicalProtocol' });

export const setChildMedicalProtocolRoute = defineRoute({
  operationId: 'setChildMedicalProtocol',
  method: 'PUT',
  path: '/api/admin/families/:familyId/children/:childId/medical-protocol',
  summary: 'Record that a child is (or no longer is) under a medical protocol (PAI) with a packed lunch: reservations requested from now on pay the grid’s PAI price (R3)',
  description:
    'Health data, kept in the person stream (R17) and erased with it; the family stream only freezes the price and its label. A replay with the same Idempotency-Key runs the (idempotent) change again instead of storing the answer.',
  tags: ['admin'],
  access: ['admin', 'agent'],
  idempotency: 'rerun',
  params: z.object({ familyId: idSchema, childId: idSchema }),
  body: z.object({ medicalProtocol: z.boolean() }).meta({ id: 'ChildMedicalProtocolRequest' }),
  responses: { 200: { description: 'What is now recorded for the child', schema: childMedicalProtocolSchema } },
  errors: ['PERSON_NOT_RECORDED', 'UNKNOWN_CHILD', 'PERSONAL_DATA_ERASED', 'CONCURRENCY_CONFLICT'],
});
