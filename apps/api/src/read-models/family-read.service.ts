import { Injectable } from '@nestjs/common';
import type { FamilyState, PersonState } from '@periscol/reservation-domain';
import type Database from 'better-sqlite3';
import { FamilySnapshots } from './family-snapshots';
import { personStateFromJson } from './person-state.serializer';
import { ReadModels } from './read-models.service';

const PERSON_CACHE_SIZE = 2_000;

/**
 * What the API's handlers (and B2's payment flow) read about families. Every answer reflects
 * every write acknowledged before the call, by this process or another one on the same store.
 */
@Injectable()
export class FamilyReadService {
  private readonly persons = new Map<string, { revision: number; state: PersonState }>();
  private readonly sql: {
    person: Database.Statement<[string], { revision: number; state: string }>;
    order: Database.Statement<[string], { familyId: string }>;
    cancellation: Database.Statement<[string], { familyId: string }>;
    payment: Database.Statement<[string], { familyId: string; orderId: string }>;
  };

  constructor(
    private readonly readModels: ReadModels,
    private readonly snapshots: FamilySnapshots,
  ) {
    const db = readModels.db;
    this.sql = {
      person: db.prepare('SELECT revision, state FROM persons WHERE family_id = ?'),
      order: db.prepare('SELECT family_id AS familyId FROM order_owners WHERE order_id = ?'),
      cancellation: db.prepare('SELECT family_id AS familyId FROM cancellation_owners WHERE cancellation_id = ?'),
      payment: db.prepare('SELECT family_id AS familyId, order_id AS orderId FROM payment_owners WHERE payment_id = ?'),
    };
  }

  /** The family's financial state (snapshot + stream tail: never stale); undefined when not registered. */
  async familyState(familyId: string): Promise<FamilyState | undefined> {
    const { state } = await this.snapshots.load(familyId);
    return state.registered ? state : undefined;
  }

  /**
   * Identity + QF (R17); undefined when never recorded or erased. `waitForStore: false` skips
   * waiting for writes of other processes (this process's own writes are always reflected):
   * for the hot paths that only need the QF to price slots.
   */
  async person(familyId: string, options: { readonly waitForStore?: boolean } = {}): Promise<PersonState | undefined> {
    if (options.waitForStore !== false) await this.readModels.catchUp();
    const row = this.sql.person.get(familyId);
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

  async findOrder(orderId: string): Promise<{ familyId: string } | undefined> {
    await this.readModels.catchUp();
    return this.sql.order.get(orderId);
  }

  async findCancellation(cancellationId: string): Promise<{ familyId: string } | undefined> {
    await this.readModels.catchUp();
    return this.sql.cancellation.get(cancellationId);
  }

  async findPayment(paymentId: string): Promise<{ familyId: string; orderId: string } | undefined> {
    await this.readModels.catchUp();
    return this.sql.payment.get(paymentId);
  }
}
