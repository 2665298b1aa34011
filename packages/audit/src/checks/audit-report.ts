/**
 * What `verify` answers. The first three fields are docs/http.md's `GET /api/audit/verify` shape
 * (`{ ok, eventsChecked, checks: [{ name, ok, detail }] }`); the rest is for the CLI report.
 */

/** One thing found wrong, located as precisely as the check can. */
export interface Violation {
  readonly code: ViolationCode;
  readonly message: string;
  readonly streamId?: string;
  readonly revision?: number;
  readonly position?: number;
  readonly familyId?: string;
}

export type ViolationCode =
  // hash chains (names from @periscol/event-store's ChainBreakReason)
  | 'HASH_MISMATCH'
  | 'BROKEN_LINK'
  | 'REVISION_GAP'
  | 'TRUNCATED'
  | 'MISSING_HASH'
  | 'UNREADABLE_EVENT'
  // events
  | 'INVALID_EVENT'
  // ledger and slots (names from @periscol/reservation-domain's ledger)
  | 'LEDGER_UNBALANCED'
  | 'LEDGER_INCONSISTENT'
  | 'NEGATIVE_BALANCE'
  | 'SLOT_HELD_TWICE'
  // numbering
  | 'INVALID_DOCUMENT_NUMBER'
  | 'DUPLICATE_DOCUMENT_NUMBER'
  | 'NUMBER_GAP'
  | 'NUMBER_WRONG_YEAR'
  | 'NUMBER_NOT_ASSIGNED'
  | 'NUMBER_NOT_ISSUED'
  | 'NUMBERING_STREAM_INVALID'
  // projections
  | 'PROJECTION_DIFFERS'
  | 'PROJECTION_STALE_VERSION'
  | 'REPLAY_FAILED'
  // payments received (the API's operations database) against the ledger
  | 'PAYMENT_NOT_RECORDED'
  // the régie's journal (R18)
  | 'REGIE_DAY_DIFFERS'
  | 'REGIE_DAYS_OUT_OF_ORDER'
  // the pointage (R20)
  | 'ATTENDANCE_MARK_INCONSISTENT'
  // any check
  | 'CHECK_FAILED';

export type CheckId = 'hash-chains' | 'events' | 'ledger' | 'slots' | 'numbering' | 'projections' | 'snapshots' | 'payments' | 'regie' | 'attendance';

export interface AuditCheck {
  readonly id: CheckId;
  readonly name: string;
  readonly ok: boolean;
  /** One line a person reads. */
  readonly detail: string;
  /** Everything found, in store order; at most `maxViolations` per check, `truncated` counts the rest. */
  readonly violations: readonly Violation[];
  readonly truncated?: number;
  /** The check could not run (nothing to compare against); `ok` is then true. */
  readonly skipped?: boolean;
}

export interface LedgerTotals {
  readonly paymentsCents: number;
  readonly goodwillCents: number;
  readonly reservedValueCents: number;
  readonly balanceCents: number;
  readonly heldCents: number;
  readonly refundedCents: number;
}

export interface AuditReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly checks: readonly AuditCheck[];
  readonly streamsChecked: number;
  readonly familiesChecked: number;
  /** R11 over every family: Σ payments + Σ goodwill = Σ reserved + Σ balances + Σ held + Σ refunds. */
  readonly totals: LedgerTotals;
  /** Documents numbered per prefix and year, e.g. { 'R-2026': 123, 'A-2026': 45 }. */
  readonly documentNumbers: Readonly<Record<string, number>>;
}

/** Collects a check's violations, keeping at most `max` of them. */
export class ViolationList {
  readonly items: Violation[] = [];
  private dropped = 0;

  constructor(private readonly max: number) {}

  add(violation: Violation): void {
    if (this.items.length < this.max) this.items.push(violation);
    else this.dropped++;
  }

  /** Findings counted but not kept (another list kept its first ones). */
  addUncounted(dropped: number): void {
    this.dropped += dropped;
  }

  get count(): number {
    return this.items.length + this.dropped;
  }

  check(id: CheckId, name: string, okDetail: string, failDetail?: (count: number) => string): AuditCheck {
    const ok = this.count === 0;
    const first = this.items[0];
    const detail = ok ? okDetail : (failDetail?.(this.count) ?? `${this.count} problem${this.count > 1 ? 's' : ''}; first: ${first ? describeViolation(first) : '?'}`);
    return { id, name, ok, detail, violations: this.items, ...(this.dropped > 0 ? { truncated: this.dropped } : {}) };
  }
}

/** Runs one check; one that throws is reported failed (CHECK_FAILED) and the verification goes on. */
export async function runCheck(id: CheckId, name: string, run: () => Promise<AuditCheck>): Promise<AuditCheck> {
  try {
    return await run();
  } catch (error) {
    const message = `the check could not run: ${error instanceof Error ? error.message : String(error)}`;
    return { id, name, ok: false, detail: message, violations: [{ code: 'CHECK_FAILED', message }] };
  }
}

/** "family-f1 revision 3 (position 42): HASH_MISMATCH — content does not match its hash" */
export function describeViolation(violation: Violation): string {
  const where: string[] = [];
  if (violation.streamId !== undefined) where.push(violation.streamId);
  else if (violation.familyId !== undefined) where.push(`family ${violation.familyId}`);
  if (violation.revision !== undefined) where.push(`revision ${violation.revision}`);
  if (violation.position !== undefined) where.push(`(position ${violation.position})`);
  return `${where.length > 0 ? `${where.join(' ')}: ` : ''}${violation.code} — ${violation.message}`;
}
