/**
 * Which slot request number `i` reserves, so that no two requests ask for the same slot and
 * consecutive requests go to different families (different streams: the bench measures
 * throughput, not contention on one family's stream).
 */

export interface BenchFamily {
  readonly familyId: string;
  /** Parent bearer token bound to this family (empty for the baseline, which has no auth). */
  readonly token: string;
  readonly childIds: readonly string[];
}

/** An (activity, date) that is free for every child of every bench family. */
export interface ServiceDay {
  readonly activityId: string;
  readonly date: string;
}

export interface PlannedSlot {
  readonly family: BenchFamily;
  readonly slot: { readonly childId: string; readonly activityId: string; readonly date: string };
}

export class SlotPlan {
  constructor(
    readonly families: readonly BenchFamily[],
    readonly days: readonly ServiceDay[],
  ) {
    if (families.length === 0 || days.length === 0) throw new Error('a slot plan needs at least one family and one service day');
  }

  /** Distinct slots before `at` wraps around (and starts asking for taken slots). */
  get capacity(): number {
    return this.families.length * this.families[0].childIds.length * this.days.length;
  }

  /** Request `i` → family `i mod F`; within a family: day by day, each child in turn. */
  at(i: number): PlannedSlot {
    const n = i % this.capacity;
    const family = this.families[n % this.families.length];
    const k = Math.floor(n / this.families.length);
    const children = family.childIds.length;
    const day = this.days[Math.floor(k / children)];
    return { family, slot: { childId: family.childIds[k % children], activityId: day.activityId, date: day.date } };
  }

  /** Family for read number `i`, round-robin. */
  familyAt(i: number): BenchFamily {
    return this.families[i % this.families.length];
  }
}

/** The baseline server's families and days: they only shape the requests (it checks no catalog). */
export function baselinePlan(families: number): SlotPlan {
  const benchFamilies: BenchFamily[] = Array.from({ length: families }, (_, n) => ({
    familyId: `fam-${String(n).padStart(4, '0')}`,
    token: '',
    childIds: [`child-${n}-0`, `child-${n}-1`],
  }));
  const days: ServiceDay[] = [];
  for (let d = 0; d < 180; d++) {
    const date = new Date(Date.UTC(2027, 0, 4 + d)).toISOString().slice(0, 10);
    for (const activityId of ['restauration', 'accueil-matin', 'accueil-soir', 'mercredi']) days.push({ activityId, date });
  }
  return new SlotPlan(benchFamilies, days);
}
