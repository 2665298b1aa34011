/**
 * RecordPersonalDataErased — R17 (docs/rules.md): the family's person stream (names, e-mail,
 * address, school, grade, QF) is deleted when its retention ends, and the erasure is recorded in
 * its financial stream, which never held personal data and stays whole. A municipality forgets
 * a family that has left and been settled (R15): no order awaiting payment or « OK »
 * (ORDERS_PENDING), no credit left to refund (CREDIT_BALANCE_NOT_ZERO), no reserved day today or
 * later in the town's time zone (RESERVATIONS_UPCOMING). Decided like every command on the state
 * it is appended to, lapsed holds first (R6), so nothing slips in between the check and the
 * record. Erasing a family already erased changes nothing, so a retry completes the deletion.
 */
import { TZDate } from '@date-fns/tz';
import { left, right } from 'fp-ts/Either';
import { daysFromCivil, fromEpochDay, type IsoDate } from '../../shared';
import type { RecordPersonalDataErased } from '../family.commands';
import { heldSlots } from '../family.queries';
import type { FamilyRecords, RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import type { Refusal } from '../refusal';
import type { Instant } from '../../shared/instant';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { withLapsedHoldsExpired } from './lapsed-holds';

/** Something that still ties the family to the municipality, and so keeps its personal data. */
export interface ErasureBlocker extends Refusal {
  readonly code: 'ORDERS_PENDING' | 'CREDIT_BALANCE_NOT_ZERO' | 'RESERVATIONS_UPCOMING';
}

/**
 * What stands in the way of erasing the family's personal data (R17), in the order an agent
 * settles them; empty when nothing does. `state` as it reads at the moment (`familyStateAt`),
 * `today` the town's local date: for a back-office screen to show before asking.
 */
export function erasureBlockers(state: FamilyRecords, today: IsoDate): readonly ErasureBlocker[] {
  const blockers: ErasureBlocker[] = [];
  if (state.pendingOrderIds.length > 0) {
    blockers.push({
      code: 'ORDERS_PENDING',
      message: 'This family has orders awaiting payment or « OK »: they must be paid or abandoned before its data is erased',
      details: { orderIds: [...state.pendingOrderIds] },
    });
  }
  if (state.balanceCents > 0) {
    blockers.push({
      code: 'CREDIT_BALANCE_NOT_ZERO',
      message: 'This family still has a credit balance: refund it before its data is erased (R15)',
      details: { balanceCents: state.balanceCents },
    });
  }
  const upcoming = heldSlots(state).filter((slot) => slot.status === 'reserved' && slot.date >= today);
  if (upcoming.length > 0) {
    const firstDate = upcoming.reduce((first, slot) => (slot.date < first ? slot.date : first), upcoming[0].date);
    blockers.push({
      code: 'RESERVATIONS_UPCOMING',
      message: `This family has ${upcoming.length} reserved day(s) from ${firstDate} on: cancel them before its data is erased`,
      details: { count: upcoming.length, firstDate },
    });
  }
  return blockers;
}

/**
 * What the erasure would find at `now` (lapsed holds expired first, R6; today in the town's
 * `timeZone`): the preconditions a back-office screen shows before an administrator asks.
 */
export function erasureBlockersAt(family: RegisteredFamilyState, now: Instant, timeZone: string): readonly ErasureBlocker[] {
  return erasureCheck(family, now, timeZone).blockers;
}

function erasureCheck(family: RegisteredFamilyState, now: Instant, timeZone: string) {
  const nowMs = epochMsOfInstant(now);
  const { expiries, working } = withLapsedHoldsExpired(family, nowMs);
  return { expiries, blockers: erasureBlockers(working, localDateOf(nowMs, timeZone)) };
}

export function recordPersonalDataErased(command: RecordPersonalDataErased, family: RegisteredFamilyState, context: DecisionContext): Decision {
  if (family.erasedAt !== null) return NOTHING;
  const { expiries, blockers } = erasureCheck(family, command.metadata.now, context.catalog.timezone);
  if (blockers.length > 0) return left(blockers[0]);
  return right([
    ...expiries,
    { type: 'PersonalDataErased', data: { familyId: family.familyId, erasedAt: command.metadata.now, reason: command.data.reason } },
  ]);
}

/** The calendar date at `epochMs` in `timeZone` (the town's, as its deadlines are read). */
function localDateOf(epochMs: number, timeZone: string): IsoDate {
  const local = new TZDate(epochMs, timeZone);
  return fromEpochDay(daysFromCivil(local.getFullYear(), local.getMonth() + 1, local.getDate()));
}
