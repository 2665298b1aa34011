// Names for ids: children from the family, activities from the catalog.

/** @returns {Promise<{ childName: (id: string) => string, activityLabel: (id: string) => string, timezone: string }>} */
export async function lookups(ctx) {
  const [catalog, family] = await Promise.all([ctx.catalog(), ctx.family()]);
  const children = new Map((family.children ?? []).map((child) => [child.childId, child]));
  const activities = new Map((catalog.activities ?? []).map((activity) => [activity.id, activity]));
  return {
    childName: (id) => {
      const child = children.get(id);
      return child ? `${child.firstName} ${child.lastName ?? ''}`.trim() : id;
    },
    activityLabel: (id) => activities.get(id)?.label ?? id,
    timezone: catalog.timezone ?? 'Europe/Paris',
  };
}

/** The planning week of the earliest line, to go back to where the parent was. */
export function weekHash(lines, isoWeekOf) {
  const first = [...(lines ?? [])].map((line) => line.date).sort()[0];
  return first ? `#/planning?semaine=${isoWeekOf(first)}` : '#/planning';
}
