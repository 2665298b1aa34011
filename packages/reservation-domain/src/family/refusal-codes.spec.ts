import * as E from 'fp-ts/Either';
import { demoCatalog, demoMunicipality, loadCatalog, type Catalog } from '../catalog';
import { decidePerson, decideQuotientFamilialUpdate, initialPersonState } from '../person';
import { DEFAULT_MAX_AMOUNT_CENTS } from '../shared';
import { defined, demoDates, familyCommand as cmd, slot } from '../testing';
import { parseIsoWeek, parseLocalDate } from './calendar-input';
import {
  at,
  base,
  canteen,
  decider,
  goodwill,
  monday,
  now,
  paid,
  registered,
  request,
  requested,
  reservedMonTue,
  thursday,
  wednesday,
} from './decide/family-decider.fixture';
import type { FamilyCommand } from './family.commands';
import { createFamilyDecider, type FamilyDecider } from './family.decide';
import type { FamilyEvent } from './family.events';
import { foldFamily } from './family.evolve';
import { decideRegieDayClosure, decideUnmatchedPaymentAttachment, evolveRegie, initialRegieState, type RegieDayFigures } from '../regie';
import { REFUSAL_CODES, type Refusal, type RefusalCode } from './refusal';
import { demoCatalogWithRegie } from '../regie/regie-arrete.fixture';
import { decideTaxCertificate } from '../tax-certificate';
import { decideJoinWaitingList, decideLeaveWaitingList, initialPlacesState, placesKeyId } from '../capacity';
import { attendanceChildKey, decideAttendanceMarks, evolveAttendanceSheet, initialAttendanceSheetState, type MarkAttendance } from '../attendance';

/** The refusal `command` gets on the state folded from `given` (the examples below all refuse). */
const refusalOf = (given: readonly FamilyEvent[], command: FamilyCommand, by: FamilyDecider = decider): Refusal => leftOf(by.decide(command, foldFamily(given)));
const leftOf = <A>(either: E.Either<Refusal, A>): Refusal => {
  if (E.isRight(either)) throw new Error(`accepted: ${JSON.stringify(either.right)}`);
  return either.left;
};

/** The demo catalog with the Wednesday grid starting in October: no tariff on the first Wednesdays. */
function catalogWithoutWednesdayTariff(): Catalog {
  const file = JSON.parse(JSON.stringify(demoMunicipality)) as { activities: { id: string; tariffs: { effectiveFrom: string }[] }[] };
  defined(file.activities.find((activity) => activity.id === 'mercredi')).tariffs[0].effectiveFrom = '2026-10-01';
  return E.getOrElseW((): Catalog => {
    throw new Error('catalog');
  })(loadCatalog(file));
}

/** The demo catalog with three places on Wednesdays (R23). */
function catalogWithPlaces(): Catalog {
  const file = JSON.parse(JSON.stringify(demoMunicipality)) as { activities: Record<string, unknown>[] };
  file.activities = file.activities.map((activity) => (activity['id'] === 'mercredi' ? { ...activity, capacity: { placesPerDay: 3 } } : activity));
  return E.getOrElseW((): Catalog => {
    throw new Error('catalog');
  })(loadCatalog(file));
}
const noPlaceTaken = new Map([[placesKeyId({ activityId: 'mercredi', date: wednesday, site: null }), initialPlacesState()]]);

const toPay = [...base, requested('o1', [canteen('c1', monday)])];
const erase = cmd('RecordPersonalDataErased', { reason: 'Fin de la durée de conservation' }, now);
const erased: FamilyEvent = { type: 'PersonalDataErased', data: { familyId: 'f1', erasedAt: now, reason: 'Fin de la durée de conservation' } };

const refundRequested: FamilyEvent[] = [
  ...base,
  goodwill('g1', 320),
  { type: 'RefundRequested', data: { requestId: 'rr1', familyId: 'fam-1', amountCents: 320, reason: 'Départ', creditIds: ['g1'], requestedBy: 'regisseur-1', requestedAt: now } },
];
const refundRejected: FamilyEvent = { type: 'RefundRequestRejected', data: { requestId: 'rr1', familyId: 'fam-1', reason: 'Doublon', rejectedBy: 'admin-2', rejectedAt: now } };

/** R22: canteen on Monday 14 September reserved and paid; its cancellation deadline passed on the 10th at noon. */
const absentDay = [...base, requested('o1', [canteen('c1', monday)]), ...paid('o1', 'p1', 210)];
const proof = { sha256: 'a'.repeat(64), mediaType: 'application/pdf', sizeBytes: 1000, storageId: 'proof-1' };
const declareAbsence = (over: Partial<{ activityId: string; date: string; proof: typeof proof; absenceId: string }> = {}, when = '2026-09-11T08:00:00.000Z') =>
  cmd('DeclareAbsence', { absenceId: 'ab1', childId: 'c1', activityId: 'restauration', date: monday, proof, ...over }, when);
