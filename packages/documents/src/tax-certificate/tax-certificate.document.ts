import { DEFAULT_TIME_ZONE, DocumentParties, nameOrErased } from '../document-inputs';
import { formatInstant, formatLongDate, parseInstant } from '../format/date-format';
import type { IsoDate } from '../format/iso-date';
import { formatEuros } from '../format/money-format';
import { InputChecks } from '../input-checks';
import { Column, DocumentBuilder, MUTED } from '../pdf/document-builder';
import { drawDocumentHeader } from '../pdf/document-header';

export interface TaxCertificateChild {
  readonly childId: string;
  /** null once erased (R17). */
  readonly childName: string | null;
  readonly birthDate: IsoDate;
  /** Childcare paid in the year for this child (canteen meals excluded). */
  readonly amountCents: number;
}

export interface TaxCertificateInput extends DocumentParties {
  readonly certificate: {
    /** 'F-2026-000001': its own series per tax year. */
    readonly certificateNumber: string;
    /** The calendar year the amounts were paid in. */
    readonly year: number;
    /** Each child under six on 1 January of the year, with what was paid for its care. */
    readonly children: readonly TaxCertificateChild[];
    readonly totalCents: number;
  };
  /** When the certificate was numbered (from the history, never the clock). */
  readonly issuedAt: string;
}

export const TAX_CERTIFICATE_TITLE = 'Attestation fiscale de frais de garde';

/** The boxes of the income tax return (form 2042 RICI), one per child in order. */
const TAX_BOXES = ['7GA', '7GB', '7GC'];

function check(input: TaxCertificateInput): void {
  const checks = new InputChecks('renderTaxCertificate');
  checks.parties(input);
  checks.instant('issuedAt', input.issuedAt);
  const certificate = input.certificate;
  if (checks.object('certificate', certificate)) {
    checks.text('certificate.certificateNumber', certificate.certificateNumber);
    if (!Number.isInteger(certificate.year) || (certificate.year as number) < 2000 || (certificate.year as number) > 2100) checks.fail('certificate.year', 'must be a year from 2000 to 2100');
    let total = 0;
    if (checks.array('certificate.children', certificate.children, true)) {
      (certificate.children as unknown[]).forEach((child, i) => {
        const path = `certificate.children[${i}]`;
        if (!checks.object(path, child)) return;
        checks.text(`${path}.childId`, child.childId);
        checks.nullableText(`${path}.childName`, child.childName);
        checks.isoDate(`${path}.birthDate`, child.birthDate);
        if (checks.cents(`${path}.amountCents`, child.amountCents)) total += child.amountCents as number;
      });
    }
    if (checks.cents('certificate.totalCents', certificate.totalCents)) checks.sum('certificate.totalCents', certificate.totalCents, total, 'the children’s amounts');
  }
  checks.done();
}

/**
 * *Attestation fiscale de frais de garde*: what the family paid in a year for the care of its
 * children under six on 1 January (crédit d'impôt, art. 200 quater B du CGI), canteen excluded.
 */
export async function renderTaxCertificate(input: TaxCertificateInput): Promise<Uint8Array> {
  check(input);
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const { certificate } = input;
  const builder = await DocumentBuilder.start({
    kind: 'tax-certificate',
    reference: `Attestation ${certificate.certificateNumber}`,
    title: TAX_CERTIFICATE_TITLE,
    subject: `Attestation fiscale de frais de garde ${certificate.year} — ${certificate.certificateNumber}`,
    author: input.municipality.name,
    issuedAtMs: parseInstant(input.issuedAt) as number,
  });
  const familyName = nameOrErased(input.family.name);
  drawDocumentHeader(builder, {
    municipality: input.municipality,
    title: `${TAX_CERTIFICATE_TITLE} ${certificate.year}`,
    fields: [
      ['Attestation n°', certificate.certificateNumber],
      ['Famille', `${familyName} (réf. ${input.family.familyId})`],
      ['Année des paiements', String(certificate.year)],
      ['Établie le', formatInstant(input.issuedAt, timeZone)],
    ],
  });
  builder.paragraph(
    `${input.municipality.name} atteste que la famille ${familyName} a payé, du 1er janvier au 31 décembre ${certificate.year}, ` +
      `pour la garde hors du domicile (accueil périscolaire, accueil du mercredi) de ses enfants âgés de moins de six ans ` +
      `au 1er janvier ${certificate.year}, les sommes ci-dessous.`,
    { size: 10 },
  );
  builder.gap(8);
  const widths = [170, 150, 60];
  const columns: Column[] = [
    { header: 'Enfant', width: widths[0] },
    { header: 'Date de naissance', width: widths[1] },
    { header: 'Case', width: widths[2] },
    { header: 'Montant payé', width: builder.contentWidth - widths[0] - widths[1] - widths[2], align: 'right' },
  ];
  builder.table(
    columns,
    certificate.children.map((child, i) => [nameOrErased(child.childName), formatLongDate(child.birthDate), TAX_BOXES[i] ?? '—', formatEuros(child.amountCents)]),
  );
  builder.gap(6);
  builder.totals([{ label: 'Total payé pour la garde', value: formatEuros(certificate.totalCents), strong: true }]);
  builder.gap(10);
  builder.paragraph(
    'Ne sont pas comptés : les repas (restauration scolaire), les jours remboursés, ni ce qui a été réglé par un avoir ' +
      'accordé à titre gracieux par la commune. Un jour payé puis annulé dans l’année ne compte que si son avoir a payé une autre garde.',
    { size: 9.5, color: MUTED },
  );
  builder.gap(4);
  builder.paragraph(
    'Montants à reporter, pour chaque enfant, dans les cases 7GA à 7GC de la déclaration des revenus (crédit d’impôt pour frais ' +
      'de garde des enfants de moins de six ans, article 200 quater B du code général des impôts). Attestation à conserver.',
    { size: 9.5, color: MUTED },
  );
  return builder.finish();
}
