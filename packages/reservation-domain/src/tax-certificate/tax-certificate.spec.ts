import { demoCatalog } from '../catalog/demo-municipality';
import type { FamilyEvent, ReservationLine } from '../family/family.events';
import { isUnderSixOnFirstJanuary, taxCertificateMailingYear, taxYearIsOver } from './childcare-eligibility';
import { childcarePaidByYear, sharePaid } from './childcare-paid';
import { taxCertificateLines } from './tax-certificate';

const tariff = { effectiveFrom: '2026-09-01', bracket: 'qf-any' } as const;
const line = (childId: string, activityId: string, date: string, unitPriceCents: number): ReservationLine => ({ childId, activityId, date, unitPriceCents, tariff });

let n = 0;
function order(lines: ReservationLine[], creditAppliedCents: number, at: string): { orderId: string; events: FamilyEvent[] } {
  const orderId = `o${++n}`;
  const totalCents = lines.reduce((sum, l) => sum + l.unitPriceCents, 0);
  return {
    orderId,
    events: [
      { type: 'ReservationRequested', data: { orderId, familyId: 'f', lines, totalCents, creditAppliedCents, amountDueCents: totalCents - creditAppliedCents, requestedAt: at, expiresAt: at } },
    ],
  };
}
const paid = (orderId: string, at: string): FamilyEvent => ({ type: 'ReservationConfirmed', data: { orderId, confirmedAt: at, via: 'payment', paymentId: `p-${orderId}` } });
const ok = (orderId: string, at: string): FamilyEvent => ({ type: 'ReservationConfirmed', data: { orderId, confirmedAt: at, via: 'credit' } });
const credit = (source: 'cancellation' | 'goodwill' | 'unapplied_payment' | 'closure', amountCents: number, at: string): FamilyEvent => ({
  type: 'CreditIssued',
  data: { creditId: `c${++n}`, familyId: 'f', amountCents, source, sourceId: 'x', issuedAt: at },
});
const cancel = (lines: ReservationLine[], orderId: string, at: string): FamilyEvent => ({
  type: 'ReservationCancelled',
  data: { cancellationId: `k${++n}`, familyId: 'f', lines: lines.map((l) => ({ childId: l.childId, activityId: l.activityId, date: l.date, orderId, creditCents: l.unitPriceCents })), totalCents: lines.reduce((s, l) => s + l.unitPriceCents, 0), cancelledAt: at, reason: 'parent' },
});
const refund = (amountCents: number, at: string): FamilyEvent => ({ type: 'CreditRefunded', data: { refundId: `r${++n}`, familyId: 'f', amountCents, reference: 'VIR', refundedAt: at } });

const paidIn = (events: FamilyEvent[], year: number) => Object.fromEntries(childcarePaidByYear(events, demoCatalog).get(year) ?? []);

describe('who the certificate is for', () => {
  it('counts a child under six on 1 January: born after 1 January of the year − 6', () => {
    expect(isUnderSixOnFirstJanuary('2020-01-02', 2026)).toBe(true);
    expect(isUnderSixOnFirstJanuary('2020-01-01', 2026)).toBe(false);
    expect(isUnderSixOnFirstJanuary('2019-12-31', 2026)).toBe(false);
    expect(isUnderSixOnFirstJanuary('2026-05-01', 2026)).toBe(true);
    expect(isUnderSixOnFirstJanuary('2027-01-01', 2026)).toBe(false);
  });

  it('is issued once the year is over in the town’s time zone', () => {
    expect(taxYearIsOver(2026, '2026-12-31T22:59:59Z', 'Europe/Paris')).toBe(false);
    expect(taxYearIsOver(2026, '2026-12-31T23:00:00Z', 'Europe/Paris')).toBe(true);
  });

  it('is e-mailed in January, for the year just over', () => {
    expect(taxCertificateMailingYear('2026-12-31T22:59:59Z', 'Europe/Paris')).toBeNull();
    expect(taxCertificateMailingYear('2026-12-31T23:00:00Z', 'Europe/Paris')).toBe(2026);
    expect(taxCertificateMailingYear('2027-01-31T22:59:59Z', 'Europe/Paris')).toBe(2026);
    expect(taxCertificateMailingYear('2027-01-31T23:00:00Z', 'Europe/Paris')).toBeNull();
  });
});

