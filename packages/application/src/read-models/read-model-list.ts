import { attendanceProjection } from './attendance.read-model';
import { familySearchProjection } from './family-search.read-model';
import { ownersProjection } from './owners.read-model';
import { pendingOrdersProjection } from './pending-orders.read-model';
import { personsProjection } from './persons.read-model';
import type { ReadModelProjection } from './read-model';

/** Every checkpointed projection of the read database, in the order they apply a batch. */
export const READ_MODEL_PROJECTIONS: readonly ReadModelProjection[] = [personsProjection, ownersProjection, attendanceProjection, pendingOrdersProjection, familySearchProjection];
