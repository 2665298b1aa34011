import { z } from 'zod';
import { idSchema } from '../http/common.schemas';
import { defineRoute } from '../routing/route-definition';
import { cancellationSchema } from './cancellation.dto';

export const getCancellationRoute = defineRoute({
  operationId: 'getCancellation',
  method: 'GET',
  path: '/api/cancellations/:cancellationId',
  summary: 'A cancellation: the slots cancelled, the credit issued, the balance right after',
  tags: ['cancellations'],
  access: ['parent', 'admin', 'auditor'],
  params: z.object({ cancellationId: idSchema }),
  responses: { 200: { description: 'The cancellation', schema: cancellationSchema } },
  errors: ['NOT_FOUND'],
});
