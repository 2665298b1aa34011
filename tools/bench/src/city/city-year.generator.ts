/**
 * A city's school year as the API would record it: families registered in late August, their
 * children enrolled, then week after week orders for the next week(s) — most placed in the last
 * hour before the canteen's weekly deadline —, paid (ticket numbered) or confirmed with credit,
 * some abandoned or expired, some days cancelled (credit note numbered), a few service days
 * closed for the whole town (every family holding them credited), and at the end of the year
 * the credit left refunded to some families.
 *
 * Every family event is decided by the real family decider on the family's folded state (a
 * refusal is counted, never written), the closures by the closures decider, the numbers drawn in
 * sequence per prefix and year as the API's numbering does. Actions run in time order, and what
 * they decide is appended through the event store port (SQLite file) hour by hour, the store's
 * clock set to the hour's last action: global positions and `recordedAt` follow the calendar.
 * Deterministic from the seed.
 */
import * as E from 'fp-ts/Either';
import { deterministicEventId, type EventStore, type NewEvent } from '@periscol/event-store';
import { CLOSURES_STREAM, familyStreamId, numberingStreamId, personStreamId } from '@periscol/application';
import {
  cancellationDeadline,
  createFamilyDecider,
  DOCUMENT_NUMBER_ASSIGNED,
  DOCUMENT_NUMBER_ASSIGNED_VERSION,
  FAMILY_EVENT_SCHEMA_VERSIONS,
  formatDocumentNumber,
  holdsDay,
  initialFamilyState,
  evolveFamily,
  numberingYearOf,
  PERSON_EVENT_SCHEMA_VERSIONS,
  reservationDeadline,
  SERVICE_DAY_CLOSED_SCHEMA_VERSION,
  serviceDayClosuresDecider,
  serviceDayStatus,
  withClosures,
  type ActivityClosure,
  type Catalog,
  type FamilyCommand,
  type FamilyDecider,
  type FamilyState,
  type PersonEvent,
  type Slot,
} from '@periscol/reservation-domain';
import { ActionQueue } from './action-queue';
import { Random } from './random';

/** Bump when what is generated changes: cached histories of another version are not reused. */
export const CITY_YEAR_GENERATOR_VERSION = 1;

export interface CityYearParameters {
  readonly families: number;
  readonly seed: number;
  /** Service days closed for the whole town during the year (strikes). */
  readonly closures?: number;
}

/** What the year holds, counted while it is generated. */
export interface CityYearCounts {
  families: number;
  children: number;
  orders: number;
  payments: number;
  confirmedWithCredit: number;
  abandonedOrExpired: number;
  cancellations: number;
  closedDays: number;
  familiesCreditedByClosures: number;
  refunds: number;
}

export interface CityYearSummary extends Readonly<CityYearCounts> {
  readonly generatorVersion: number;
  readonly parameters: CityYearParameters;
  readonly events: number;
  /** Commands the decider refused, by type and code (none expected: each is built to be accepted). */
  readonly refused: Readonly<Record<string, number>>;
}

/** Children per family: 1 to 4, 2.5 on average (100,000 children in 40,000 families). */
const CHILDREN = [1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4];
const FIRST_NAMES = ['Léa', 'Hugo', 'Chloé', 'Louis', 'Emma', 'Jules', 'Inès', 'Gabriel', 'Jade', 'Adam', 'Louise', 'Raphaël', 'Manon', 'Arthur', 'Lina', 'Nathan'];
const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'Roux'];
const SCHOOLS = ['École Jules-Ferry', 'École Jean-Jaurès', 'École Victor-Hugo', 'École Louise-Michel', 'École Pasteur', 'École Marie-Curie'];
const GRADES = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HOLD_MINUTES = 60;
/** Events after which an hour's appends are written at once rather than with the rest of the day. */
const BUSY_HOUR_EVENTS = 2000;

interface Child {
  readonly childId: string;
  readonly activities: ReadonlySet<string>;
  /** Weekdays (1 = Monday) the child eats at the canteen. */
  readonly canteenDays: ReadonlySet<number>;
}

