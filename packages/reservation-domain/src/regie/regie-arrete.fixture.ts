import * as E from 'fp-ts/Either';
import { demoMunicipality, loadCatalog, type Catalog } from '../catalog';

/** A régie section for the demo town: PayFiP only, the canteen and the evening care, 2 287 € plafond. */
export const payfipOnlyRegie = {
  arrete: { reference: 'Arrêté n° 2026-041', date: '2026-07-01' },
  revenueTypes: ['restauration', 'accueil-soir'],
  paymentMethods: ['card', 'direct_debit'],
  plafondEncaisseCents: 228_700,
  versement: { frequency: 'monthly', thresholdCents: 200_000 },
  regisseurs: [
    { name: 'Claire Martin', from: '2024-09-01', to: '2026-10-31' },
    { name: 'Paul Girard', from: '2026-11-01' },
  ],
  mandataires: [{ name: 'Sophie Leroy', from: '2025-01-06' }],
} as const;

/** The demo catalog with `regie` as its file's section (overrides merged in); throws when the file is refused. */
export function demoCatalogWithRegie(overrides: Record<string, unknown> = {}): Catalog {
  const file = { ...structuredClone(demoMunicipality), regie: { ...structuredClone(payfipOnlyRegie), ...overrides } };
  const loaded = loadCatalog(file);
  if (E.isLeft(loaded)) throw new Error(loaded.left.message);
  return loaded.right;
}
