import { DocumentInputError, DocumentInputIssue } from './document-input-error';
import { isValidTimeZone, parseInstant } from './format/date-format';
import { isIsoDate } from './format/iso-date';
import { DocumentParties, ReservedLine } from './document-inputs';

/** Collects every problem of an input, then throws them all at once (or nothing). */
export class InputChecks {
  private readonly issues: DocumentInputIssue[] = [];

  constructor(private readonly document: string) {}

  fail(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  object(path: string, value: unknown): value is Record<string, unknown> {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
    this.fail(path, 'expected an object');
    return false;
  }

  /** A required text must say something; an optional one may be absent or blank. */
  text(path: string, value: unknown, optional = false): void {
    if (optional) {
      if (value !== undefined && typeof value !== 'string') this.fail(path, 'expected a string');
      return;
    }
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, 'expected a non-empty string');
  }

  nullableText(path: string, value: unknown): void {
    if (value !== null && typeof value !== 'string') this.fail(path, 'expected a string or null');
  }

  cents(path: string, value: unknown): value is number {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return true;
    this.fail(path, `expected non-negative integer cents, got ${String(value)}`);
    return false;
  }

  isoDate(path: string, value: unknown): void {
    if (!isIsoDate(value)) this.fail(path, `expected a calendar date YYYY-MM-DD, got ${String(value)}`);
  }

  instant(path: string, value: unknown, optional = false): void {
    if (optional && value === undefined) return;
    if (parseInstant(value) === null) this.fail(path, `expected an ISO 8601 instant with offset, got ${String(value)}`);
  }

  array(path: string, value: unknown, nonEmpty = false): value is unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, 'expected an array');
      return false;
    }
    if (nonEmpty && value.length === 0) this.fail(path, 'expected at least one line');
    return true;
  }

  /** `stated` must equal `computed` (both integer cents). */
  sum(path: string, stated: unknown, computed: number, what: string): void {
    if (typeof stated === 'number' && stated !== computed) this.fail(path, `${what}: stated ${stated}, lines add up to ${computed}`);
  }

  parties(input: DocumentParties): void {
    if (this.object('municipality', input.municipality)) {
      this.text('municipality.name', input.municipality.name);
      this.text('municipality.address', input.municipality.address, true);
    }
    if (this.object('family', input.family)) {
      this.text('family.familyId', input.family.familyId);
      this.nullableText('family.name', input.family.name);
    }
    if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) this.fail('timeZone', `unknown time zone ${String(input.timeZone)}`);
  }

  /** Lines of an order or ticket; returns the sum of their unit prices (of the valid ones). */
  reservedLines(path: string, lines: unknown): number {
    let sum = 0;
    if (!this.array(path, lines, true)) return sum;
    lines.forEach((line, i) => {
      const at = `${path}[${i}]`;
      if (!this.object(at, line)) return;
      const { childId, childName, activityLabel, date, unitPriceCents } = line as Partial<ReservedLine>;
      this.text(`${at}.childId`, childId);
      this.nullableText(`${at}.childName`, childName);
      this.text(`${at}.activityLabel`, activityLabel);
      this.isoDate(`${at}.date`, date);
      this.text(`${at}.priceNote`, (line as Partial<ReservedLine>).priceNote, true);
      if (this.cents(`${at}.unitPriceCents`, unitPriceCents)) sum += unitPriceCents;
    });
    return sum;
  }

  /**
   * Lines, total, credit applied and what remains to settle (amount due or amount paid), as on
   * orders and tickets: `total = Σ unit prices` and `net = total − credit applied`.
   */
  settledLines(path: string, value: Record<string, unknown>, net: 'amountDueCents' | 'amountPaidCents', netLabel: string): void {
    const sum = this.reservedLines(`${path}.lines`, value.lines);
    const amounts = [
      this.cents(`${path}.totalCents`, value.totalCents),
      this.cents(`${path}.creditAppliedCents`, value.creditAppliedCents),
      this.cents(`${path}.${net}`, value[net]),
    ];
    this.sum(`${path}.totalCents`, value.totalCents, sum, 'total');
    if (amounts.every(Boolean)) {
      this.sum(`${path}.${net}`, value[net], (value.totalCents as number) - (value.creditAppliedCents as number), `${netLabel} = total - credit applied`);
    }
  }

  done(): void {
    if (this.issues.length) throw new DocumentInputError(this.document, this.issues);
  }
}
