import { z } from 'zod';
import { defineRoute } from '../platform/routing/route-definition';

export const demoFamiliesSchema = z.array(z.object({ familyId: z.string(), name: z.string() })).meta({ id: 'DemoFamilies' });

export const listDemoFamiliesRoute = defineRoute({
  operationId: 'listDemoFamilies',
  method: 'GET',
  path: '/api/demo/families',
  summary: "The demo families, for the portal's sign-in (demo mode only; 404 otherwise)",
  tags: ['demo'],
  access: 'public',
  responses: { 200: { description: 'The demo families', schema: demoFamiliesSchema } },
});
