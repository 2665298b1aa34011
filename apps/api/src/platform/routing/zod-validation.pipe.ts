import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ApiError } from '../http/api-error';
import type { RouteDefinition } from './route-definition';

type Location = 'body' | 'query' | 'params';

const MESSAGES: Record<Location, string> = {
  body: 'Invalid request body',
  query: 'Invalid query parameters',
  params: 'Invalid path parameters',
};

/**
 * Validates `@Body()`, `@Query()` and `@Param()` (whole or by key) with the route's zod schemas
 * and hands the handler the parsed value. Failure → `400 VALIDATION_FAILED` with the zod issues
 * in `details` as `{ location, path, code, message }` (input values are never echoed).
 */
export class ZodValidationPipe implements PipeTransform {
  constructor(private readonly route: RouteDefinition) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    switch (metadata.type) {
      case 'body':
        return this.validate('body', this.route.body, value, metadata.data);
      case 'query':
        return this.validate('query', this.route.query, value, metadata.data);
      case 'param':
        return this.validate('params', this.route.params, value, metadata.data);
      default:
        return value;
    }
  }

  private validate(location: Location, schema: z.ZodType | undefined, value: unknown, key: string | undefined): unknown {
    if (!schema) {
      // A handler reading input its route does not declare: a programming error, caught by tests.
      throw new Error(`Route ${this.route.operationId} reads its ${location} but declares no ${location} schema`);
    }
    let target: z.ZodType = schema;
    if (key !== undefined) {
      const field = (schema as z.ZodObject<z.ZodRawShape>).shape?.[key];
      if (!field) throw new Error(`Route ${this.route.operationId}: no ${location} schema for "${key}"`);
      target = field as z.ZodType;
    }
    const result = target.safeParse(value);
    if (result.success) return result.data;
    const prefix = key !== undefined ? [key] : [];
    throw new ApiError(
      'VALIDATION_FAILED',
      MESSAGES[location],
      result.error.issues.map((issue) => ({ location, path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], code: issue.code, message: issue.message })),
    );
  }
}
