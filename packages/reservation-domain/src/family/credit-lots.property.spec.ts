import fc from 'fast-check';
import { restoreLots, sumParts, takeFromLots, type CreditLot } from './credit-lots';

/** Open lots as a family holds them: ordered by issue, each with something left. */
const lotsArb = fc
  .array(fc.integer({ min: 1, max: 50_000 }), { maxLength: 12 })
  .map((amounts): CreditLot[] => amounts.map((remainingCents, i) => ({ creditId: `credit-${i + 1}`, seq: i + 1, remainingCents })));

/** Amounts several orders take one after the other, and the order in which they expire. */
const takesArb = fc
  .array(fc.integer({ min: 1, max: 60_000 }), { maxLength: 5 })
  .chain((takes) => fc.tuple(fc.constant(takes), fc.shuffledSubarray(takes.map((_, i) => i), { minLength: takes.length, maxLength: takes.length })));

const total = (lots: readonly CreditLot[]) => lots.reduce((sum, lot) => sum + lot.remainingCents, 0);

describe('credit lots (R10)', () => {
  it('never leaves a lot negative, and takes at most what the lots hold', () => {
    fc.assert(
      fc.property(lotsArb, fc.integer({ min: 0, max: 700_000 }), (lots, cents) => {
        const taken = takeFromLots(lots, cents);
        for (const lot of taken.lots) expect(lot.remainingCents).toBeGreaterThanOrEqual(0);
        for (const part of taken.parts) expect(part.cents).toBeGreaterThan(0);
        expect(sumParts(taken.parts)).toBe(Math.min(cents, total(lots)));
      }),
      { numRuns: 300 },
    );
  });

  it('takes from the oldest lots first: every lot before the last one touched is emptied', () => {
    fc.assert(
      fc.property(lotsArb, fc.integer({ min: 1, max: 700_000 }), (lots, cents) => {
        const { parts } = takeFromLots(lots, cents);
        expect(parts.map((part) => part.seq)).toEqual(lots.slice(0, parts.length).map((lot) => lot.seq));
        parts.slice(0, -1).forEach((part, i) => expect(part.cents).toBe(lots[i].remainingCents));
      }),
      { numRuns: 300 },
    );
  });

  it('preserves the sum: what is left plus what was taken is what there was', () => {
    fc.assert(
      fc.property(lotsArb, fc.integer({ min: 0, max: 700_000 }), (lots, cents) => {
        const taken = takeFromLots(lots, cents);
        expect(total(taken.lots) + sumParts(taken.parts)).toBe(total(lots));
      }),
      { numRuns: 300 },
    );
  });

  it('take then restore gives the lots back as they were, in issue order', () => {
    fc.assert(
      fc.property(lotsArb, fc.integer({ min: 0, max: 700_000 }), (lots, cents) => {
        const taken = takeFromLots(lots, cents);
        expect(restoreLots(taken.lots, taken.parts)).toEqual(lots);
      }),
      { numRuns: 300 },
    );
  });

  it('restores parts taken by several orders in any order of expiry', () => {
    fc.assert(
      fc.property(lotsArb, takesArb, (lots, [takes, expiryOrder]) => {
        let open: readonly CreditLot[] = lots;
        const held = takes.map((cents) => {
          const taken = takeFromLots(open, cents);
          open = taken.lots;
          return taken.parts;
        });
        for (const i of expiryOrder) open = restoreLots(open, held[i]);
        expect(open).toEqual(lots);
      }),
      { numRuns: 300 },
    );
  });
});
