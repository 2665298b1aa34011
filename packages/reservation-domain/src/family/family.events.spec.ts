import * as E from 'fp-ts/Either';
import { demoCatalog } from '../catalog';
import { createPersonDecider, foldPerson, pricingOf, type PersonEvent } from '../person';
import { defined, demoDates, familyCommand as cmd, FamilyHistory, slot } from '../testing';
import { createFamilyDecider } from './family.decide';
import { FAMILY_EVENT_SCHEMA_VERSIONS, FAMILY_EVENT_TYPES, familyEventSchema } from './family.event-schemas';
import { decodeFamilyEvent, EventDecodingError, upcastFamilyEvent } from './family.event-upcasting';
import type { FamilyEvent } from './family.events';

const { now, monday, tuesday, wednesday } = demoDates;
const v1Requested = {
  orderId: 'o1',
  familyId: 'fam-1',
  lines: [
    { childId: 'c1', activityId: 'restauration', date: monday, unitPriceCents: 210 },
    { childId: 'c1', activityId: 'restauration', date: tuesday, unitPriceCents: 210 },
  ],
  totalCents: 420,
  creditAppliedCents: 0,
  amountDueCents: 420,
  requestedAt: now,
  expiresAt: '2026-09-07T09:00:00.000Z',
};

describe('family events', () => {
  it('every event type has a current schema version; ReservationRequested is at v2', () => {
    expect(FAMILY_EVENT_TYPES).toEqual(expect.arrayContaining(['FamilyRegistered', 'ReservationRequested', 'CreditRefunded', 'PersonalDataErased']));
    expect(FAMILY_EVENT_SCHEMA_VERSIONS.ReservationRequested).toBe(2);
    expect(FAMILY_EVENT_SCHEMA_VERSIONS.FamilyRegistered).toBe(1);
  });

  it('upcasts ReservationRequested v1 (lines without tariff) to v2 with an unknown bracket dated by the slot', () => {
    const event = upcastFamilyEvent({ type: 'ReservationRequested', data: v1Requested, schemaVersion: 1 });
    expect(event).toEqual({
      type: 'ReservationRequested',
      data: {
        ...v1Requested,
        lines: v1Requested.lines.map((line) => ({ ...line, tariff: { effectiveFrom: line.date, bracket: 'unknown' } })),
      },
    });
    expect(familyEventSchema('ReservationRequested').safeParse(event.data).success).toBe(true);
  });

  it('PaymentConfirmed v2 records the provider reference; a v1 event reads as v2 without one', () => {
    const v1 = { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents: 420, paidAt: now, outcome: 'order_confirmed' };
    expect(upcastFamilyEvent({ type: 'PaymentConfirmed', data: v1, schemaVersion: 1 })).toEqual({ type: 'PaymentConfirmed', data: v1 });
    const v2 = { ...v1, providerReference: 'pi_3Nx' };
    expect(upcastFamilyEvent({ type: 'PaymentConfirmed', data: v2, schemaVersion: 2 })).toEqual({ type: 'PaymentConfirmed', data: v2 });
  });

  it('PaymentStarted v2 and PaymentConfirmed v3 accept the provider payfip; older versions read unchanged and never held it', () => {
    expect(FAMILY_EVENT_SCHEMA_VERSIONS.PaymentStarted).toBe(2);
    const started = { orderId: 'o1', paymentId: 'p1', provider: 'payfip', amountCents: 420, startedAt: now };
    expect(upcastFamilyEvent({ type: 'PaymentStarted', data: started, schemaVersion: 2 })).toEqual({ type: 'PaymentStarted', data: started });
    expect(upcastFamilyEvent({ type: 'PaymentStarted', data: { ...started, provider: 'stripe' }, schemaVersion: 1 }).data).toMatchObject({ provider: 'stripe' });
    expect(() => upcastFamilyEvent({ type: 'PaymentStarted', data: started, schemaVersion: 1 })).toThrow(EventDecodingError);
    const confirmed = { paymentId: 'p1', orderId: 'o1', provider: 'payfip', amountCents: 420, paidAt: now, outcome: 'order_confirmed', providerReference: 'op-1' };
    expect(upcastFamilyEvent({ type: 'PaymentConfirmed', data: confirmed, schemaVersion: 3 })).toEqual({ type: 'PaymentConfirmed', data: confirmed });
    expect(() => upcastFamilyEvent({ type: 'PaymentConfirmed', data: confirmed, schemaVersion: 2 })).toThrow(EventDecodingError);
  });

  it('PaymentConfirmed v4 records how PayFiP was paid; a v3 event reads as v4 without it (grouped as payfip)', () => {
    expect(FAMILY_EVENT_SCHEMA_VERSIONS.PaymentConfirmed).toBe(4);
    const v3 = { paymentId: 'p1', orderId: 'o1', provider: 'payfip', amountCents: 420, paidAt: now, outcome: 'order_confirmed', providerReference: 'op-1' };
    expect(upcastFamilyEvent({ type: 'PaymentConfirmed', data: v3, schemaVersion: 3 })).toEqual({ type: 'PaymentConfirmed', data: v3 });
    const v4 = { ...v3, method: 'direct_debit' };
    expect(upcastFamilyEvent({ type: 'PaymentConfirmed', data: v4, schemaVersion: 4 })).toEqual({ type: 'PaymentConfirmed', data: v4 });
    expect(() => upcastFamilyEvent({ type: 'PaymentConfirmed', data: { ...v3, method: 'cheque' }, schemaVersion: 4 })).toThrow(EventDecodingError);
  });

  it('reads the version from the metadata too, and keeps the metadata', () => {
    const metadata = { schemaVersion: 1, eventId: 'e1' };
    const event = upcastFamilyEvent({ type: 'ReservationRequested', data: v1Requested, metadata });
    expect(event.metadata).toEqual(metadata);
    expect(event.type === 'ReservationRequested' && event.data.lines[0].tariff.bracket).toBe('unknown');
  });

  it('a current event read back is unchanged, validated or trusted', () => {
    const history = new FamilyHistory(createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 }));
    history.run(cmd('RegisterFamily', { familyId: 'fam-1', resident: true }, now));
    history.run(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now));
    history.run(cmd('RequestReservation', { orderId: 'o1', slots: [slot('c1', 'restauration', monday)], pricing: { quotientFamilial: 600 } }, now));
    for (const event of history.events) {
      const stored = JSON.parse(JSON.stringify({ ...event, schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS[event.type] }));
      expect(upcastFamilyEvent(stored)).toEqual(event);
      expect(upcastFamilyEvent(stored, { validate: false })).toEqual(event);
    }
  });

  it('refuses unknown types, unknown or missing versions and data that does not match its version', () => {
    const failures = [
      { type: 'ReservationTeleported', data: {}, schemaVersion: 1 },
      { type: 'ReservationRequested', data: v1Requested, schemaVersion: 3 },
      { type: 'ReservationRequested', data: v1Requested },
      { type: 'ReservationRequested', data: { ...v1Requested, totalCents: 4.2 }, schemaVersion: 1 },
      { type: 'ReservationRequested', data: v1Requested, schemaVersion: 2 },
    ];
    for (const raw of failures) {
      expect(E.isLeft(decodeFamilyEvent(raw))).toBe(true);
      expect(() => upcastFamilyEvent(raw)).toThrow(EventDecodingError);
    }
  });

  it('R17: no identity reaches the family stream, only ids, dates, amounts and the bracket', () => {
    const identity = {
      name: 'Camille Delacroix-Verbeke',
      email: 'camille.delacroix@example.fr',
      address: '12 rue des Tilleuls, 71140 Saint-Aubin-sur-Loire',
      firstName: 'Zoé',
      lastName: 'Delacroix-Verbeke',
      school: 'École élémentaire Jules-Ferry',
      grade: 'CM1',
      qf: 613,
    };
    const person = createPersonDecider();
    const personEvents: PersonEvent[] = [];
    for (const command of [
      { type: 'RecordFamilyIdentity', data: { familyId: 'fam-1', name: identity.name, email: identity.email, address: identity.address }, metadata: { now } },
      { type: 'RecordChildIdentity', data: { childId: 'c1', firstName: identity.firstName, lastName: identity.lastName, school: identity.school, grade: identity.grade }, metadata: { now } },
      { type: 'UpdateQuotientFamilial', data: { quotientFamilial: identity.qf }, metadata: { now } },
    ] as const) {
      const decided = person.decide(command, foldPerson(personEvents));
      if (E.isLeft(decided)) throw new Error(decided.left.message);
      personEvents.push(...decided.right);
    }
    const pricing = pricingOf(foldPerson(personEvents));
    // The grade reaches pricing only as a school level (prices by level, R3), never as itself.
    expect(pricing).toEqual({ quotientFamilial: 613, children: { c1: { schoolLevel: 'elementaire' } } });

    const history = new FamilyHistory(createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 }));
    history.run(cmd('RegisterFamily', { familyId: 'fam-1', resident: true }, now));
    history.run(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration', 'accueil-soir', 'mercredi'] }, now));
    history.run(cmd('GrantGoodwillCredit', { creditId: 'g1', amountCents: 100, reason: 'Geste' }, now));
    history.run(
      cmd('RequestReservation', {
        orderId: 'o1',
        slots: [slot('c1', 'restauration', monday), slot('c1', 'accueil-soir', monday), slot('c1', 'mercredi', wednesday)],
        pricing,
      }, now),
    );
    history.run(cmd('StartPayment', { orderId: 'o1', paymentId: 'p1', provider: 'simulated' }, now));
    const due = defined(history.state.orders.get('o1')).amountDueCents;
    history.run(cmd('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'simulated', amountCents: due }, now));
    history.run(cmd('IssuePaymentTicket', { paymentId: 'p1', ticketNumber: 'R-2026-000001' }, now));
    history.run(cmd('CancelReservation', { cancellationId: 'x1', creditId: 'cr1', slots: [slot('c1', 'restauration', monday)] }, now));
    history.run(cmd('NumberCreditNote', { creditId: 'cr1', creditNoteNumber: 'A-2026-000001' }, now));
    history.run(cmd('RefundCredit', { refundId: 'r1', amountCents: history.state.balanceCents, reference: 'VIR-1' }, now));
    // Settled (R17): nothing pending, no credit left, and its last reserved day is past.
    history.run(cmd('RecordPersonalDataErased', { reason: 'Fin de conservation' }, '2026-09-21T08:00:00.000Z'));
    expect(new Set(history.events.map((e: FamilyEvent) => e.type)).size).toBeGreaterThanOrEqual(11);

    const payloads = JSON.stringify(history.events);
    for (const text of [identity.name, identity.email, identity.address, identity.firstName, identity.lastName, identity.school, 'Delacroix']) {
      expect(payloads).not.toContain(text);
    }
    const keys = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          keys.add(key);
          collect(inner);
        }
      }
    };
    collect(history.events);
    for (const key of ['name', 'email', 'address', 'firstName', 'lastName', 'school', 'grade', 'quotientFamilial', 'qf']) {
      expect(keys).not.toContain(key);
    }
    const numbers: number[] = [];
    JSON.stringify(history.events, (_k, v: unknown) => (typeof v === 'number' && numbers.push(v), v));
    expect(numbers).not.toContain(identity.qf);
  });
});
