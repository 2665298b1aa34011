import fc from 'fast-check';
import { ledgerOf } from '@periscol/reservation-domain';
import { GeneratedHistory, type GeneratedFamily } from './regie-books.fixture';
import { checkRegieBooks } from './regie-check';
import { journalDays } from './regie-journal';
import { ERASED_NAME, monthlyPack } from './regie-pack';

const paymentArb = fc.record({
  delayMinutes: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 60, max: 4_000 })),
  provider: fc.constantFrom('stripe' as const, 'simulated' as const, 'payfip' as const),
  extraCents: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 5_000 })),
  slots: fc.integer({ min: 1, max: 4 }),
});
const familyArb: fc.Arbitrary<GeneratedFamily> = fc.record({ erased: fc.boolean(), payments: fc.array(paymentArb, { minLength: 0, maxLength: 4 }) });

const sum = (values: Iterable<number | undefined>) => [...values].reduce<number>((a, b) => a + (b ?? 0), 0);

describe('a month of the régie (R18): the pack, the journal and the ledger (R11) agree', () => {
  it('pack totals = journal totals = ledger payments, with days closed part-way and late receipts', () => {
    fc.assert(
      fc.property(fc.array(familyArb, { minLength: 1, maxLength: 12 }), fc.nat(), fc.integer({ min: 7, max: 24 }), fc.integer({ min: 0, max: 4 }), (families, split, firstDay, extraDays) => {
        const history = new GeneratedHistory();
        const cut = split % (families.length + 1);
        families.slice(0, cut).forEach((family, i) => history.family(i, family));
        // The régisseur closes some days of September part-way through the history.
        for (let d = firstDay; d <= firstDay + extraDays; d++) expect(history.closeDay(`2026-09-${String(d).padStart(2, '0')}`)).toBe(true);
        families.slice(cut).forEach((family, i) => history.family(cut + i, family));

        const books = history.books();
        const pack = monthlyPack(books, '2026-09');
        const days = journalDays(books, '2026-09-01', '2026-09-30');
        const ledger = sum([...history.states.values()].map((state) => ledgerOf(state).paymentsCents));

        // Every payment of the history is in September, and so is every late receipt.
        expect(books.receipts.every((receipt) => receipt.date.startsWith('2026-09'))).toBe(true);
        expect(pack.totalCents).toBe(ledger);
        expect(sum(days.map((day) => day.totalCents))).toBe(pack.totalCents);
        expect(sum(days.map((day) => day.receiptCount))).toBe(pack.receiptCount);
        expect(pack.bordereau.totalCents).toBe(pack.totalCents);
        expect(sum(Object.values(pack.byMethod))).toBe(pack.totalCents);
        expect(sum(pack.byRevenue.map((line) => line.totalCents))).toBe(pack.totalCents);
        expect(sum(pack.payers.map((payer) => payer.amountCents))).toBe(pack.totalCents);
        expect(pack.payers).toHaveLength(books.receipts.length);
        // Closed days still show what was recorded, and that is what their receipts give.
        expect(checkRegieBooks(books)).toEqual([]);
        for (const day of days) if (day.status === 'closed') expect(sum(day.receipts.map((receipt) => receipt.amountCents))).toBe(day.totalCents);
        // A late receipt keeps its own date and is accounted on a later day.
        for (const receipt of pack.payers.filter((payer) => payer.late)) expect(receipt.journalDate > receipt.date).toBe(true);
        // Erased families read « données effacées » (R17).
        families.forEach((family, i) => {
          for (const payer of pack.payers.filter((p) => p.familyId === `fam-${i}`)) expect(payer.payer).toBe(family.erased ? ERASED_NAME : `Famille ${i}`);
        });
      }),
      { numRuns: 60 },
    );
  });
});
