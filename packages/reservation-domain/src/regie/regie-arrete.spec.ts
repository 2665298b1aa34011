import type { RegieArrete } from '../catalog';
import { cashPosition, regieAcceptsProvider, regieOfficeOn, revenueTypesOutside, versementPeriod } from './regie-arrete';
import { demoCatalogWithRegie } from './regie-arrete.fixture';

const regie = demoCatalogWithRegie().regie as RegieArrete;
const receipt = (journalDate: string, amountCents: number) => ({ journalDate, amountCents });

describe('the régie’s arrêté (R18)', () => {
  it('accepts a provider when one of the methods it may end up as is listed', () => {
    expect(regieAcceptsProvider(regie, 'payfip')).toBe(true);
    expect(regieAcceptsProvider(regie, 'simulated')).toBe(false);
    expect(regieAcceptsProvider(regie, 'stripe')).toBe(false);
    expect(regieAcceptsProvider({ ...regie, paymentMethods: ['stripe'] }, 'stripe')).toBe(true);
  });

  it('names the activities outside its revenue types, once each', () => {
    expect(revenueTypesOutside(regie, ['restauration', 'mercredi', 'accueil-matin', 'mercredi'])).toEqual(['accueil-matin', 'mercredi']);
    expect(revenueTypesOutside(regie, ['accueil-soir'])).toEqual([]);
  });

  it('says who is in office on a day, both ends included', () => {
    expect(regieOfficeOn(regie, '2026-10-31').regisseur?.name).toBe('Claire Martin');
    expect(regieOfficeOn(regie, '2026-11-01').regisseur?.name).toBe('Paul Girard');
    expect(regieOfficeOn(regie, '2024-08-31')).toEqual({ regisseur: null, mandataires: [] });
    expect(regieOfficeOn(regie, '2026-11-01').mandataires.map((holder) => holder.name)).toEqual(['Sophie Leroy']);
  });

  it('pays in by calendar month or ISO week', () => {
    expect(versementPeriod('monthly', '2026-12-15')).toEqual({ since: '2026-12-01', dueBy: '2026-12-31' });
    expect(versementPeriod('monthly', '2027-02-01')).toEqual({ since: '2027-02-01', dueBy: '2027-02-28' });
    expect(versementPeriod('weekly', '2026-12-10')).toEqual({ since: '2026-12-07', dueBy: '2026-12-13' }); // Thursday → Monday…Sunday
    expect(versementPeriod('weekly', '2026-12-13')).toEqual({ since: '2026-12-07', dueBy: '2026-12-13' });
  });

  describe('cash position against the plafond d’encaisse (2 287 €, alert from 2 000 €)', () => {
    const earlier = receipt('2026-11-30', 150_000); // paid in with November's bordereau

    it('counts the receipts of the current period up to today only', () => {
      const position = cashPosition(regie, [earlier, receipt('2026-12-01', 420), receipt('2026-12-03', 1_000), receipt('2026-12-04', 9_999)], '2026-12-03');
      expect(position).toEqual({
        since: '2026-12-01',
        dueBy: '2026-12-31',
        cashHeldCents: 1_420,
        receiptCount: 2,
        plafondCents: 228_700,
        thresholdCents: 200_000,
        percentOfPlafond: 0,
        level: 'ok',
        versementDue: false,
      });
    });

    it('is `near` from the threshold and `over` once the plafond is reached, a versement due either way', () => {
      const at = (cents: number) => cashPosition(regie, [receipt('2026-12-02', cents)], '2026-12-03');
      expect(at(199_999)).toMatchObject({ level: 'ok', versementDue: false, percentOfPlafond: 87 });
      expect(at(200_000)).toMatchObject({ level: 'near', versementDue: true });
      expect(at(228_699)).toMatchObject({ level: 'near', percentOfPlafond: 99 });
      expect(at(228_700)).toMatchObject({ level: 'over', versementDue: true, percentOfPlafond: 100 });
      expect(at(300_000)).toMatchObject({ level: 'over', percentOfPlafond: 131 });
    });

    it('alerts from 80 % of the plafond when the arrêté sets no threshold', () => {
      const plain: RegieArrete = { ...regie, versement: { frequency: 'monthly' } };
      expect(cashPosition(plain, [receipt('2026-12-02', 182_959)], '2026-12-03')).toMatchObject({ thresholdCents: 182_960, level: 'ok' });
      expect(cashPosition(plain, [receipt('2026-12-02', 182_960)], '2026-12-03')).toMatchObject({ level: 'near' });
    });
  });
});