interface Family {
  readonly familyId: string;
  readonly children: readonly Child[];
  readonly quotientFamilial: number | null;
  /** Weeks ordered at once (1, 2 or 4), and which weeks start an order. */
  readonly cadence: number;
  readonly phase: number;
  state: FamilyState;
  orders: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => iso(ms).slice(0, 10);
const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
/** 1 = Monday … 7 = Sunday. */
const weekdayOf = (date: string) => ((new Date(dayMs(date)).getUTCDay() + 6) % 7) + 1;

/** Events waiting for the hour's append, per stream, with the revision the stream is at. */
class PendingAppends {
  private readonly byStream = new Map<string, NewEvent[]>();
  private readonly revisions = new Map<string, number>();
  written = 0;

  add(streamId: string, type: string, data: unknown, schemaVersion: number, actor: { userId: string; role: string }, correlationId: string): void {
    let events = this.byStream.get(streamId);
    if (!events) this.byStream.set(streamId, (events = []));
    const revision = (this.revisions.get(streamId) ?? -1) + 1;
    this.revisions.set(streamId, revision);
    this.events++;
    events.push({ type, data, metadata: { eventId: deterministicEventId(`city:${streamId}`, revision), schemaVersion, correlationId, causationId: correlationId, actor } });
  }

  get size(): number {
    return this.byStream.size;
  }

  /** Events waiting. */
  events = 0;

