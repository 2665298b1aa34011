import { z } from 'zod';
import { familyParamsSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

export const personalDataErasureSchema = z
  .object({ familyId: z.string(), erasedAt: z.string(), reason: z.string(), personStreamDeleted: z.boolean() })
  .meta({ id: 'PersonalDataErasure' });

export const erasePersonalDataRoute = defineRoute({
  operationId: 'erasePersonalData',
  method: 'POST',
  path: '/api/admin/families/:familyId/erase-personal-data',
  summary: "R17 retention: delete the family's person stream (names, e-mail, address, school, grade, QF) and record the erasure in its financial stream",
  description:
    'Refused while the family still has business with the municipality: a pending order (`ORDERS_PENDING`: paid or abandoned first), a credit balance (`CREDIT_BALANCE_NOT_ZERO`: refunded first, R15) or a reserved day today or later (`RESERVATIONS_UPCOMING`: cancelled first). Every amount, number and hash of the other streams still verifies; documents show « données effacées ». Erasing again is a no-op answering the first erasure.',
  tags: ['admin'],
  access: ['admin'],
  params: familyParamsSchema,
  body: z.object({ reason: z.string().trim().min(1).max(500) }).meta({ id: 'PersonalDataErasureRequest' }),
  responses: { 200: { description: 'The erasure', schema: personalDataErasureSchema } },
  errors: ['FAMILY_NOT_REGISTERED', 'ORDERS_PENDING', 'CREDIT_BALANCE_NOT_ZERO', 'RESERVATIONS_UPCOMING', 'CONCURRENCY_CONFLICT'],
});

export const erasureReadinessSchema = z
  .object({
    familyId: z.string(),
    erasedAt: z.string().nullable(),
    erasable: z.boolean(),
    blockers: z.array(
      z.object({
        code: z.enum(['ORDERS_PENDING', 'CREDIT_BALANCE_NOT_ZERO', 'RESERVATIONS_UPCOMING']),
        message: z.string(),
        details: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .meta({ id: 'ErasureReadiness' });

export const getErasureReadinessRoute = defineRoute({
  operationId: 'getErasureReadiness',
  method: 'GET',
  path: '/api/admin/families/:familyId/erasure',
  summary: 'R17: what stands in the way of erasing the family’s personal data now, as the erasure itself would find it',
  description:
    'The blockers in the order an agent settles them: `ORDERS_PENDING` (`details.orderIds`), `CREDIT_BALANCE_NOT_ZERO` (`details.balanceCents`), `RESERVATIONS_UPCOMING` (`details.count`, `details.firstDate`); `erasable` when there is none. An erased family answers its `erasedAt`.',
  tags: ['admin'],
  access: ['admin', 'auditor'],
  params: familyParamsSchema,
  responses: { 200: { description: 'The preconditions of the erasure', schema: erasureReadinessSchema } },
  errors: ['NOT_FOUND'],
});
