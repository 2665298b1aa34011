import type { ProviderPayment } from '../payments/payment-records.schema';
import { creditStatement } from './credit-statement';
import { GeneratedHistory } from './regie-books.fixture';
import { checkRegieBooks } from './regie-check';
import { CSV_BOM, creditStatementCsv, frenchDecimal, monthlyPackCsv } from './regie-csv';
import { journalDays } from './regie-journal';
import { monthlyPack } from './regie-pack';
import { reconcile } from './regie-reconciliation';

const pay = (delayMinutes: number, extraCents = 0) => ({ delayMinutes, provider: 'simulated' as const, extraCents, slots: 2 });

/** Family 0 pays on 7 September; days 7–8 are closed; family 1 then pays with a payment dated 7 September (a late notification). */
function history(): GeneratedHistory {
  const h = new GeneratedHistory();
  h.family(0, { erased: false, payments: [pay(5)] });
  expect(h.closeDay('2026-09-07')).toBe(true);
  expect(h.closeDay('2026-09-08')).toBe(true);
  h.family(1, { erased: true, payments: [pay(5, 250)] });
  return h;
}

describe('the régie journal (R18)', () => {
  it('keeps a closed day as recorded and lists a late receipt on the next open day with its own date', () => {
    const books = history().books();
    const [sept7, sept8, sept9] = journalDays(books, '2026-09-07', '2026-09-09');
    expect(sept7).toMatchObject({ status: 'closed', receiptCount: 1, firstReceipt: 'R-2026-000001', lastReceipt: 'R-2026-000001' });
    expect(sept7.receipts.map((r) => r.receiptNumber)).toEqual(['R-2026-000001']);
    expect(sept8).toMatchObject({ status: 'closed', receiptCount: 0, totalCents: 0 });
    expect(sept9.status).toBe('open');
    expect(sept9.receipts).toEqual([expect.objectContaining({ receiptNumber: 'R-2026-000002', date: '2026-09-07', journalDate: '2026-09-09', late: true })]);
    expect(sept9.totalCents).toBe(sept9.receipts[0].amountCents);
    expect(checkRegieBooks(books)).toEqual([]);
  });

  it('closing the next day takes the late receipt in, and the figures stay checked', () => {
    const h = history();
    expect(h.closeDay('2026-09-09')).toBe(true);
    const books = h.books();
    const [sept9] = journalDays(books, '2026-09-09', '2026-09-09');
    expect(sept9).toMatchObject({ status: 'closed', receiptCount: 1, firstReceipt: 'R-2026-000002' });
    expect(checkRegieBooks(books)).toEqual([]);
  });

  it('finds a closed day whose receipts no longer give its figures', () => {
    const books = history().books();
    const tampered = { ...books, closings: books.closings.map((c) => (c.date === '2026-09-07' ? { ...c, totalCents: c.totalCents + 1, totalsByMethod: { simulated: c.totalCents + 1 } } : c)) };
    expect(checkRegieBooks(tampered)).toEqual([expect.objectContaining({ code: 'REGIE_DAY_DIFFERS', date: '2026-09-07' })]);
  });

  it('makes the monthly pack: état récapitulatif, liste nominative, bordereau', () => {
    const books = history().books();
    const pack = monthlyPack(books, '2026-09');
    expect(pack.payers.map((p) => [p.receiptNumber, p.payer, p.date, p.late])).toEqual([
      ['R-2026-000001', 'Famille 0', '2026-09-07', false],
      ['R-2026-000002', 'données effacées', '2026-09-07', true],
    ]);
    expect(pack.byRevenue.map((line) => line.revenueType)).toEqual(['accueil-soir', 'avoir', 'restauration']);
    expect(pack.bordereau).toEqual({ lines: [{ method: 'simulated', receiptCount: 2, amountCents: pack.totalCents }], totalCents: pack.totalCents });
    const csv = monthlyPackCsv(pack, (type) => (type === 'avoir' ? 'Paiement porté en avoir' : type));
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv).toContain(`R-2026-000002;2026-09-07;2026-09-09;données effacées;Paiement simulé;${frenchDecimal(pack.payers[1].amountCents)}\r\n`);
    expect(csv).toContain(`Total à verser;2;${frenchDecimal(pack.totalCents)}`);
  });

  it('formats amounts with a decimal comma', () => {
    expect([0, 5, 1250, 100000, -5].map(frenchDecimal)).toEqual(['0,00', '0,05', '12,50', '1000,00', '-0,05']);
  });
});

describe('the état des avoirs', () => {
  it('lists each lot with its age and the prescription quadriennale date', () => {
    const books = history().books();
    // A wrong amount is credited in full (R7).
    const credited = books.receipts[1].amountCents;
    const statement = creditStatement(books, '2026-12-31');
    expect(statement.families).toEqual([
      expect.objectContaining({ familyId: 'fam-1', name: 'données effacées', balanceCents: credited, lots: [expect.objectContaining({ source: 'unapplied_payment', issuedOn: '2026-09-07', remainingCents: credited, ageDays: 115, prescriptionDate: '2031-01-01' })] }),
    ]);
    expect(statement.totalCents).toBe(credited);
    expect(creditStatement(books, '2030-12-31').prescribableCents).toBe(0);
    expect(creditStatement(books, '2031-01-01').prescribableCents).toBe(credited);
    expect(creditStatementCsv(statement)).toContain(';2026-09-07;');
  });
});

describe('reconciliation with the providers', () => {
  it('lists every difference: missing, duplicate, amount', () => {
    const books = history().books();
    const [first, second] = books.receipts;
    const reported = (receipt: typeof first, over: Partial<ProviderPayment> = {}): ProviderPayment => ({
      provider: receipt.provider,
      providerPaymentId: receipt.providerReference as string,
      familyId: receipt.familyId,
      orderId: receipt.orderId,
      paymentId: receipt.paymentId,
      amountCents: receipt.amountCents,
      paidAt: receipt.paidAt,
      knownSince: 0,
      processed: true,
      ...over,
    });
    expect(reconcile(books, [reported(first), reported(second)], '2026-09-01', '2026-09-30').ok).toBe(true);

    const missing = reported(first, { providerPaymentId: 'pi_lost', paymentId: 'p-lost' });
    const result = reconcile(books, [reported(first, { amountCents: first.amountCents + 1 }), missing], '2026-09-01', '2026-09-30');
    expect(result.ok).toBe(false);
    expect(result.days.flatMap((day) => day.differences.map((d) => d.kind)).sort()).toEqual(['amount_mismatch', 'missing_receipt', 'receipt_without_provider_payment']);

    const twice = { ...books, receipts: [...books.receipts, { ...first, receiptNumber: 'R-2026-000003', position: 999 }] };
    expect(reconcile(twice, [reported(first), reported(second)], '2026-09-01', '2026-09-30').days[0].differences).toEqual([expect.objectContaining({ kind: 'duplicate_receipt', receiptNumbers: ['R-2026-000001', 'R-2026-000003'] })]);
  });
});
