import { z } from 'zod';
import { ERROR_CODES } from '../http/error-codes';
import { MAX_JSON_DEPTH } from '../http/json-depth';
import { idempotencyModeOf, RouteDefinition } from '../routing/route-definition';

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { title: string; version: string; description: string };
  readonly servers: readonly { url: string }[];
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
  readonly tags: readonly { name: string }[];
}

const errorBodySchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_CODES) },
        message: { type: 'string' },
        details: { type: 'array', items: {} },
      },
    },
  },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Malformed input (zod issues in `details`)',
  401: 'Missing or invalid bearer token',
  403: 'Role not allowed',
  404: 'Unknown, or not yours',
  409: 'Conflict with the current state',
  410: 'Gone',
  422: 'A business rule refused it (the code names the rule)',
  500: 'Internal error (nothing leaked)',
  502: 'An upstream service failed',
  503: 'Unavailable',
};

/**
 * OpenAPI 3.1 from the mounted routes' definitions, with zod 4's own `z.toJSONSchema` (JSON
 * Schema 2020-12, which 3.1 uses as is). Request schemas are converted as input, responses as
 * output; schemas named with `.meta({ id })` become `components.schemas` (input variants get an
 * `Input` suffix since defaults and transforms make them differ).
 */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], options: { version: string; serverUrl: string }): OpenApiDocument {
  const converter = new SchemaConverter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operation(route, converter);
  }
  const tags = [...new Set(routes.flatMap((route) => route.tags))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Periscol API',
      version: options.version,
      description:
        'Prépaiement of school services. Money in integer cents, dates YYYY-MM-DD, instants ISO 8601. ' +
        'Errors: { error: { code, message, details } }. Mutating requests need an Idempotency-Key header. ' +
        `Any request may be answered 429 RATE_LIMITED (per client and minute) with a Retry-After header; bodies are uncompressed JSON, at most ${MAX_JSON_DEPTH} levels deep.`,
    },
    servers: [{ url: options.serverUrl }],
    paths,
    components: {
      schemas: { Error: errorBodySchema, ...converter.components },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    tags,
  };
}

function operation(route: RouteDefinition, converter: SchemaConverter): Record<string, unknown> {
  const parameters: unknown[] = [];
  const pathNames = route.path.match(/:([A-Za-z0-9_]+)/g)?.map((p) => p.slice(1)) ?? [];
  for (const name of pathNames) {
    const field = route.params?.shape[name] as z.ZodType | undefined;
    parameters.push({ name, in: 'path', required: true, schema: field ? converter.convert(field, 'input') : { type: 'string' } });
  }
  for (const [name, field] of Object.entries(route.query?.shape ?? {})) {
    const schema = field as z.ZodType;
    parameters.push({ name, in: 'query', required: !schema.safeParse(undefined).success, schema: converter.convert(schema, 'input') });
  }
  const mode = idempotencyModeOf(route);
  if (mode !== 'none') {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description: 'A fresh random key per action, reused on retry: same key and body → the first answer again; another body → 409.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }

  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const contentType = spec.contentType ?? 'application/json';
    responses[status] = {
      description: spec.description,
      ...(spec.schema ? { content: { [contentType]: { schema: converter.convert(spec.schema, 'output') } } } : spec.contentType ? { content: { [contentType]: {} } } : {}),
    };
  }
  for (const [status, codes] of errorStatuses(route)) {
    responses[String(status)] ??= {
      description: `${STATUS_TEXT[status] ?? 'Error'}${codes.length ? `: ${codes.join(', ')}` : ''}`,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }

  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [...route.tags],
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    'x-roles': route.access === 'public' ? [] : [...route.access],
    'x-idempotency': mode,
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: converter.convert(route.body, 'input') } } } } : {}),
    ...(route.rawBody
      ? { requestBody: { required: true, description: route.rawBody.description, content: Object.fromEntries(route.rawBody.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) } }
      : {}),
    responses,
  };
}

/** Error statuses a route can answer, each with the codes that lead to it. */
function errorStatuses(route: RouteDefinition): Map<number, string[]> {
  const byStatus = new Map<number, string[]>();
  const add = (status: number, code?: string) => {
    const codes = byStatus.get(status) ?? [];
    if (code && !codes.includes(code)) codes.push(code);
    byStatus.set(status, codes);
  };
  if (route.body || route.query || route.params) add(400, 'VALIDATION_FAILED');
  if (route.body) add(400, 'MALFORMED_JSON');
  if (idempotencyModeOf(route) !== 'none') {
    add(400, 'IDEMPOTENCY_KEY_REQUIRED');
    add(409, 'IDEMPOTENCY_KEY_REUSED');
  }
  if (route.access !== 'public') {
    add(401, 'UNAUTHENTICATED');
    add(403, 'FORBIDDEN');
  }
  if (route.path.includes(':')) add(404, 'NOT_FOUND');
  for (const code of route.errors ?? []) add(ERROR_CODES[code].status, code);
  add(500, 'INTERNAL');
  return new Map([...byStatus.entries()].sort(([a], [b]) => a - b));
}

class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline', override: dropSafeIntegerBounds }) as JsonSchema;
    const { $schema: _schema, $defs, ...root } = json;
    const suffix = io === 'input' ? 'Input' : '';
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      this.components[`${id}${suffix}`] = rewriteRefs(definition, suffix) as JsonSchema;
    }
    return rewriteRefs(root, suffix) as JsonSchema;
  }
}

/** `z.number().int()` adds ±2^53−1 bounds: true, but noise in the docs. */
function dropSafeIntegerBounds(ctx: { jsonSchema: Record<string, unknown> }): void {
  if (ctx.jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete ctx.jsonSchema.minimum;
  if (ctx.jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete ctx.jsonSchema.maximum;
}

function rewriteRefs(value: unknown, suffix: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, suffix));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof item === 'string' && item.startsWith('#/$defs/') ? `#/components/schemas/${item.slice('#/$defs/'.length)}${suffix}` : rewriteRefs(item, suffix);
  }
  return out;
}
