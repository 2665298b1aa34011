import { ApiError } from './api-error';

/**
 * How deeply a request body may nest arrays and objects. The contract's bodies nest 3 or 4
 * levels; anything walking a body recursively (the idempotency hash, zod, JSON.stringify)
 * would overflow the stack on a few thousand levels, so deeper bodies are refused on arrival.
 */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests containers more than `maxDepth` levels (a scalar is 0, `[]` is 1). Iterative: never recurses. */
export function exceedsJsonDepth(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth > maxDepth) return true;
    for (const child of Object.values(next.value)) {
      if (child !== null && typeof child === 'object') pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  return false;
}

/** The answer to a body nested deeper than `MAX_JSON_DEPTH`: 400 BODY_TOO_DEEP. */
export function bodyTooDeep(): ApiError {
  return new ApiError('BODY_TOO_DEEP', `The request body nests more than ${MAX_JSON_DEPTH} levels`);
}
