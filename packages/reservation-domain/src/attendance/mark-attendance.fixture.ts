/** Family histories the pointage's specs lean on (the family decider's fixture: c1 in the canteen). */
import { base, canteen, monday, registered, requested, reservedMonTue } from '../family/decide/family-decider.fixture';

/** c1's Monday held by an order still to pay. */
export const toPayFixture = [...base, requested('o1', [canteen('c1', monday)])];
export { base, registered, reservedMonTue };
