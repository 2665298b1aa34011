import { attendanceProjection } from './attendance.projection';
import { ownersProjection } from './owners.projection';
import { pendingOrdersProjection } from './pending-orders.projection';
import { personsProjection } from './persons.projection';
import type { ReadModelProjection } from './read-model.projection';

/** Every checkpointed projection of the read database, in the order they apply a batch. */
export const READ_MODEL_PROJECTIONS: readonly ReadModelProjection[] = [personsProjection, ownersProjection, attendanceProjection, pendingOrdersProjection];
