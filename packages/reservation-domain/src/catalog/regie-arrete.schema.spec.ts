import * as E from 'fp-ts/Either';
import { demoMunicipality } from './demo-municipality';
import { loadCatalog } from './load-catalog';
import { payfipOnlyRegie } from '../regie/regie-arrete.fixture';

const messageOf = (regie: Record<string, unknown>) => {
  const result = loadCatalog({ ...structuredClone(demoMunicipality), regie });
  if (E.isRight(result)) throw new Error('expected a refusal');
  return result.left.message;
};
const base = () => structuredClone(payfipOnlyRegie) as unknown as Record<string, unknown>;

describe('the municipality file’s `regie` section (the arrêté constitutif)', () => {
  it('loads into the catalog, with the defaults (monthly versement, no mandataire)', () => {
    const { versement: _versement, mandataires: _mandataires, ...regie } = base();
    const loaded = loadCatalog({ ...structuredClone(demoMunicipality), regie });
    if (E.isLeft(loaded)) throw new Error(loaded.left.message);
    expect(loaded.right.regie).toEqual({
      arrete: { reference: 'Arrêté n° 2026-041', date: '2026-07-01' },
      revenueTypes: ['restauration', 'accueil-soir'],
      paymentMethods: ['card', 'direct_debit'],
      plafondEncaisseCents: 228_700,
      versement: { frequency: 'monthly' },
      regisseurs: [
        { name: 'Claire Martin', from: '2024-09-01', to: '2026-10-31' },
        { name: 'Paul Girard', from: '2026-11-01' },
      ],
      mandataires: [],
    });
  });

  it('is optional: the demo file without it loads without a régie', () => {
    const { regie: _regie, ...file } = structuredClone(demoMunicipality);
    const loaded = loadCatalog(file);
    expect(E.isRight(loaded) && loaded.right.regie).toBe(undefined);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown activity', { revenueTypes: ['restauration', 'piscine'] }, /regie\.revenueTypes\[1\]: "piscine" is not an activity of this file; write one of "restauration", "accueil-matin", "accueil-soir", "mercredi"/],
    ['« avoir » listed', { revenueTypes: ['restauration', 'avoir'] }, /regie\.revenueTypes\[1\]: credits \("avoir"\) always belong to the régie; remove "avoir"/],
    ['a repeated activity', { revenueTypes: ['restauration', 'restauration'] }, /regie\.revenueTypes\[1\]: "restauration" is listed twice/],
    ['an unknown method', { paymentMethods: ['cheque'] }, /regie\.paymentMethods\[0\]: Invalid option: expected one of "card"\|"direct_debit"\|"payfip"\|"stripe"\|"simulated"/],
    ['a plafond in euros', { plafondEncaisseCents: 2287.5 }, /regie\.plafondEncaisseCents: .* — fix: prices are whole cents: 2287,5 € is 228750/],
    ['a plafond above the bound', { plafondEncaisseCents: 100_000_001 }, /regie\.plafondEncaisseCents: Too big/],
    ['a threshold above the plafond', { versement: { frequency: 'monthly', thresholdCents: 300_000 } }, /regie\.versement\.thresholdCents: the alert threshold \(300000\) is above the plafond d'encaisse \(228700\); write at most 228700/],
    ['an unknown frequency', { versement: { frequency: 'daily' } }, /regie\.versement\.frequency: Invalid option: expected one of "weekly"\|"monthly"/],
    ['a French date', { arrete: { reference: 'Arrêté n° 12', date: '01/07/2026' } }, /regie\.arrete\.date: .* — fix: dates are written YYYY-MM-DD: "2026-07-01"/],
    ['an end before the start', { mandataires: [{ name: 'Sophie Leroy', from: '2026-09-01', to: '2026-08-31' }] }, /regie\.mandataires\[0\]\.to: Sophie Leroy: "to" \(2026-08-31\) is before "from" \(2026-09-01\)/],
    [
      'two régisseurs at once',
      { regisseurs: [{ name: 'Claire Martin', from: '2024-09-01' }, { name: 'Paul Girard', from: '2026-11-01' }] },
      /regie\.regisseurs\[1\]\.from: two régisseurs in office on 2026-11-01: end Claire Martin's period \("to"\) before Paul Girard starts/,
    ],
    ['no régisseur', { regisseurs: [] }, /regie\.regisseurs: Too small/],
    ['a misspelt key', { plafondEncaisse: 1 }, /regie: Unrecognized key: "plafondEncaisse" — fix: "plafondEncaisse" → "plafondEncaisseCents"/],
  ])('refuses %s, naming the path and the fix', (_name, change, expected) => {
    expect(messageOf({ ...base(), ...change })).toMatch(expected);
  });
});
