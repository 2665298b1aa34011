import { applyDecorators, HttpCode, RequestMapping, RequestMethod, SetMetadata, UsePipes } from '@nestjs/common';
import { Public, Roles } from '../auth/access.decorators';
import { Idempotency } from '../idempotency/idempotency.decorators';
import { idempotencyModeOf, RouteDefinition, successStatus } from './route-definition';
import { ZodValidationPipe } from './zod-validation.pipe';

export const ROUTE_METADATA = 'periscol:route';

/**
 * Mounts a controller method from its `RouteDefinition`: method + path, success status, access
 * policy, idempotency mode and zod validation of body/query/params. Controllers use
 * `@Controller()` without a prefix so the definition's path is the whole truth.
 */
export function Route(definition: RouteDefinition): MethodDecorator {
  return applyDecorators(
    SetMetadata(ROUTE_METADATA, definition),
    RequestMapping({ path: definition.path, method: RequestMethod[definition.method] }),
    HttpCode(successStatus(definition)),
    definition.access === 'public' ? Public() : Roles(...definition.access),
    Idempotency(idempotencyModeOf(definition)),
    UsePipes(new ZodValidationPipe(definition)),
  );
}