const absenceDeclared: FamilyEvent = {
  type: 'AbsenceDeclared',
  data: { absenceId: 'ab1', familyId: 'fam-1', childId: 'c1', activityId: 'restauration', date: monday, orderId: 'o1', unitPriceCents: 210, proof: { ...proof, mediaType: 'application/pdf' }, declaredAt: '2026-09-11T08:00:00.000Z' },
};
const absenceRefused: FamilyEvent = { type: 'AbsenceRefused', data: { absenceId: 'ab1', familyId: 'fam-1', reason: 'Illisible', refusedBy: 'agent-1', refusedAt: '2026-09-12T08:00:00.000Z' } };

const noReceipt: RegieDayFigures = { totalsByMethod: {}, totalCents: 0, receiptCount: 0, firstReceipt: null, lastReceipt: null, unnumberedReceipts: 0, asOfPosition: 0 };
const regieClosedOn = (date: string) =>
  evolveRegie(initialRegieState(), { type: 'RegieDayClosed', data: { date, totalsByMethod: {}, totalCents: 0, receiptCount: 0, firstReceipt: null, lastReceipt: null, asOfPosition: 0, closedAt: now } });

/**
 * One example per refusal code, so that a new code gets one: the compiler asks for it here. Each
 * returns the refusal of a real decision — the family decider, the person decider or the
 * read models' input parsers — and the test checks it carries its code.
 */
const pointing = (over: Partial<MarkAttendance> = {}): MarkAttendance => ({
  date: monday,
  activityId: 'restauration',
  marks: [{ familyId: 'f1', childId: 'c1', status: 'absent', expected: null }],
  children: new Map([[attendanceChildKey('f1', 'c1'), { known: true, enrolled: true, reserved: true }]]),
  agentId: 'agent-1',
  now: '2026-09-14T09:45:00.000Z',
  ...over,
});
const pointedPresent = evolveAttendanceSheet(initialAttendanceSheetState(), {
  type: 'AttendanceMarked',
  data: { date: monday, activityId: 'restauration', familyId: 'f1', childId: 'c1', status: 'present', reserved: true, replaces: null, agentId: 'agent-2', markedAt: '2026-09-14T09:40:00.000Z' },
});

const payfipOnly = () => createFamilyDecider({ catalog: demoCatalogWithRegie(), holdMinutes: 60 });

