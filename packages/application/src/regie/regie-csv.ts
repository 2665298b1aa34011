/**
 * CSV for French public accounting spreadsheets: UTF-8 with a byte-order mark (so Excel reads
 * the accents), `;` between fields, a decimal comma (`12,50`, no currency sign, no thousands
 * separator), CRLF line ends. A field holding `;`, `"` or a line break is quoted.
 */
import { PAYMENT_METHOD_LABELS, type PaymentMethod } from '@periscol/reservation-domain';
import type { CreditStatement } from './credit-statement';
import type { MonthlyPack } from './regie-pack';

export const CSV_BOM = '\uFEFF';

/** `1250` → `12,50`; `-5` → `-0,05`. */
export function frenchDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

function field(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toFrenchCsv(rows: readonly (readonly (string | number | null)[])[]): string {
  return CSV_BOM + rows.map((row) => row.map(field).join(';')).join('\r\n') + '\r\n';
}

const methodLabel = (method: string) => PAYMENT_METHOD_LABELS[method as PaymentMethod] ?? method;

/** The pack's three parts in one file, each a titled block. `labelOf` names revenue types. */
export function monthlyPackCsv(pack: MonthlyPack, labelOf: (revenueType: string) => string): string {
  const methods = Object.keys(pack.byMethod);
  const rows: (string | number | null)[][] = [
    [`État récapitulatif des recettes encaissées — ${pack.month}`],
    ['Type de recette', ...methods.map(methodLabel), 'Total (€)'],
    ...pack.byRevenue.map((line) => [labelOf(line.revenueType), ...methods.map((m) => frenchDecimal(line.byMethod[m as PaymentMethod] ?? 0)), frenchDecimal(line.totalCents)]),
    ['Total', ...methods.map((m) => frenchDecimal(pack.byMethod[m as PaymentMethod] ?? 0)), frenchDecimal(pack.totalCents)],
    [],
    [`Liste nominative des parties versantes — ${pack.month}`],
    ['N° de quittance', 'Date', 'Date au journal', 'Partie versante', 'Mode de paiement', 'Montant (€)'],
    ...pack.payers.map((payer) => [payer.receiptNumber ?? '(en cours)', payer.date, payer.journalDate, payer.payer, methodLabel(payer.method), frenchDecimal(payer.amountCents)]),
    [],
    [`Bordereau de versement — ${pack.month}`],
    ['Mode de paiement', 'Nombre de quittances', 'Montant (€)'],
    ...pack.bordereau.lines.map((line) => [methodLabel(line.method), line.receiptCount, frenchDecimal(line.amountCents)]),
    ['Total à verser', pack.receiptCount, frenchDecimal(pack.bordereau.totalCents)],
  ];
  return toFrenchCsv(rows);
}

export function creditStatementCsv(statement: CreditStatement): string {
  const rows: (string | number | null)[][] = [
    ['Famille', 'Nom', 'Avoir', "N° d'avoir", 'Origine', 'Date', 'Montant (€)', 'Restant (€)', 'Âge (jours)', 'Prescription quadriennale à partir du'],
    ...statement.families.flatMap((family) =>
      family.lots.map((lot) => [family.familyId, family.name, lot.creditId, lot.creditNoteNumber, lot.source, lot.issuedOn, frenchDecimal(lot.amountCents), frenchDecimal(lot.remainingCents), lot.ageDays, lot.prescriptionDate]),
    ),
    ['Total', null, null, null, null, statement.asOf, null, frenchDecimal(statement.totalCents), null, null],
  ];
  return toFrenchCsv(rows);
}
