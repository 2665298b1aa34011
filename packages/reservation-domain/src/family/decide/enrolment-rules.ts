/** R2 (docs/rules.md): a child is enrolled only in activities the town's catalog knows. */
import type { Left } from 'fp-ts/Either';
import { getActivity, type Catalog } from '../../catalog';
import { refuse, type Refusal } from '../refusal';

/** UNKNOWN_ACTIVITY naming every activity the catalog does not know, or null. */
export function unknownActivities(catalog: Catalog, activityIds: readonly string[]): Left<Refusal> | null {
  const unknown = activityIds.filter((id) => !getActivity(catalog, id));
  return unknown.length > 0 ? refuse('UNKNOWN_ACTIVITY', `Unknown activity ${unknown.join(', ')}`, unknown) : null;
}
