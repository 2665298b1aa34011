/**
 * Per family, what the domain's `auditFamilyHistory` checks — no slot held twice, the balance
 * never negative, R11 at the end (`checkLedger`) — computed incrementally while the events pass
 * by in global order, so `verify` reads the store once (the hash-chain scan feeds it) and keeps
 * one folded state per family rather than every event. `family-auditor.spec.ts` holds this to
 * `auditFamilyHistory`'s verdicts on random histories. R11 is checked again over the totals of
 * every family. Person events are decoded too (documents print their names). Also gathers the
 * document numbers each family was issued, for the numbering check.
 */
import type { StoredEvent } from '@periscol/event-store';
import { checkLedger, decodePersonEvent, evolveFamily, initialFamilyState, ledgerOf, slotKeyOf, type FamilyEvent, type FamilyState } from '@periscol/reservation-domain';
import { PERSON_STREAM_PREFIX, familyIdOfFamilyStream, familyStreamId } from '@periscol/application';
import { decodeFamilyEvents } from '../history/family-history.reader';
import { ViolationList, type AuditCheck, type LedgerTotals, type Violation } from './audit-report';
import type { IssuedDocumentNumber } from './numbering.check';
import * as E from 'fp-ts/Either';

export const EVENTS_CHECK_NAME = 'events readable (schema, upcast)';
export const LEDGER_CHECK_NAME = 'ledger conservation (R11)';
export const SLOTS_CHECK_NAME = 'no slot reserved twice';

export interface FamilyLedgerAudit {
  readonly events: AuditCheck;
  readonly ledger: AuditCheck;
  readonly slots: AuditCheck;
  readonly totals: LedgerTotals;
  readonly familiesChecked: number;
  readonly eventsChecked: number;
  readonly issued: readonly IssuedDocumentNumber[];
}

export const ZERO_TOTALS: LedgerTotals = { paymentsCents: 0, goodwillCents: 0, reservedValueCents: 0, balanceCents: 0, heldCents: 0, refundedCents: 0 };

export function addTotals(a: LedgerTotals, b: LedgerTotals): LedgerTotals {
  return {
    paymentsCents: a.paymentsCents + b.paymentsCents,
    goodwillCents: a.goodwillCents + b.goodwillCents,
    reservedValueCents: a.reservedValueCents + b.reservedValueCents,
    balanceCents: a.balanceCents + b.balanceCents,
    heldCents: a.heldCents + b.heldCents,
    refundedCents: a.refundedCents + b.refundedCents,
  };
}

export function totalsBalance(totals: LedgerTotals): { received: number; accounted: number } {
  return {
    received: totals.paymentsCents + totals.goodwillCents,
    accounted: totals.reservedValueCents + totals.balanceCents + totals.heldCents + totals.refundedCents,
  };
}

/** The document numbers a family's state carries: tickets (R8) and credit notes. */
export function issuedNumbersOf(familyId: string, state: FamilyState): IssuedDocumentNumber[] {
  const out: IssuedDocumentNumber[] = [];
  state.payments.forEach((payment) => {
    if (payment.ticketNumber !== undefined) {
      out.push({ number: payment.ticketNumber, kind: 'ticket', familyId, sourceId: payment.paymentId, yearOf: payment.paidAt ?? payment.ticketIssuedAt ?? null });
    }
  });
  state.credits.forEach((credit) => {
    if (credit.creditNoteNumber !== undefined) {
      out.push({ number: credit.creditNoteNumber, kind: 'credit-note', familyId, sourceId: credit.creditId, yearOf: credit.issuedAt });
    }
  });
  return out;
}

/** "a, b, c" — the first ten, then how many more. */
function describeList(items: readonly string[]): string {
  return items.length > 10 ? `${items.slice(0, 10).join(', ')} and ${items.length - 10} more` : items.join(', ');
}

/** One family's audit so far. */
export interface FamilyAudit {
  readonly familyId: string;
  state: FamilyState;
  events: number;
  readonly doubleBookings: Violation[];
  negative?: Violation;
  /** Events missing, unreadable or undecodable: the fold is incomplete, the ledger not judged. */
  incomplete: boolean;
  /** Position of its first event read: families are judged in that order. */
  firstPosition?: number;
}

/**
 * One family's findings once its events are folded: plain data, so a worker thread folding some
 * families sends them back and the main thread judges every family in one order.
 */
