import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import { ReservedLine } from './document-inputs';
import { renderOrderDetail, OrderDetailInput, OrderStatus } from './order-detail.document';
import { renderRecap, RecapInput } from './recap.document';
import { MUNICIPALITY } from './testing/document-fixtures';
import { layoutProblems } from './testing/layout-expectations';
import { readGeometry } from './testing/pdf-geometry';

const anyText = fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((s) => s.trim() !== '');
const anyName = fc.option(anyText, { nil: null });
const schoolDay = fc.integer({ min: 0, max: 300 }).map((n) => new Date(Date.UTC(2025, 8, 1 + n)).toISOString().slice(0, 10));
const line: fc.Arbitrary<ReservedLine> = fc.record({
  childId: fc.constantFrom('child-1', 'child-2'),
  childName: anyName,
  activityLabel: anyText,
  date: schoolDay,
  unitPriceCents: fc.integer({ min: 0, max: 5_000_00 }),
});

const orderInput: fc.Arbitrary<OrderDetailInput> = fc
  .record({
    familyName: anyName,
    municipalityName: anyText,
    lines: fc.array(line, { minLength: 1, maxLength: 40 }),
    credit: fc.integer({ min: 0, max: 10_000_00 }),
    status: fc.constantFrom<OrderStatus>('awaiting_payment', 'awaiting_confirmation', 'confirmed', 'expired'),
    timeZone: fc.constantFrom('Europe/Paris', 'Indian/Reunion', 'America/Cayenne', 'Pacific/Noumea'),
  })
  .map(({ familyName, municipalityName, lines, credit, status, timeZone }) => {
    const totalCents = lines.reduce((sum, l) => sum + l.unitPriceCents, 0);
    const creditAppliedCents = Math.min(credit, totalCents);
    return {
      municipality: { name: municipalityName, address: MUNICIPALITY.address },
      family: { familyId: 'fam-1', name: familyName },
      timeZone,
      issuedAt: '2026-03-29T00:59:59Z',
      order: { orderId: 'ord-1', status, requestedAt: '2026-03-29T00:59:59Z', expiresAt: '2026-03-29T01:59:59Z', lines, totalCents, creditAppliedCents, amountDueCents: totalCents - creditAppliedCents },
    };
  });

describe('documents (property)', () => {
  it('any valid order renders, reads back, lays out cleanly and renders the same bytes twice', async () => {
    await fc.assert(
      fc.asyncProperty(orderInput, async (input) => {
        const first = await renderOrderDetail(input);
        const second = await renderOrderDetail(input);
        expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
        expect((await PDFDocument.load(first)).getPageCount()).toBeGreaterThanOrEqual(1);
        expect(layoutProblems(await readGeometry(first))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('any valid recap renders and lays out cleanly', async () => {
    const recapInput: fc.Arbitrary<RecapInput> = fc
      .array(
        fc.record({
          childName: anyName,
          activities: fc.array(fc.record({ activityLabel: anyText, dates: fc.uniqueArray(schoolDay, { maxLength: 60 }), totalCents: fc.integer({ min: 0, max: 1_000_000 }) }), { maxLength: 5 }),
        }),
        { maxLength: 3 },
      )
      .map((children) => ({
        municipality: MUNICIPALITY,
        family: { familyId: 'fam-1', name: 'Famille' },
        period: { from: '2025-09-01', to: '2026-06-28' },
        issuedAt: '2026-06-28T12:00:00Z',
        children: children.map((child, i) => ({ childId: `child-${i}`, ...child })),
      }));
    await fc.assert(
      fc.asyncProperty(recapInput, async (input) => {
        expect(layoutProblems(await readGeometry(await renderRecap(input)))).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });
});
