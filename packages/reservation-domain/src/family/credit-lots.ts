/**
 * R10 (docs/rules.md): the credit balance is used oldest credit first and never goes below zero.
 * Each credit issued opens a lot; an order takes from the oldest lots and, if it expires, gives
 * each part back to the lot it came from, so the order of the lots never changes.
 */
import type { Cents } from '../shared';

/** What is left of one credit, `seq` being its rank of issue. */
export interface CreditLot {
  readonly creditId: string;
  readonly seq: number;
  readonly remainingCents: Cents;
}

/** Credit taken from one lot. */
export interface LotPart {
  readonly creditId: string;
  readonly seq: number;
  readonly cents: Cents;
}

export const NO_PARTS: readonly LotPart[] = Object.freeze([]);

/**
 * Takes `cents` from the open lots, oldest first: the lots left and the parts taken. Takes at
 * most what the lots hold (Σ parts ≤ Σ lots), so no lot goes below zero.
 */
export function takeFromLots(
  lots: readonly CreditLot[],
  cents: Cents,
): { readonly lots: readonly CreditLot[]; readonly parts: readonly LotPart[] } {
  if (cents <= 0 || lots.length === 0) return { lots, parts: NO_PARTS };
  const parts: LotPart[] = [];
  let rest = cents;
  let index = 0;
  while (rest > 0 && index < lots.length) {
    const lot = lots[index];
    const taken = Math.min(lot.remainingCents, rest);
    parts.push({ creditId: lot.creditId, seq: lot.seq, cents: taken });
    rest -= taken;
    if (taken < lot.remainingCents) break;
    index++;
  }
  const remaining = lots.slice(index);
  if (remaining.length > 0 && parts.length > index) {
    const partial = parts[parts.length - 1];
    remaining[0] = { ...remaining[0], remainingCents: remaining[0].remainingCents - partial.cents };
  }
  return { lots: remaining, parts };
}

/** Gives parts back to their lots, keeping the lots ordered by issue. */
export function restoreLots(lots: readonly CreditLot[], parts: readonly LotPart[]): readonly CreditLot[] {
  if (parts.length === 0) return lots;
  const next = lots.slice();
  for (const part of parts) {
    const index = next.findIndex((lot) => lot.seq >= part.seq);
    if (index >= 0 && next[index].seq === part.seq) {
      next[index] = { ...next[index], remainingCents: next[index].remainingCents + part.cents };
    } else {
      const lot = { creditId: part.creditId, seq: part.seq, remainingCents: part.cents };
      if (index < 0) next.push(lot);
      else next.splice(index, 0, lot);
    }
  }
  return next;
}

export function sumParts(parts: readonly LotPart[]): Cents {
  let total = 0;
  for (const part of parts) total += part.cents;
  return total;
}
