import type { RegieArrete } from '@periscol/reservation-domain';
import { GeneratedHistory } from './regie-books.fixture';
import { regiePosition } from './regie-position';

const regie: RegieArrete = {
  arrete: { reference: 'Arrêté n° 2026-041', date: '2026-07-01' },
  revenueTypes: ['restauration', 'accueil-soir'],
  paymentMethods: ['simulated'],
  plafondEncaisseCents: 1_000,
  versement: { frequency: 'monthly' },
  regisseurs: [
    { name: 'Claire Martin', from: '2026-07-01', to: '2026-09-08' },
    { name: 'Paul Girard', from: '2026-09-09' },
  ],
  mandataires: [{ name: 'Sophie Leroy', from: '2026-07-01' }],
};

/** Family 0 pays on 7 September; days 7–8 are closed; family 1's payment dated 7 September arrives after: the journal lists it on 9 September. */
function books() {
  const h = new GeneratedHistory();
  h.family(0, { erased: false, payments: [{ delayMinutes: 5, provider: 'simulated', extraCents: 0, slots: 2 }] });
  expect(h.closeDay('2026-09-07')).toBe(true);
  expect(h.closeDay('2026-09-08')).toBe(true);
  h.family(1, { erased: false, payments: [{ delayMinutes: 5, provider: 'simulated', extraCents: 250, slots: 2 }] });
  return h.books();
}

describe('the régie’s position (R18: cash held against the plafond d’encaisse)', () => {
  it('counts the journal’s receipts of the month up to the day, a late one on the day that lists it, and names who is in office', () => {
    const b = books();
    const [first, late] = b.receipts;
    const on8 = regiePosition(b, regie, '2026-09-08');
    expect(on8).toMatchObject({ asOf: '2026-09-08', regisseur: { name: 'Claire Martin' }, mandataires: [{ name: 'Sophie Leroy' }] });
    expect(on8.cash).toMatchObject({ since: '2026-09-01', dueBy: '2026-09-30', cashHeldCents: first.amountCents, receiptCount: 1 });
    const on9 = regiePosition(b, regie, '2026-09-09');
    expect(on9.regisseur?.name).toBe('Paul Girard');
    expect(on9.cash).toMatchObject({ cashHeldCents: first.amountCents + late.amountCents, receiptCount: 2 });
    expect(on9.cash.level).toBe(first.amountCents + late.amountCents >= 1_000 ? 'over' : first.amountCents + late.amountCents >= 800 ? 'near' : 'ok');
  });

  it('starts again at the next period: September was paid in with its bordereau', () => {
    expect(regiePosition(books(), regie, '2026-10-01').cash).toMatchObject({ since: '2026-10-01', cashHeldCents: 0, receiptCount: 0, level: 'ok', versementDue: false });
  });
});
