import type { PayfipTransaction, PayfipTransactionStore } from './payfip-transaction-store.port';

const T0 = new Date('2026-11-26T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

function transaction(n: number, overrides: Partial<PayfipTransaction> = {}): PayfipTransaction {
  return { idOp: `idop-${n}`, idempotencyKey: `ord-${n}:pay-${n}`, refdet: `REF${n}`, orderId: `ord-${n}`, paymentId: `pay-${n}`, familyId: 'fam-1', amountCents: 420 * n, createdAt: at(n), ...overrides };
}

/**
 * What every `PayfipTransactionStore` does, run against each adapter: `open` gives an empty
 * store (the transactions the notification, the family's return and the re-query job find).
 */
export function describePayfipTransactionStoreContract(name: string, open: () => Promise<PayfipTransactionStore>): void {
  describe(`${name} (PayFiP transaction store contract)`, () => {
    it('finds a transaction by idOp, by payment and by key since a time; an insert again changes nothing', async () => {
      const store = await open();
      await store.insert(transaction(1), at(MINUTE));
      await store.insert(transaction(1, { amountCents: 1 }), at(MINUTE));
      await store.insert(transaction(2, { idempotencyKey: 'ord-1:pay-1', paymentId: 'pay-1', createdAt: at(5 * MINUTE) }), at(6 * MINUTE));
      expect(await store.find('idop-1')).toEqual(transaction(1));
      expect(await store.find('idop-unknown')).toBeUndefined();
      // The newest for a payment, and for a key within the window.
      expect((await store.findForPayment('pay-1'))?.idOp).toBe('idop-2');
      expect((await store.latestForKey('ord-1:pay-1', at(0)))?.idOp).toBe('idop-2');
      expect(await store.latestForKey('ord-1:pay-1', at(10 * MINUTE))).toBeUndefined();
      expect(await store.findForPayment('pay-unknown')).toBeUndefined();
    });

    it('claims what is due, leased for an interval; a settled transaction is never claimed again', async () => {
      const store = await open();
      await store.insert(transaction(1), at(MINUTE));
      await store.insert(transaction(2), at(3 * MINUTE));
      expect(await store.nextCheckAt()).toEqual(at(MINUTE));
      expect(await store.claimDue(at(0), MINUTE, 10)).toEqual([]);
      expect((await store.claimDue(at(MINUTE), MINUTE, 10)).map((t) => t.idOp)).toEqual(['idop-1']);
      // Leased: not claimed again within the interval, due again after it.
      expect(await store.claimDue(at(MINUTE + 1), MINUTE, 10)).toEqual([]);
      expect(await store.nextCheckAt()).toEqual(at(2 * MINUTE));
      expect((await store.claimDue(at(3 * MINUTE), MINUTE, 10)).map((t) => t.idOp)).toEqual(['idop-1', 'idop-2']);
      await store.settle('idop-1');
      expect((await store.claimDue(at(10 * MINUTE), MINUTE, 10)).map((t) => t.idOp)).toEqual(['idop-2']);
      await store.settle('idop-2');
      await store.settle('idop-unknown');
      expect(await store.nextCheckAt()).toBeUndefined();
      expect(await store.claimDue(at(60 * MINUTE), MINUTE, 10)).toEqual([]);
      // Settled, still found: a late notification still leads back to its payment.
      expect((await store.find('idop-1'))?.paymentId).toBe('pay-1');
    });

    it('hands each due transaction to one job only when eight jobs claim at once', async () => {
      const store = await open();
      for (let n = 1; n <= 40; n++) await store.insert(transaction(n), at(0));
      const claims = await Promise.all(Array.from({ length: 8 }, () => store.claimDue(at(MINUTE), MINUTE, 5)));
      for (const claim of claims) expect(claim.length).toBeLessThanOrEqual(5);
      const claimed = claims.flat().map((t) => t.idOp);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.length).toBeGreaterThan(0);
    });
  });
}