  /** One append per stream, all at once: the store groups them into few transactions. */
  async flush(store: EventStore): Promise<void> {
    const appends = [...this.byStream].map(([streamId, events]) => {
      const last = this.revisions.get(streamId) ?? 0;
      const first = last - events.length + 1;
      this.written += events.length;
      return store.appendToStream(streamId, events, { expectedRevision: first === 0 ? 'no_stream' : first - 1 });
    });
    this.byStream.clear();
    this.events = 0;
    await Promise.all(appends);
  }
}

export interface GenerateOptions {
  readonly catalog: Catalog;
  /** Sets the store's clock: each hour's events are recorded at its last action. */
  readonly setClock: (instant: string) => void;
  readonly onProgress?: (events: number, at: string) => void;
}

export async function generateCityYear(store: EventStore, parameters: CityYearParameters, options: GenerateOptions): Promise<CityYearSummary> {
  const random = new Random(parameters.seed);
  const base = options.catalog;
  let catalog = base;
  let decider: FamilyDecider = createFamilyDecider({ catalog, holdMinutes: HOLD_MINUTES });
  const closuresDecider = serviceDayClosuresDecider(base);
  let closures: readonly ActivityClosure[] = [];
  const pending = new PendingAppends();
  const queue = new ActionQueue();
  const count: CityYearCounts = { families: 0, children: 0, orders: 0, payments: 0, confirmedWithCredit: 0, abandonedOrExpired: 0, cancellations: 0, closedDays: 0, familiesCreditedByClosures: 0, refunds: 0 };
  const refused: Record<string, number> = {};
  const numbers = new Map<string, number>();
  const parent = (familyId: string) => ({ userId: `parent:${familyId}`, role: 'parent' });
  const system = { userId: 'system', role: 'system' };
  const agent = { userId: 'agent:regie', role: 'agent' };

  /** Decides a family command on its state; the events go to the hour's append. */
  const run = (family: Family, command: FamilyCommand, actor = parent(family.familyId)): boolean => {
    const decision = decider.decide(command, family.state);
    if (E.isLeft(decision)) {
      refused[`${command.type}:${decision.left.code}`] = (refused[`${command.type}:${decision.left.code}`] ?? 0) + 1;
      return false;
    }
    const correlationId = `${command.type}:${family.familyId}:${command.metadata.now}`;
    for (const event of decision.right) {
      family.state = evolveFamily(family.state, event);
      pending.add(familyStreamId(family.familyId), event.type, event.data, FAMILY_EVENT_SCHEMA_VERSIONS[event.type], actor, correlationId);
    }
    return true;
  };
  const person = (family: Family, event: PersonEvent) => pending.add(personStreamId(family.familyId), event.type, event.data, PERSON_EVENT_SCHEMA_VERSIONS[event.type], parent(family.familyId), `person:${family.familyId}`);
  /** The next number of a series, recorded in its numbering stream as the API does. */
  const drawNumber = (prefix: 'R' | 'A', instant: string, familyId: string, sourceId: string): string => {
    const year = numberingYearOf(instant, base.timezone);
    const sequence = (numbers.get(`${prefix}-${year}`) ?? 0) + 1;
    numbers.set(`${prefix}-${year}`, sequence);
    const number = formatDocumentNumber(prefix, year, sequence);
    pending.add(numberingStreamId(prefix, year), DOCUMENT_NUMBER_ASSIGNED, { number, prefix, year, sequence, familyId, sourceId }, DOCUMENT_NUMBER_ASSIGNED_VERSION, system, `numbering:${sourceId}`);
    return number;
  };

  // The families, registered in August, before the first orders (due by the Tuesday before school starts).
  const families: Family[] = [];
  const yearStart = dayMs(base.schoolYear.start);
  for (let f = 0; f < parameters.families; f++) {
    const familyId = `ville-${parameters.seed}-${String(f + 1).padStart(6, '0')}`;
    const children: Child[] = Array.from({ length: random.pick(CHILDREN) }, (_, c) => {
      const activities = new Set<string>();
      if (random.chance(0.9)) activities.add('restauration');
      if (random.chance(0.3)) activities.add('accueil-matin');
      if (random.chance(0.45)) activities.add('accueil-soir');
      if (random.chance(0.25)) activities.add('mercredi');
      if (activities.size === 0) activities.add('restauration');
      const canteenDays = random.chance(0.6) ? new Set([1, 2, 4, 5]) : new Set(random.sample([1, 2, 4, 5], random.int(1, 3)));
      return { childId: `${familyId}-e${c + 1}`, activities, canteenDays };
    });
    const cadence = random.pick([1, 1, 2, 2, 2, 4, 4, 4, 4, 4]);
    const family: Family = { familyId, children, quotientFamilial: random.chance(0.1) ? null : random.int(250, 2200), cadence, phase: random.int(0, cadence - 1), state: initialFamilyState(), orders: 0 };
    families.push(family);
    count.families++;
    count.children += children.length;
    queue.push(yearStart - random.int(14 * 24, 24 * 24) * HOUR, () => register(family));
  }

  const register = (family: Family) => {
    const now = iso(queue.now);
    const name = `${random.pick(LAST_NAMES)} ${family.familyId.slice(-4)}`;
    run(family, { type: 'RegisterFamily', data: { familyId: family.familyId, resident: random.chance(0.92) }, metadata: { now } });
    person(family, { type: 'FamilyIdentityRecorded', data: { familyId: family.familyId, name: `Famille ${name}`, email: `${family.familyId}@example.org` } });
    if (family.quotientFamilial !== null) person(family, { type: 'QuotientFamilialUpdated', data: { familyId: family.familyId, quotientFamilial: family.quotientFamilial, effectiveAt: now } });
    for (const child of family.children) {
      run(family, { type: 'EnrolChild', data: { childId: child.childId, activityIds: [...child.activities] }, metadata: { now } });
      person(family, { type: 'ChildIdentityRecorded', data: { childId: child.childId, firstName: random.pick(FIRST_NAMES), lastName: name, school: random.pick(SCHOOLS), grade: random.pick(GRADES) } });
    }
  };

  /** The slots of the weeks from `monday`, as each child's habits and the calendar open them. */
  const slotsOf = (family: Family, monday: number, weeks: number): Slot[] => {
    const slots: Slot[] = [];
    for (let d = 0; d < weeks * 7; d++) {
      const date = dateOf(monday + d * DAY);
      const weekday = weekdayOf(date);
      for (const child of family.children) {
        for (const activityId of child.activities) {
          if (activityId === 'restauration' && !child.canteenDays.has(weekday)) continue;
          if (serviceDayStatus(catalog, activityId, date).open) slots.push({ childId: child.childId, activityId, date });
        }
      }
    }
    return slots;
  };

  /** An order, then its payment (or credit), or left to expire; a later cancellation now and then. */
  const order = (family: Family, monday: number, weeks: number) => {
    const slots = slotsOf(family, monday, weeks).filter((slot) => !family.state.slots.has(`${slot.childId}|${slot.activityId}|${slot.date}`));
    if (slots.length === 0) return;
    const at = queue.now;
    const orderId = `${family.familyId}-c${++family.orders}`;
    if (!run(family, { type: 'RequestReservation', data: { orderId, slots, pricing: { quotientFamilial: family.quotientFamilial } }, metadata: { now: iso(at) } })) return;
    count.orders++;
    const placed = family.state.orders.get(orderId);
    if (placed === undefined) return;
    if (placed.amountDueCents === 0) {
      if (run(family, { type: 'ConfirmWithCredit', data: { orderId }, metadata: { now: iso(at + 20_000) } })) count.confirmedWithCredit++;
    } else if (random.chance(0.04)) {
      // Left unpaid: abandoned at the payment page, or expired when its hold ends.
      const abandon = random.chance(0.5);
      queue.push(abandon ? at + 5 * 60_000 : at + (HOLD_MINUTES + 1) * 60_000, () => {
        if (run(family, { type: abandon ? 'AbandonOrder' : 'ExpireOrder', data: { orderId }, metadata: { now: iso(queue.now) } }, abandon ? parent(family.familyId) : system)) count.abandonedOrExpired++;
      });
      return;
    } else {
      const paymentId = `${orderId}-p`;
      const startedAt = iso(at + random.int(20, 90) * 1000);
      const paidAt = iso(at + random.int(100, 400) * 1000);
      run(family, { type: 'StartPayment', data: { orderId, paymentId, provider: 'payfip' }, metadata: { now: startedAt } });
      if (!run(family, { type: 'ConfirmPayment', data: { paymentId, orderId, provider: 'payfip', amountCents: placed.amountDueCents, providerReference: `payfip-${paymentId}` }, metadata: { now: paidAt } }, system)) return;
      count.payments++;
      run(family, { type: 'IssuePaymentTicket', data: { paymentId, ticketNumber: drawNumber('R', paidAt, family.familyId, paymentId) }, metadata: { now: paidAt } }, system);
    }
    // A day off now and then (illness, a school trip): cancelled before its deadline, credited.
    if (random.chance(0.12)) {
      const slot = random.pick(slots);
      const deadline = Date.parse(cancellationDeadline(catalog, slot.activityId, slot.date));
      const cancelAt = Math.max(at + HOUR, deadline - random.int(1, 72) * HOUR);
      if (cancelAt < deadline) queue.push(cancelAt, () => cancel(family, slot));
    }
  };

  const cancel = (family: Family, slot: Slot) => {
    if (!family.state.slots.has(`${slot.childId}|${slot.activityId}|${slot.date}`)) return;
    const now = iso(queue.now);
    const cancellationId = `${family.familyId}-a${queue.now}`;
    const creditId = `${cancellationId}-credit`;
    if (!run(family, { type: 'CancelReservation', data: { cancellationId, creditId, slots: [slot] }, metadata: { now } })) return;
    count.cancellations++;
    numberCredit(family, creditId, now, parent(family.familyId));
  };

  const numberCredit = (family: Family, creditId: string, now: string, actor: { userId: string; role: string }) => {
    const credit = family.state.credits.get(creditId);
    if (credit === undefined) return;
    run(family, { type: 'NumberCreditNote', data: { creditId, creditNoteNumber: drawNumber('A', credit.issuedAt, family.familyId, creditId) }, metadata: { now } }, actor);
  };

  /** A service day closed for the whole town: recorded, then every family holding it credited. */
  const closeDay = (activityId: string, date: string) => {
    const now = iso(queue.now);
    const decision = closuresDecider.decide({ activityId, date, reason: 'Grève du personnel de restauration', now }, closures);
    if (E.isLeft(decision) || decision.right.length === 0) return;
    for (const event of decision.right) {
      closures = closuresDecider.evolve(closures, event);
      pending.add(CLOSURES_STREAM, event.type, event.data, SERVICE_DAY_CLOSED_SCHEMA_VERSION, agent, `closure:${activityId}:${date}`);
    }
    catalog = withClosures(base, closures);
    decider = createFamilyDecider({ catalog, holdMinutes: HOLD_MINUTES });
    count.closedDays++;
    for (const family of families) {
      if (!holdsDay(family.state, activityId, date)) continue;
      const cancellationId = `closure-${activityId}-${date}-${family.familyId}`;
      const creditId = `credit-${cancellationId}`;
      if (!run(family, { type: 'CloseServiceDay', data: { activityId, date, reason: 'Grève du personnel de restauration', cancellationId, creditId }, metadata: { now } }, system)) continue;
      count.familiesCreditedByClosures++;
      numberCredit(family, creditId, now, system);
    }
  };

  // The school weeks: the orders for week W are placed before the canteen's deadline for its Monday.
  const firstMonday = yearStart - (weekdayOf(base.schoolYear.start) - 1) * DAY;
  const yearEnd = dayMs(base.schoolYear.end);
  for (let week = 0, monday = firstMonday; monday <= yearEnd; week++, monday += 7 * DAY) {
    const deadline = Date.parse(reservationDeadline(base, 'restauration', dateOf(monday)));
    for (const family of families) {
      if (week % family.cadence !== family.phase) continue;
      // Most families order in the deadline's last hour; others the day before, or earlier in the week.
      const roll = random.next();
      const before = roll < 0.55 ? random.int(1, 3600) * 1000 : roll < 0.8 ? random.int(1, 24) * HOUR : random.int(24, 6 * 24) * HOUR;
      queue.push(deadline - before, () => order(family, monday, family.cadence));
    }
  }
  // Strikes: a few canteen days closed, announced two days before.
  const canteenDays: string[] = [];
  for (let day = yearStart; day <= yearEnd; day += DAY) if (serviceDayStatus(base, 'restauration', dateOf(day)).open) canteenDays.push(dateOf(day));
  for (const date of random.sample(canteenDays.slice(10), Math.min(parameters.closures ?? 3, canteenDays.length - 10))) {
    queue.push(dayMs(date) - 2 * DAY + 8 * HOUR, () => closeDay('restauration', date));
  }
  // The year over: credit left refunded to about half of the families holding some.
  const refundsAt = yearEnd + 7 * DAY + 8 * HOUR;
  for (const family of families) {
    queue.push(refundsAt + random.int(0, 5 * 24) * HOUR, () => {
      const balance = family.state.balanceCents;
      if (balance <= 0 || !random.chance(0.5)) return;
      if (run(family, { type: 'RefundCredit', data: { refundId: `${family.familyId}-remboursement`, amountCents: balance, reference: `Virement ${family.familyId}` }, metadata: { now: iso(queue.now) } }, agent)) count.refunds++;
    });
  }

  // Time order; decisions appended together at the end of an hour (a quiet hour waits for the
  // end of its day), recorded at the last action appended: positions follow the calendar.
  let hour = -1;
  let day = -1;
  let last = 0;
  const flush = async () => {
    if (pending.size === 0) return;
    options.setClock(iso(last));
    await pending.flush(store);
    options.onProgress?.(pending.written, iso(last));
  };
  for (let action = queue.pop(); action !== undefined; action = queue.pop()) {
    const actionHour = Math.floor(queue.now / HOUR);
    const actionDay = Math.floor(queue.now / DAY);
    if (actionDay !== day || (actionHour !== hour && pending.events >= BUSY_HOUR_EVENTS)) await flush();
    hour = actionHour;
    day = actionDay;
    action();
    last = queue.now;
  }
  await flush();
  return { ...count, generatorVersion: CITY_YEAR_GENERATOR_VERSION, parameters, events: pending.written, refused };
}
