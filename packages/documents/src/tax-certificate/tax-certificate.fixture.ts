/** A sample certificate for tests and benchmarks (not part of the published package). */
import { MUNICIPALITY } from '../testing/document-fixtures';
import type { TaxCertificateInput } from './tax-certificate.document';

export function taxCertificateInput(overrides: Partial<TaxCertificateInput['certificate']> = {}): TaxCertificateInput {
  const children = overrides.children ?? [
    { childId: 'child-noe', childName: 'Noé Dupré', birthDate: '2020-03-14', amountCents: 41_250 },
    { childId: 'child-lea', childName: 'Léa Dupré', birthDate: '2021-11-02', amountCents: 18_760 },
  ];
  return {
    municipality: MUNICIPALITY,
    family: { familyId: 'fam-0042', name: 'Famille Dupré' },
    timeZone: 'Europe/Paris',
    issuedAt: '2027-01-15T06:00:03Z',
    certificate: {
      certificateNumber: 'F-2026-000012',
      year: 2026,
      children,
      totalCents: children.reduce((sum, child) => sum + child.amountCents, 0),
      ...overrides,
    },
  };
}