export interface FamilyVerdict {
  readonly familyId: string;
  readonly firstPosition: number;
  readonly incomplete: boolean;
  readonly doubleBookings: readonly Violation[];
  readonly negative?: Violation;
  readonly unbalanced?: Violation;
  readonly totals: LedgerTotals;
  readonly issued: readonly IssuedDocumentNumber[];
}

export function verdictOf(audit: FamilyAudit): FamilyVerdict {
  const ledger = audit.incomplete ? undefined : checkLedger(audit.state);
  return {
    familyId: audit.familyId,
    firstPosition: audit.firstPosition ?? 0,
    incomplete: audit.incomplete,
    doubleBookings: audit.doubleBookings,
    ...(audit.negative ? { negative: audit.negative } : {}),
    ...(ledger && E.isLeft(ledger) ? { unbalanced: { code: ledger.left.code, message: ledger.left.message, streamId: familyStreamId(audit.familyId), familyId: audit.familyId } } : {}),
    totals: audit.incomplete ? ZERO_TOTALS : ledgerOf(audit.state),
    issued: issuedNumbersOf(audit.familyId, audit.state),
  };
}

/** The events check's findings so far: the first ones kept, and how many in all. */
export interface KeptViolations {
  readonly items: readonly Violation[];
  readonly count: number;
}

/** What the family audit counted besides its verdicts. */
export interface FamilyEventCounts {
  readonly familyEvents: number;
  readonly personEvents: number;
}

/**
 * The ledger, slots and events checks over every family's verdict, in the order given (first
 * event read first): per family its double bookings, a negative balance, R11; then R11 over the
 * totals of all families.
 */
export function judgeFamilies(verdicts: Iterable<FamilyVerdict>, eventsFound: KeptViolations, counts: FamilyEventCounts, maxViolations: number): FamilyLedgerAudit {
  const eventsViolations = new ViolationList(maxViolations);
  for (const violation of eventsFound.items) eventsViolations.add(violation);
  eventsViolations.addUncounted(eventsFound.count - eventsFound.items.length);
  const ledgerViolations = new ViolationList(maxViolations);
  const slotViolations = new ViolationList(maxViolations);
  const issued: IssuedDocumentNumber[] = [];
  let totals = ZERO_TOTALS;
  const unchecked: string[] = [];
  let families = 0;
  for (const verdict of verdicts) {
    families++;
    // The numbers its readable events carry count, even when the family is not judged.
    issued.push(...verdict.issued);
    if (verdict.incomplete) {
      // A fold missing events would report false imbalances: the other checks say why.
      unchecked.push(verdict.familyId);
      continue;
    }
    for (const violation of verdict.doubleBookings) slotViolations.add(violation);
    if (verdict.negative) ledgerViolations.add(verdict.negative);
    if (verdict.unbalanced) ledgerViolations.add(verdict.unbalanced);
    totals = addTotals(totals, verdict.totals);
  }
  const { received, accounted } = totalsBalance(totals);
  if (received !== accounted) {
    ledgerViolations.add({ code: 'LEDGER_UNBALANCED', message: `over all families: payments + goodwill = ${received} cents but reserved + balance + held + refunded = ${accounted} cents` });
  }
  const checked = families - unchecked.length;
  const skippedNote = unchecked.length > 0 ? ` (${unchecked.length} famil${unchecked.length > 1 ? 'ies' : 'y'} not judged, events missing or unreadable: ${describeList(unchecked)})` : '';
  const totalLine = `payments ${totals.paymentsCents} + goodwill ${totals.goodwillCents} = reserved ${totals.reservedValueCents} + balances ${totals.balanceCents} + held ${totals.heldCents} + refunded ${totals.refundedCents} cents`;
  return {
    events: eventsViolations.check('events', EVENTS_CHECK_NAME, `${counts.familyEvents} family events decode to their current version; ${counts.personEvents} person events decode`),
    ledger: ledgerViolations.check('ledger', LEDGER_CHECK_NAME, `${checked} families balanced; in total ${totalLine}${skippedNote}`),
    slots: slotViolations.check('slots', SLOTS_CHECK_NAME, `every slot held by at most one order in ${checked} families${skippedNote}`),
    totals,
    familiesChecked: families,
    eventsChecked: counts.familyEvents,
    issued,
  };
}

