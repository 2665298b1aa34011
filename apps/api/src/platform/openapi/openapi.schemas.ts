import { defineRoute } from '../routing/route-definition';

export const getOpenApiRoute = defineRoute({
  operationId: 'getOpenApiDocument',
  method: 'GET',
  path: '/api/openapi.json',
  summary: 'This OpenAPI 3.1 document, generated from the routes the server mounts',
  tags: ['operations'],
  access: 'public',
  responses: { 200: { description: 'OpenAPI 3.1 document', contentType: 'application/json' } },
});

export const getDocsRoute = defineRoute({
  operationId: 'getApiDocs',
  method: 'GET',
  path: '/api/docs',
  summary: 'Browsable API documentation (self-contained HTML)',
  tags: ['operations'],
  access: 'public',
  responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
});
