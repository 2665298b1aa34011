import { z } from 'zod';
import { idSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';
import { orderSchema } from './order.dto';

export const orderParamsSchema = z.object({ orderId: idSchema });

export const getOrderRoute = defineRoute({
  operationId: 'getOrder',
  method: 'GET',
  path: '/api/orders/:orderId',
  summary: 'An order: lines, total, credit applied, amount due, status and the one action it awaits',
  tags: ['orders'],
  access: ['parent', 'admin', 'auditor', 'agent', 'regisseur'],
  params: orderParamsSchema,
  responses: { 200: { description: 'The order', schema: orderSchema } },
  errors: ['NOT_FOUND'],
});

export const confirmOrderRoute = defineRoute({
  operationId: 'confirmOrder',
  method: 'POST',
  path: '/api/orders/:orderId/confirm',
  summary: '« OK »: confirm an order the credit covers in full (action `ok`)',
  tags: ['orders'],
  access: ['parent', 'admin'],
  params: orderParamsSchema,
  responses: { 200: { description: 'The confirmed order', schema: orderSchema } },
  errors: ['NOT_FOUND', 'ACTION_NOT_ALLOWED', 'ORDER_NOT_PENDING', 'CONCURRENCY_CONFLICT'],
});

export const abandonOrderRoute = defineRoute({
  operationId: 'abandonOrder',
  method: 'POST',
  path: '/api/orders/:orderId/abandon',
  summary: 'Give up a pending order: its slots are freed and its credit returned',
  tags: ['orders'],
  access: ['parent', 'admin'],
  params: orderParamsSchema,
  responses: { 200: { description: 'The expired order', schema: orderSchema } },
  errors: ['NOT_FOUND', 'ORDER_NOT_PENDING', 'CONCURRENCY_CONFLICT'],
});