/** What `auditFamilyHistory` checks before evolving each event: a slot taken from another order. */
export function doubleBookingsOf(state: FamilyState, event: FamilyEvent): string[] {
  if (event.type !== 'ReservationRequested' && event.type !== 'ReservationConfirmed') return [];
  const lines = event.type === 'ReservationRequested' ? event.data.lines : (state.orders.get(event.data.orderId)?.lines ?? []);
  const found: string[] = [];
  for (const line of lines) {
    const key = slotKeyOf(line.childId, line.activityId, line.date);
    const holding = state.slots.get(key);
    if (holding && holding.orderId !== event.data.orderId) found.push(`${key} already held by ${holding.orderId}`);
  }
  return found;
}

export function auditFamilyEvent(audit: FamilyAudit, event: FamilyEvent, stored: Pick<StoredEvent, 'streamId' | 'revision' | 'position'>): void {
  audit.events++;
  for (const problem of doubleBookingsOf(audit.state, event)) {
    audit.doubleBookings.push({ code: 'SLOT_HELD_TWICE', message: `${event.type}: ${problem}`, streamId: stored.streamId, revision: stored.revision, position: stored.position, familyId: audit.familyId });
  }
  audit.state = evolveFamily(audit.state, event);
  if (audit.negative === undefined && audit.state.balanceCents < 0) {
    audit.negative = { code: 'NEGATIVE_BALANCE', message: `balance ${audit.state.balanceCents} cents after ${event.type}`, streamId: stored.streamId, revision: stored.revision, position: stored.position, familyId: audit.familyId };
  }
}

/** Feed it every event (any stream, global order), then `finish()`. */
export class FamilyLedgerAuditor {
  private readonly families = new Map<string, FamilyAudit>();
  private readonly eventsViolations: ViolationList;
  private familyEvents = 0;
  private personEvents = 0;

  constructor(private readonly maxViolations = 100) {
    this.eventsViolations = new ViolationList(maxViolations);
  }

  private familyAudit(familyId: string, position?: number): FamilyAudit {
    let audit = this.families.get(familyId);
    if (!audit) this.families.set(familyId, (audit = { familyId, state: initialFamilyState(), events: 0, doubleBookings: [], incomplete: false, ...(position !== undefined ? { firstPosition: position } : {}) }));
    return audit;
  }

  push(events: readonly StoredEvent[]): void {
    for (const event of events) this.pushOne(event);
  }

  pushOne(event: StoredEvent): void {
    const familyId = familyIdOfFamilyStream(event.streamId);
    if (familyId !== undefined) {
      this.familyEvents++;
      const audit = this.familyAudit(familyId, event.position);
      const decoded = decodeFamilyEvents([event]);
      if (decoded.failures.length > 0) {
        audit.incomplete = true;
        for (const failure of decoded.failures) this.eventsViolations.add({ ...failure, familyId });
        return;
      }
      try {
        auditFamilyEvent(audit, decoded.events[0], event);
      } catch (error) {
        // A fold that throws on a damaged history is a finding about that event, not the end of the audit.
        audit.incomplete = true;
        this.eventsViolations.add({ code: 'INVALID_EVENT', message: `${event.type} cannot be folded: ${error instanceof Error ? error.message : String(error)}`, streamId: event.streamId, revision: event.revision, position: event.position, familyId });
      }
    } else if (event.streamId.startsWith(PERSON_STREAM_PREFIX)) {
      this.personEvents++;
      const decoded = decodePersonEvent({ type: event.type, data: event.data, metadata: event.metadata });
      if (E.isLeft(decoded)) this.eventsViolations.add({ code: 'INVALID_EVENT', message: decoded.left.message, streamId: event.streamId, revision: event.revision, position: event.position });
    }
  }

  /** A row of this stream is missing or could not be read at all (reported by the hash-chain check). */
  markIncomplete(streamId: string): void {
    const familyId = familyIdOfFamilyStream(streamId);
    if (familyId !== undefined) this.familyAudit(familyId).incomplete = true;
  }

  /** Every family's findings, in the order their first events were read. */
  verdicts(): FamilyVerdict[] {
    return [...this.families.values()].map(verdictOf);
  }

  /** The events check's findings and the counts, for `judgeFamilies`. */
  eventFindings(): { readonly found: KeptViolations; readonly counts: FamilyEventCounts } {
    return { found: { items: this.eventsViolations.items, count: this.eventsViolations.count }, counts: { familyEvents: this.familyEvents, personEvents: this.personEvents } };
  }

  finish(): FamilyLedgerAudit {
    const { found, counts } = this.eventFindings();
    return judgeFamilies(this.verdicts(), found, counts, this.maxViolations);
  }
}
