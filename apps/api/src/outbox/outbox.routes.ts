import { z } from 'zod';
import { defineRoute } from '../platform/routing/route-definition';

const mailStatusSchema = z.enum(['pending', 'sending', 'delivered', 'rejected']);

export const outboxMessageSchema = z
  .object({
    messageId: z.string(),
    to: z.string(),
    subject: z.string(),
    status: mailStatusSchema,
    attempts: z.number().int(),
    enqueuedAt: z.string(),
    dueAt: z.string(),
    deliveredAt: z.string().optional(),
    lastError: z.string().optional(),
    response: z.string().optional(),
  })
  .meta({ id: 'OutboxMessage' });

export const outboxSchema = z
  .object({
    counts: z.object({ pending: z.number().int(), sending: z.number().int(), delivered: z.number().int(), rejected: z.number().int() }),
    messages: z.array(outboxMessageSchema),
  })
  .meta({ id: 'Outbox' });

export const listOutboxRoute = defineRoute({
  operationId: 'listOutbox',
  method: 'GET',
  path: '/api/admin/mail',
  summary: 'The e-mail outbox: counts by status and the messages (oldest first), e.g. those the mail server refused',
  tags: ['admin'],
  access: ['admin', 'auditor'],
  query: z.object({ status: mailStatusSchema.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
  responses: { 200: { description: 'The outbox', schema: outboxSchema } },
});

export const requeueMailRoute = defineRoute({
  operationId: 'requeueMail',
  method: 'POST',
  path: '/api/admin/mail/:messageId/requeue',
  summary: 'Send again a message the mail server refused, once its address or the server is fixed',
  description: 'A message that is not refused (pending, being sent, delivered) is left as it is and returned.',
  tags: ['admin'],
  access: ['admin'],
  idempotency: 'rerun',
  params: z.object({ messageId: z.string().min(3).max(300) }),
  responses: { 200: { description: 'The message after the request', schema: outboxMessageSchema } },
  errors: ['NOT_FOUND'],
});