const EXAMPLES: Record<RefusalCode, () => Refusal> = {
  INVALID_COMMAND: () => refusalOf(base, { type: 'Teleport', data: {}, metadata: { now } } as never),
  FAMILY_NOT_REGISTERED: () => refusalOf([], cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now)),
  FAMILY_ALREADY_REGISTERED: () => refusalOf([registered], cmd('RegisterFamily', { familyId: 'fam-2', resident: true }, now)),
  CHILD_ALREADY_ENROLLED: () => refusalOf(base, cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now)),
  UNKNOWN_CHILD: () => refusalOf(base, cmd('ChangeEnrolment', { childId: 'c9', activityIds: ['restauration'] }, now)),
  NOT_ENROLLED: () => refusalOf(base, request('o1', [slot('c1', 'accueil-matin', monday)])),
  UNKNOWN_ACTIVITY: () => refusalOf(base, request('o1', [slot('c1', 'piscine', monday)])),
  NOT_SERVED: () => refusalOf(base, request('o1', [slot('c1', 'restauration', wednesday)])),
  OUTSIDE_SCHOOL_YEAR: () => refusalOf(base, request('o1', [slot('c1', 'restauration', demoDates.beforeSchoolYear)])),
  DAY_CLOSED: () => refusalOf(base, request('o1', [slot('c1', 'restauration', demoDates.holiday)])),
  DEADLINE_PASSED: () => refusalOf(base, request('o1', [slot('c1', 'restauration', '2026-09-08')])),
  SLOT_TAKEN: () => refusalOf(reservedMonTue, request('o2', [slot('c1', 'restauration', monday)])),
  DUPLICATE_SLOT: () => refusalOf(base, request('o1', [slot('c1', 'restauration', monday), slot('c1', 'restauration', monday)])),
  EMPTY_REQUEST: () => refusalOf(base, request('o1', [])),
  NOT_RESERVED: () => refusalOf(reservedMonTue, cmd('CancelReservation', { cancellationId: 'x1', creditId: 'cr1', slots: [slot('c1', 'restauration', thursday)] }, now)),
  SLOT_PENDING: () => refusalOf(toPay, cmd('CancelReservation', { cancellationId: 'x1', creditId: 'cr1', slots: [slot('c1', 'restauration', monday)] }, now)),
  UNKNOWN_ORDER: () => refusalOf(base, cmd('ConfirmWithCredit', { orderId: 'nope' }, now)),
  ORDER_NOT_PENDING: () => refusalOf([...toPay, ...paid('o1', 'p1', 210)], cmd('AbandonOrder', { orderId: 'o1' }, at(5))),
  ACTION_NOT_ALLOWED: () => refusalOf(toPay, cmd('ConfirmWithCredit', { orderId: 'o1' }, at(5))),
  ORDER_NOT_EXPIRED: () => refusalOf(toPay, cmd('ExpireOrder', { orderId: 'o1' }, at(59))),
  AMOUNT_INVALID: () => refusalOf(base, cmd('GrantGoodwillCredit', { creditId: 'g1', amountCents: 0, reason: 'Geste' }, now)),
  AMOUNT_OUT_OF_BOUNDS: () => refusalOf(base, cmd('GrantGoodwillCredit', { creditId: 'g1', amountCents: DEFAULT_MAX_AMOUNT_CENTS + 1, reason: 'Geste' }, now)),
  INSUFFICIENT_CREDIT: () => refusalOf(base, cmd('RefundCredit', { refundId: 'r1', amountCents: 1, reference: 'VIR' }, now)),
  NO_TARIFF: () =>
    refusalOf(base, request('o1', [slot('c1', 'mercredi', wednesday)]), createFamilyDecider({ catalog: catalogWithoutWednesdayTariff(), holdMinutes: 60 })),
  ID_CONFLICT: () => refusalOf(toPay, request('o1', [slot('c1', 'restauration', thursday)])),
  UNKNOWN_PAYMENT: () => refusalOf(toPay, cmd('IssuePaymentTicket', { paymentId: 'p9', ticketNumber: 'R-2026-000001' }, now)),
  PAYMENT_NOT_CONFIRMED: () =>
    refusalOf(
      [...toPay, { type: 'PaymentStarted', data: { orderId: 'o1', paymentId: 'p1', provider: 'simulated', amountCents: 210, startedAt: now } }],
      cmd('IssuePaymentTicket', { paymentId: 'p1', ticketNumber: 'R-2026-000001' }, at(1)),
    ),
  UNKNOWN_CREDIT: () => refusalOf(base, cmd('NumberCreditNote', { creditId: 'g9', creditNoteNumber: 'A-2026-000001' }, now)),
  PERSON_NOT_RECORDED: () => leftOf(decidePerson({ type: 'UpdateQuotientFamilial', data: { quotientFamilial: 800 }, metadata: { now } }, initialPersonState())),
  PERSONAL_DATA_ERASED: () => leftOf(decideQuotientFamilialUpdate(foldFamily([...base, erased]), 'f1', { quotientFamilial: 800 }, now)),
  EFFECTIVE_DATE_IN_FUTURE: () => leftOf(decideQuotientFamilialUpdate(foldFamily(base), 'f1', { quotientFamilial: 800, effectiveAt: '2999-01-01T00:00:00.000Z' }, now)),
  ORDERS_PENDING: () => refusalOf(toPay, erase),
  CREDIT_BALANCE_NOT_ZERO: () => refusalOf([...base, goodwill('g1', 320)], erase),
  RESERVATIONS_UPCOMING: () => refusalOf(reservedMonTue, erase),
  INVALID_WEEK: () => leftOf(parseIsoWeek('2027-W53')),
  INVALID_DATE: () => leftOf(parseLocalDate('2027-02-29')),
  UNKNOWN_REFUND_REQUEST: () => refusalOf(base, cmd('ValidateRefundRequest', { requestId: 'rr9', validatedBy: 'admin-2' }, now)),
  REFUND_REQUEST_NOT_PENDING: () => refusalOf([...refundRequested, refundRejected], cmd('ValidateRefundRequest', { requestId: 'rr1', validatedBy: 'admin-2' }, now)),
  REFUND_SELF_VALIDATION: () => refusalOf(refundRequested, cmd('ValidateRefundRequest', { requestId: 'rr1', validatedBy: 'regisseur-1' }, now)),
  PAYMENT_METHOD_NOT_ACCEPTED: () => refusalOf(toPay, cmd('StartPayment', { orderId: 'o1', paymentId: 'p1', provider: 'simulated' }, at(5)), payfipOnly()),
  REVENUE_TYPE_NOT_IN_REGIE: () =>
    refusalOf([...base, requested('o1', [{ ...canteen('c1', wednesday), activityId: 'mercredi' }])], cmd('StartPayment', { orderId: 'o1', paymentId: 'p1', provider: 'payfip' }, at(5)), payfipOnly()),
  REGIE_DAY_NOT_OVER: () => leftOf(decideRegieDayClosure('Europe/Paris', { date: '2026-09-10', figures: noReceipt, now: '2026-09-10T20:00:00.000Z' }, initialRegieState())),
  REGIE_DAY_ALREADY_CLOSED: () => leftOf(decideRegieDayClosure('Europe/Paris', { date: '2026-09-09', figures: noReceipt, now }, regieClosedOn('2026-09-09'))),
  REGIE_DAY_OUT_OF_ORDER: () => leftOf(decideRegieDayClosure('Europe/Paris', { date: '2026-09-09', figures: noReceipt, now: '2026-09-12T08:00:00.000Z' }, regieClosedOn('2026-09-07'))),
  RECEIPTS_NOT_NUMBERED: () =>
    leftOf(decideRegieDayClosure('Europe/Paris', { date: '2026-09-09', figures: { ...noReceipt, unnumberedReceipts: 1 }, now: '2026-09-12T08:00:00.000Z' }, initialRegieState())),
  ATTENDANCE_DAY_IN_FUTURE: () => leftOf(decideAttendanceMarks(demoCatalog, pointing({ now }), initialAttendanceSheetState())),
  ATTENDANCE_MARK_CHANGED: () => leftOf(decideAttendanceMarks(demoCatalog, pointing(), pointedPresent)),
  TAX_YEAR_NOT_OVER: () => leftOf(decideTaxCertificate(demoCatalog, { year: 2026, now, events: reservedMonTue, birthDates: new Map() })),
  NO_TAX_CERTIFICATE: () => leftOf(decideTaxCertificate(demoCatalog, { year: 2026, now: '2027-01-05T08:00:00.000Z', events: reservedMonTue, birthDates: new Map() })),
  ABSENCE_NOT_ALLOWED: () => refusalOf(absentDay, declareAbsence({ activityId: 'mercredi' })),
  ABSENCE_BEFORE_DEADLINE: () => refusalOf(absentDay, declareAbsence({}, '2026-09-10T09:00:00.000Z')),
  ABSENCE_TOO_LATE: () => refusalOf(absentDay, declareAbsence({}, '2026-10-01T08:00:00.000Z')),
  ABSENCE_ALREADY_DECLARED: () => refusalOf([...absentDay, absenceDeclared], declareAbsence({ absenceId: 'ab2' })),
  UNKNOWN_ABSENCE: () => refusalOf(absentDay, cmd('RefuseAbsence', { absenceId: 'ab9', refusedBy: 'agent-1', reason: 'Illisible' }, now)),
  ABSENCE_ALREADY_DECIDED: () =>
    refusalOf([...absentDay, absenceDeclared, absenceRefused], cmd('AcceptAbsence', { absenceId: 'ab1', acceptedBy: 'agent-1', cancellationId: 'x1', creditId: 'cr1' }, now)),
  PROOF_TYPE_NOT_ACCEPTED: () => refusalOf(absentDay, declareAbsence({ proof: { ...proof, mediaType: 'image/gif' } })),
  PROOF_TOO_LARGE: () => refusalOf(absentDay, declareAbsence({ proof: { ...proof, sizeBytes: 50 * 1024 * 1024 } })),
  PLACE_LEFT: () => leftOf(decideJoinWaitingList(catalogWithPlaces(), foldFamily(base), slot('c1', 'mercredi', wednesday), undefined, noPlaceTaken, now)),
  NOT_WAITING: () => leftOf(decideLeaveWaitingList(catalogWithPlaces(), 'f1', slot('c1', 'mercredi', wednesday), noPlaceTaken, now)),
  DAY_FULL: () =>
    refusalOf(
      base,
      request('o1', [slot('c1', 'mercredi', wednesday)]),
      createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, places: { unplaced: (_familyId, slots) => slots } }),
    ),
  UNKNOWN_UNMATCHED_PAYMENT: () => leftOf(decideUnmatchedPaymentAttachment('pi_9', undefined)),
  UNMATCHED_PAYMENT_ALREADY_ATTACHED: () =>
    leftOf(
      decideUnmatchedPaymentAttachment('pi_1', {
        provider: 'stripe',
        providerPaymentId: 'pi_1',
        attachment: { familyId: 'f1', paymentId: 'attached-1', attachedBy: 'regisseur-1', attachedAt: now },
      }),
    ),
};

describe('refusal codes', () => {
  it.each(REFUSAL_CODES.map((code) => [code]))('%s has an example that refuses with it', (code) => {
    expect(EXAMPLES[code]().code).toBe(code);
  });

  it('every example is of a listed code', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...REFUSAL_CODES].sort());
  });
});
