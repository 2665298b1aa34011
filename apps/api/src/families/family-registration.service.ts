import { Inject, Injectable } from '@nestjs/common';
import { deterministicEventId, EventStore } from '@periscol/event-store';
import { decideChildEnrolment, getActivity, refuse } from '@periscol/reservation-domain';
import { initialFamilyState, type FamilyState, type Refusal } from '@periscol/reservation-domain';
import { Either, isLeft, right } from 'fp-ts/Either';
import { CatalogSource } from '@periscol/application';
import { Clock, CLOCK } from '../platform/clock/clock';
import { familyStreamId } from '@periscol/application';
import { EVENT_STORE } from '../platform/store/event-store.token';
import type { CommandContext } from '@periscol/application';
import { FamilyCommandRunner } from '@periscol/application';
import { FamilyReads, PersonCommandRunner } from '@periscol/application';

export interface ChildRegistration {
  readonly childId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly school: string;
  readonly grade: string;
  /** `YYYY-MM-DD`, for the attestation fiscale de frais de garde (R21). */
  readonly birthDate?: string;
  readonly activityIds: readonly string[];
}

export interface FamilyRegistrationInput {
  readonly familyId: string;
  readonly name: string;
  readonly email: string;
  readonly address?: string;
  readonly resident: boolean;
  /** Undefined: not given (nothing recorded); null: recorded as unknown (→ highest price, R3). */
  readonly quotientFamilial?: number | null;
  readonly children: readonly ChildRegistration[];
}

/**
 * Registers a family across its two streams (R17): the financial facts in `family-<id>` first,
 * then the identity and QF in `person-<id>`. Every step is its own command with a key derived
 * from the request's, so running the whole registration again (a retried request, a crash
 * half-way, demo data at each start-up) completes what is missing and appends nothing twice.
 * A family id registered by another request is refused FAMILY_ALREADY_REGISTERED.
 */
@Injectable()
export class FamilyRegistration {
  constructor(
    private readonly families: FamilyCommandRunner,
    private readonly persons: PersonCommandRunner,
    private readonly catalogs: CatalogSource,
    private readonly reads: FamilyReads,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async register(input: FamilyRegistrationInput, ctx: CommandContext): Promise<Either<Refusal, FamilyState>> {
    const catalog = await this.catalogs.refresh();
    const unknown = [...new Set(input.children.flatMap((child) => child.activityIds))].filter((id) => !getActivity(catalog, id));
    // Checked before anything is written: bad input changes nothing.
    if (unknown.length > 0) return refuse('UNKNOWN_ACTIVITY', `Unknown activity ${unknown.join(', ')}`, unknown);

    const { familyId } = input;
    const metadata = { now: this.clock.now().toISOString() };
    const step = (name: string): CommandContext => ({ ...ctx, idempotencyKey: `${ctx.idempotencyKey}#${name}` });

    const registered = await this.families.run(familyId, { type: 'RegisterFamily', data: { familyId, resident: input.resident }, metadata }, step('register'));
    if (isLeft(registered)) return registered;
    if (!(await this.registeredBy(familyId, step('register').idempotencyKey))) {
      return refuse('FAMILY_ALREADY_REGISTERED', `Family ${familyId} is already registered`);
    }
    let state = registered.right.state;
    for (const child of input.children) {
      const enrolled = await this.families.run(familyId, { type: 'EnrolChild', data: { childId: child.childId, activityIds: child.activityIds }, metadata }, step(`enrol:${child.childId}`));
      if (isLeft(enrolled)) return enrolled;
      state = enrolled.right.state;
    }

    const identity = await this.persons.run(
      familyId,
      { type: 'RecordFamilyIdentity', data: { familyId, name: input.name, email: input.email, ...(input.address ? { address: input.address } : {}) }, metadata },
      step('identity'),
    );
    if (isLeft(identity)) return identity;
    for (const { childId, firstName, lastName, school, grade, birthDate } of input.children) {
      const identity = { childId, firstName, lastName, school, grade, ...(birthDate === undefined ? {} : { birthDate }) };
      const recorded = await this.persons.run(familyId, { type: 'RecordChildIdentity', data: identity, metadata }, step(`child:${childId}`));
      if (isLeft(recorded)) return recorded;
    }
    if (input.quotientFamilial !== undefined) {
      const qf = await this.persons.run(familyId, { type: 'UpdateQuotientFamilial', data: { quotientFamilial: input.quotientFamilial }, metadata }, step('qf'));
      if (isLeft(qf)) return qf;
    }
    return right(state);
  }

  /**
   * A new child in a registered family: what both streams would refuse is decided first
   * (`decideChildEnrolment`), then the enrolment (family stream) and the identity (person
   * stream) are appended, each under a key derived from the request's (a retry completes what
   * is missing and appends nothing twice).
   */
  async enrolChild(familyId: string, child: ChildRegistration, ctx: CommandContext): Promise<Either<Refusal, FamilyState>> {
    const catalog = await this.catalogs.refresh();
    const family = (await this.reads.familyState(familyId)) ?? initialFamilyState();
    const decided = decideChildEnrolment(catalog, family, await this.reads.person(familyId), familyId, child, this.clock.now().toISOString());
    if (isLeft(decided)) return decided;
    const step = (name: string): CommandContext => ({ ...ctx, idempotencyKey: `${ctx.idempotencyKey}#${name}` });
    const enrolled = await this.families.run(familyId, decided.right.enrol, step(`enrol:${child.childId}`));
    if (isLeft(enrolled)) return enrolled;
    const recorded = await this.persons.run(familyId, decided.right.identity, step(`child:${child.childId}`));
    if (isLeft(recorded)) return recorded;
    return right(enrolled.right.state);
  }

  /** Whether the family stream's first event is this registration's (and not another request's). */
  private async registeredBy(familyId: string, key: string): Promise<boolean> {
    const streamId = familyStreamId(familyId);
    const { events } = await this.store.readStream(streamId, { maxCount: 1 });
    return events[0]?.metadata.eventId === deterministicEventId(`${streamId}:${key}`, 0);
  }
}
