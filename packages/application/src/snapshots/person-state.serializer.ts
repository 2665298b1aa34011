import type { ChildIdentity, PersonState } from '@periscol/reservation-domain';

/** JSON form of the domain's `PersonState` (its children are a Map). */
export function personStateToJson(state: PersonState): string {
  return JSON.stringify({ ...state, children: [...state.children.values()] });
}

export function personStateFromJson(text: string): PersonState {
  const json = JSON.parse(text) as Omit<PersonState, 'children'> & { children: ChildIdentity[] };
  return { ...json, children: new Map(json.children.map((child) => [child.childId, child])) };
}
