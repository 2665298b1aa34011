import type { PersonState, RegisteredFamilyState } from '@periscol/reservation-domain';
import type { FamilySnapshots } from '../snapshots/family-snapshots';
import { personStateFromJson } from '../snapshots/person-state.serializer';
import type { ReadModels } from './read-models';

const PERSON_CACHE_SIZE = 2_000;

/**
 * What use cases read about families. Every answer reflects every write acknowledged before the
 * call, by this process or another one on the same store.
 */
export class FamilyReads {
  private readonly persons = new Map<string, { revision: number; state: PersonState }>();

  constructor(
    private readonly readModels: ReadModels,
    private readonly snapshots: FamilySnapshots,
  ) {}

  /** The family's financial state (snapshot + stream tail: never stale); undefined when not registered. */
  async familyState(familyId: string): Promise<RegisteredFamilyState | undefined> {
    const { state } = await this.snapshots.load(familyId);
    return state.status === 'registered' ? state : undefined;
  }

  /**
   * Identity + QF (R17); undefined when never recorded or erased. `waitForStore: false` skips
   * waiting for writes of other processes (this process's own writes are always reflected):
   * for the hot paths that only need the QF to price slots.
   */
  async person(familyId: string, options: { readonly waitForStore?: boolean } = {}): Promise<PersonState | undefined> {
    if (options.waitForStore !== false) await this.readModels.catchUp();
    const row = this.readModels.persons.byFamily(familyId);
    if (!row) {
      this.persons.delete(familyId);
      return undefined;
    }
    const cached = this.persons.get(familyId);
    if (cached && cached.revision === row.revision) return cached.state;
    const state = personStateFromJson(row.state);
    this.persons.delete(familyId);
    this.persons.set(familyId, { revision: row.revision, state });
    if (this.persons.size > PERSON_CACHE_SIZE) this.persons.delete(this.persons.keys().next().value as string);
    return state;
  }

  /** Every registered family's id. */
  async familyIds(): Promise<string[]> {
    await this.readModels.catchUp();
    return this.readModels.owners.familyIds();
  }

  async findOrder(orderId: string): Promise<{ familyId: string } | undefined> {
    await this.readModels.catchUp();
    return this.readModels.owners.ownerOfOrder(orderId);
  }

  async findCancellation(cancellationId: string): Promise<{ familyId: string } | undefined> {
    await this.readModels.catchUp();
    return this.readModels.owners.ownerOfCancellation(cancellationId);
  }

  async findPayment(paymentId: string): Promise<{ familyId: string; orderId: string } | undefined> {
    await this.readModels.catchUp();
    return this.readModels.owners.ownerOfPayment(paymentId);
  }
}
