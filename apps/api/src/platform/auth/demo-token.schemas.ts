import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';
import { idSchema } from './actor';

export const demoTokenRequestSchema = z
  .discriminatedUnion('role', [
    z.object({ role: z.literal('parent'), familyId: idSchema }).strict(),
    z.object({ role: z.literal('admin') }).strict(),
    z.object({ role: z.literal('auditor') }).strict(),
    z.object({ role: z.literal('regisseur') }).strict(),
    z.object({ role: z.literal('agent') }).strict(),
  ])
  .meta({ id: 'DemoTokenRequest' });

export const demoTokenResponseSchema = z.object({ token: z.string() }).meta({ id: 'DemoTokenResponse' });

export const issueDemoTokenRoute = defineRoute({
  operationId: 'issueDemoToken',
  method: 'POST',
  path: '/api/auth/demo-token',
  summary: 'Issue a demo bearer token (demo mode only; 404 otherwise)',
  description: 'A parent token is bound to one family. Tokens last 12 hours.',
  tags: ['auth'],
  access: 'public',
  // Appends nothing: a new token each time is harmless.
  idempotency: 'none',
  body: demoTokenRequestSchema,
  responses: { 200: { description: 'The token', schema: demoTokenResponseSchema } },
});