describe('childcare paid in a year', () => {
  it('counts the care days of orders paid in the year, never the canteen', () => {
    const soir = line('léa', 'accueil-soir', '2026-09-14', 250);
    const cantine = line('léa', 'restauration', '2026-09-14', 385);
    const o = order([soir, cantine], 0, '2026-09-07T08:00:00Z');
    expect(paidIn([...o.events, paid(o.orderId, '2026-09-07T08:10:00Z')], 2026)).toEqual({ léa: 250 });
  });

  it('counts in the year of the payment in the town’s time zone', () => {
    const o = order([line('léa', 'mercredi', '2027-01-06', 800)], 0, '2026-12-31T22:50:00Z');
    const events = [...o.events, paid(o.orderId, '2026-12-31T23:10:00Z')];
    expect(paidIn(events, 2026)).toEqual({});
    expect(paidIn(events, 2027)).toEqual({ léa: 800 });
  });

  it('excludes what goodwill credit paid, and counts credit that came from money', () => {
    const a = order([line('léa', 'mercredi', '2026-09-16', 800)], 300, '2026-09-07T08:00:00Z');
    const b = order([line('noé', 'mercredi', '2026-09-16', 800)], 500, '2026-09-07T09:00:00Z');
    const events = [credit('goodwill', 300, '2026-09-01T08:00:00Z'), ...a.events, paid(a.orderId, '2026-09-07T08:05:00Z'), credit('unapplied_payment', 500, '2026-09-07T08:30:00Z'), ...b.events, paid(b.orderId, '2026-09-07T09:05:00Z')];
    expect(paidIn(events, 2026)).toEqual({ léa: 500, noé: 800 });
  });

  it('moves a cancelled day’s money to the day its credit pays, and counts it once', () => {
    const day = line('léa', 'mercredi', '2026-09-16', 800);
    const a = order([day], 0, '2026-09-07T08:00:00Z');
    const b = order([line('léa', 'accueil-soir', '2026-09-21', 500)], 500, '2026-09-10T08:00:00Z');
    const events = [...a.events, paid(a.orderId, '2026-09-07T08:05:00Z'), cancel([day], a.orderId, '2026-09-09T08:00:00Z'), credit('cancellation', 800, '2026-09-09T08:00:00Z'), ...b.events, ok(b.orderId, '2026-09-10T08:01:00Z')];
    expect(paidIn(events, 2026)).toEqual({ léa: 500 });
  });

  it('deducts refunds: refunded credit pays no counted day', () => {
    const day = line('léa', 'mercredi', '2026-09-16', 800);
    const a = order([day], 0, '2026-09-07T08:00:00Z');
    const b = order([line('léa', 'accueil-soir', '2026-09-21', 800)], 800, '2026-09-10T08:00:00Z');
    const events = [
      ...a.events, paid(a.orderId, '2026-09-07T08:05:00Z'), cancel([day], a.orderId, '2026-09-09T08:00:00Z'), credit('cancellation', 800, '2026-09-09T08:00:00Z'),
      credit('goodwill', 800, '2026-09-09T09:00:00Z'), refund(800, '2026-09-09T10:00:00Z'),
      ...b.events, ok(b.orderId, '2026-09-10T08:01:00Z'),
    ];
    // The refund took the family's money back first: what is left, and pays the day, was a gesture.
    expect(paidIn(events, 2026)).toEqual({});
  });

  it('keeps a day counted in the year it was paid when it is cancelled the next year, and does not count its credit again', () => {
    const day = line('léa', 'mercredi', '2027-01-06', 800);
    const a = order([day], 0, '2026-12-10T08:00:00Z');
    const b = order([line('léa', 'mercredi', '2027-01-13', 800)], 800, '2027-01-04T08:00:00Z');
    const events = [...a.events, paid(a.orderId, '2026-12-10T08:05:00Z'), cancel([day], a.orderId, '2027-01-02T08:00:00Z'), credit('cancellation', 800, '2027-01-02T08:00:00Z'), ...b.events, ok(b.orderId, '2027-01-04T08:01:00Z')];
    expect(paidIn(events, 2026)).toEqual({ léa: 800 });
    expect(paidIn(events, 2027)).toEqual({});
  });

  it('gives back the money an expired order held, and re-applies it on a late payment', () => {
    const a = order([line('léa', 'mercredi', '2026-09-16', 800)], 500, '2026-09-07T08:00:00Z');
    const events: FamilyEvent[] = [
      credit('unapplied_payment', 500, '2026-09-01T08:00:00Z'),
      ...a.events,
      { type: 'ReservationExpired', data: { orderId: a.orderId, expiredAt: '2026-09-07T09:00:00Z', reason: 'timeout', creditReleasedCents: 500 } },
      paid(a.orderId, '2026-09-07T09:10:00Z'),
    ];
    expect(paidIn(events, 2026)).toEqual({ léa: 800 });
  });

  it('shares a payment over the lines in whole cents that add up', () => {
    expect(sharePaid([100, 100, 100], 100)).toEqual([34, 33, 33]);
    expect(sharePaid([0, 0], 0)).toEqual([0, 0]);
    expect(sharePaid([10 ** 12, 1], 10 ** 12)).toEqual([10 ** 12 - 1, 1]);
  });
});

describe('the certificate’s lines', () => {
  it('lists eligible children with something paid, oldest first; unknown birth dates are left out', () => {
    const o = order([line('léa', 'mercredi', '2026-09-16', 800), line('noé', 'mercredi', '2026-09-16', 700), line('zoé', 'mercredi', '2026-09-16', 600), line('tom', 'mercredi', '2026-09-16', 500)], 0, '2026-09-07T08:00:00Z');
    const events = [...o.events, paid(o.orderId, '2026-09-07T08:05:00Z')];
    const birthDates = new Map([['léa', '2021-03-02'], ['noé', '2019-06-01'], ['zoé', '2020-02-10']]);
    expect(taxCertificateLines(events, demoCatalog, 2026, birthDates)).toEqual([
      { childId: 'zoé', birthDate: '2020-02-10', amountCents: 600 },
      { childId: 'léa', birthDate: '2021-03-02', amountCents: 800 },
    ]);
    expect(taxCertificateLines(events, demoCatalog, 2025, birthDates)).toEqual([]);
  });
});
