import type { z } from 'zod';
import type { Role } from '../auth/actor';
import type { ErrorCode } from '../http/error-codes';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How a route takes part in R12 (see `idempotency/`):
 * - `stored`: `Idempotency-Key` required; the first answer (success or refusal) is stored in the
 *   event store and replayed for the same key and body. Default for POST/PUT/PATCH/DELETE.
 * - `rerun`: key required, but the answer holds personal data (R17), which must not be copied
 *   into an undeletable stream: only status and body hash are stored, and a replay runs the
 *   handler again — it must be idempotent (ids derived from the key, domain no-op on repeat).
 * - `none`: no key (reads, quotes that append nothing, signed webhooks, demo tokens).
 */
export type IdempotencyMode = 'stored' | 'rerun' | 'none';

export interface ResponseSpec {
  readonly description: string;
  /** JSON body schema; absent for empty bodies and non-JSON content. */
  readonly schema?: z.ZodType;
  /** Default `application/json` when a schema is given. */
  readonly contentType?: string;
}

type ZodObjectLike = z.ZodObject<z.ZodRawShape>;

/**
 * One route, declared once: the `@Route` decorator mounts it, validates its input with these
 * schemas and applies its access policy; the OpenAPI document is generated from the same object.
 */
export interface RouteDefinition {
  /** Unique, camelCase: the OpenAPI operationId. */
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Full Express path, e.g. `/api/families/:familyId/planning`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  /** `'public'` or the roles allowed. A parent on another family's `:familyId` gets 404. */
  readonly access: 'public' | readonly Role[];
  readonly idempotency?: IdempotencyMode;
  readonly params?: ZodObjectLike;
  readonly query?: ZodObjectLike;
  readonly body?: z.ZodType;
  /**
   * A raw (binary) body instead of JSON, of these content types: the handler reads the bytes
   * (`req.body`, a Buffer, size-limited by body parsing). Documentation only, like `errors`.
   */
  readonly rawBody?: { readonly contentTypes: readonly string[]; readonly description: string };
  /** Success answers by status; the lowest 2xx is the status the route answers with. */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Error codes the route may answer with (documentation; statuses from `ERROR_CODES`). */
  readonly errors?: readonly ErrorCode[];
}

/** Declares a route, keeping its literal types for `BodyOf` / `QueryOf` / `ParamsOf`. */
export function defineRoute<const D extends RouteDefinition>(definition: D): D {
  successStatus(definition);
  const declared = new Set(definition.path.match(/:([A-Za-z0-9_]+)/g)?.map((p) => p.slice(1)) ?? []);
  const schemaKeys = Object.keys(definition.params?.shape ?? {});
  for (const key of schemaKeys) {
    if (!declared.has(key)) throw new Error(`Route ${definition.operationId}: params schema has "${key}", absent from ${definition.path}`);
  }
  if (definition.params) {
    for (const key of declared) {
      if (!schemaKeys.includes(key)) throw new Error(`Route ${definition.operationId}: path parameter "${key}" has no schema`);
    }
  }
  return definition;
}

export type BodyOf<D extends RouteDefinition> = D['body'] extends z.ZodType ? z.output<D['body']> : undefined;
export type QueryOf<D extends RouteDefinition> = D['query'] extends z.ZodType ? z.output<D['query']> : Record<string, never>;
export type ParamsOf<D extends RouteDefinition> = D['params'] extends z.ZodType ? z.output<D['params']> : Record<string, never>;

export function successStatus(definition: RouteDefinition): number {
  const statuses = Object.keys(definition.responses)
    .map(Number)
    .filter((status) => status >= 200 && status < 300)
    .sort((a, b) => a - b);
  if (statuses.length === 0) throw new Error(`Route ${definition.operationId}: declare at least one 2xx response`);
  return statuses[0];
}

const MUTATING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isMutating(method: string): boolean {
  return MUTATING.has(method.toUpperCase());
}

export function idempotencyModeOf(definition: Pick<RouteDefinition, 'method' | 'idempotency'>): IdempotencyMode {
  return definition.idempotency ?? (isMutating(definition.method) ? 'stored' : 'none');
}
