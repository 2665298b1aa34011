/**
 * The régie's monthly closing pack as one PDF for the comptable: état récapitulatif des recettes
 * encaissées, liste nominative des parties versantes, bordereau de versement. A pure function of
 * its input (figures read from the history): the document's dates and ids come from it, its
 * metadata is fixed, so regenerating it gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, PDFHexString, StandardFonts } from 'pdf-lib';
import { formatEuros } from '../format/money-format';
import { Layout, LINE, MARGIN, PAGE } from './regie-layout';

export const REGIE_PACK_TITLE = 'Clôture mensuelle de la régie';

export interface RegiePackInput {
  readonly municipality: { readonly name: string };
  /** `YYYY-MM`. */
  readonly month: string;
  /** The latest instant the pack speaks for (ISO); the PDF's dates. */
  readonly asOf: string;
  readonly firstReceipt: string | null;
  readonly lastReceipt: string | null;
  /** Columns of the état récapitulatif, as labelled. */
  readonly methods: readonly { readonly key: string; readonly label: string }[];
  readonly revenue: readonly { readonly label: string; readonly byMethod: Readonly<Record<string, number>>; readonly totalCents: number }[];
  readonly byMethod: Readonly<Record<string, number>>;
  readonly totalCents: number;
  readonly payers: readonly { readonly receiptNumber: string | null; readonly date: string; readonly late: boolean; readonly payer: string; readonly methodLabel: string; readonly amountCents: number }[];
  readonly bordereau: readonly { readonly label: string; readonly receiptCount: number; readonly amountCents: number }[];
  readonly receiptCount: number;
  readonly openDaysWithReceipts: readonly string[];
  /** The régie's arrêté constitutif (« Arrêté n° 2026-041 du 01/07/2026 ») and the régisseur who signs, when the town's file states them. */
  readonly regie?: { readonly arrete: string; readonly regisseur: string | null };
}

function frenchMonth(month: string): string {
  const names = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
  const [year, m] = month.split('-').map(Number);
  return `${names[m - 1]} ${year}`;
}

const frenchDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

export async function renderRegiePack(input: RegiePackInput): Promise<Uint8Array> {
  const asOf = new Date(input.asOf);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month) || Number.isNaN(asOf.getTime())) throw new Error(`renderRegiePack: bad month ${input.month} or instant ${input.asOf}`);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const period = frenchMonth(input.month);
  doc.setTitle(`${REGIE_PACK_TITLE} — ${period}`, { showInWindowTitleBar: true });
  doc.setSubject(`Régie de recettes de ${input.municipality.name}`);
  doc.setAuthor(input.municipality.name);
  doc.setCreator('Periscol');
  doc.setProducer('Periscol');
  doc.setCreationDate(asOf);
  doc.setModificationDate(asOf);
  doc.setLanguage('fr-FR');
  const id = (text: string) => PDFHexString.of(createHash('sha256').update(text).digest('hex').slice(0, 32));
  doc.context.trailerInfo.ID = doc.context.obj([id(`regie-pack:${input.month}`), id(`regie-pack:${input.month}:${input.asOf}`)]);
  const regular = doc.embedStandardFont(StandardFonts.Helvetica);
  const bold = doc.embedStandardFont(StandardFonts.HelveticaBold);
  const layout = new Layout(doc, regular, bold, `${input.municipality.name} — régie de recettes — ${period}`);
  const right = PAGE[0] - MARGIN;

  layout.title(`${REGIE_PACK_TITLE} — ${period}`);
  if (input.regie) layout.row([{ text: `Régie instituée par ${input.regie.arrete}`, x: MARGIN }]);
  layout.row([{ text: `Quittances ${input.firstReceipt ?? '—'} à ${input.lastReceipt ?? '—'} (${input.receiptCount})`, x: MARGIN }]);
  if (input.openDaysWithReceipts.length > 0) layout.row([{ text: `Jours non clôturés : ${input.openDaysWithReceipts.map(frenchDate).join(', ')}`, x: MARGIN }]);

  // État récapitulatif: one column per method, then the total.
  layout.title('État récapitulatif des recettes encaissées');
  const columns = input.methods.length + 1;
  const firstColumn = MARGIN + 170;
  const columnWidth = (right - firstColumn) / columns;
  const at = (index: number) => firstColumn + columnWidth * (index + 1);
  layout.row([{ text: 'Type de recette', x: MARGIN }, ...input.methods.map((m, i) => ({ text: m.label, x: at(i), right: true })), { text: 'Total', x: at(columns - 1), right: true }], true);
  for (const line of input.revenue) {
    layout.row([{ text: line.label, x: MARGIN }, ...input.methods.map((m, i) => ({ text: formatEuros(line.byMethod[m.key] ?? 0), x: at(i), right: true })), { text: formatEuros(line.totalCents), x: at(columns - 1), right: true }]);
  }
  layout.row([{ text: 'Total', x: MARGIN }, ...input.methods.map((m, i) => ({ text: formatEuros(input.byMethod[m.key] ?? 0), x: at(i), right: true })), { text: formatEuros(input.totalCents), x: at(columns - 1), right: true }], true);

  layout.title('Liste nominative des parties versantes');
  layout.row([{ text: 'N° de quittance', x: MARGIN }, { text: 'Date', x: MARGIN + 95 }, { text: 'Partie versante', x: MARGIN + 165 }, { text: 'Mode', x: MARGIN + 330 }, { text: 'Montant', x: right, right: true }], true);
  for (const payer of input.payers) {
    layout.row([
      { text: payer.receiptNumber ?? '(en cours)', x: MARGIN },
      { text: `${frenchDate(payer.date)}${payer.late ? ' *' : ''}`, x: MARGIN + 95 },
      { text: payer.payer.length > 34 ? `${payer.payer.slice(0, 33)}…` : payer.payer, x: MARGIN + 165 },
      { text: payer.methodLabel, x: MARGIN + 330 },
      { text: formatEuros(payer.amountCents), x: right, right: true },
    ]);
  }
  if (input.payers.some((payer) => payer.late)) layout.row([{ text: '* reçu après la clôture de son jour : porté au jour ouvert suivant', x: MARGIN }]);

  layout.title('Bordereau de versement');
  layout.row([{ text: 'Mode de paiement', x: MARGIN }, { text: 'Quittances', x: MARGIN + 300, right: true }, { text: 'Montant', x: right, right: true }], true);
  for (const line of input.bordereau) layout.row([{ text: line.label, x: MARGIN }, { text: String(line.receiptCount), x: MARGIN + 300, right: true }, { text: formatEuros(line.amountCents), x: right, right: true }]);
  layout.row([{ text: 'Total à verser au comptable', x: MARGIN }, { text: String(input.receiptCount), x: MARGIN + 300, right: true }, { text: formatEuros(input.totalCents), x: right, right: true }], true);
  layout.y -= LINE;
  layout.row([{ text: 'Le régisseur,', x: MARGIN }, { text: 'Le comptable public,', x: MARGIN + 300 }]);
  if (input.regie?.regisseur) layout.row([{ text: input.regie.regisseur, x: MARGIN }]);

  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}
