import { PersistentMap } from '@periscol/reservation-domain';
import type { CreditMovement, FamilyState, MovementList } from '@periscol/reservation-domain';

/**
 * JSON form of the domain's `FamilyState` for the snapshot table. The state holds persistent
 * maps and a linked list of credit movements: maps become entry lists, the list an array
 * (oldest first). Bump `FAMILY_STATE_JSON_VERSION` when the state's shape changes: older
 * snapshots are then ignored and rebuilt from the stream.
 */
/** 2: the state is a union on `status` ('not_registered' | 'registered'), no nullable registration fields. */
/** 3: refund requests (R19) joined the state. */
/** 4: absences with proof (R22) joined the state. */
export const FAMILY_STATE_JSON_VERSION = 4;

type MapFields = 'children' | 'slots' | 'orders' | 'payments' | 'cancellations' | 'credits' | 'refunds' | 'refundRequests' | 'absences';
const MAP_FIELDS: readonly MapFields[] = ['children', 'slots', 'orders', 'payments', 'cancellations', 'credits', 'refunds', 'refundRequests', 'absences'];

type Entries<M> = M extends PersistentMap<infer V> ? [string, V][] : never;

export type FamilyStateJson = Omit<FamilyState, MapFields | 'movements'> & { [K in MapFields]: Entries<FamilyState[K]> } & {
  readonly v: number;
  readonly movements: CreditMovement[];
};

export function familyStateToJson(state: FamilyState): string {
  const movements: CreditMovement[] = [];
  for (let node = state.movements; node; node = node.tail) movements.push(node.head);
  movements.reverse();
  const json: Record<string, unknown> = { ...state, v: FAMILY_STATE_JSON_VERSION, movements };
  for (const field of MAP_FIELDS) json[field] = state[field].entries();
  return JSON.stringify(json);
}

/** The state back from `familyStateToJson`; undefined for a snapshot of another version. */
export function familyStateFromJson(text: string): FamilyState | undefined {
  const json = JSON.parse(text) as FamilyStateJson;
  if (json.v !== FAMILY_STATE_JSON_VERSION) return undefined;
  let movements: MovementList | null = null;
  for (const head of json.movements) movements = { head, tail: movements };
  const { v: _v, ...rest } = json;
  const state: Record<string, unknown> = { ...rest, movements };
  for (const field of MAP_FIELDS) state[field] = PersistentMap.from(json[field] as [string, unknown][]);
  return state as unknown as FamilyState;
}
