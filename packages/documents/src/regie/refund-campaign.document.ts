/**
 * The year-end refund campaign as a PDF for the comptable's mandats: one line per family, the
 * credits it is for, the amount to refund and the date the prescription quadriennale could be
 * invoked. A pure function of its input: dates and ids come from it, its metadata is fixed, so
 * regenerating it gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { PDFDocument, PDFHexString, StandardFonts } from 'pdf-lib';
import { formatEuros } from '../format/money-format';
import { Layout, LINE, MARGIN, PAGE } from './regie-layout';

export const REFUND_CAMPAIGN_TITLE = 'Campagne de remboursement des avoirs';

export interface RefundCampaignInput {
  readonly municipality: { readonly name: string };
  /** `YYYY-MM-DD`: the day the list speaks for (also the PDF's dates). */
  readonly asOf: string;
  readonly minAgeDays: number;
  readonly lines: readonly {
    readonly familyId: string;
    readonly name: string;
    readonly reasonLabel: string;
    readonly credits: readonly string[];
    readonly amountCents: number;
    readonly prescriptionDate: string;
  }[];
  readonly totalCents: number;
}

const frenchDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export async function renderRefundCampaign(input: RefundCampaignInput): Promise<Uint8Array> {
  const asOf = new Date(`${input.asOf}T12:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.asOf) || Number.isNaN(asOf.getTime())) throw new Error(`renderRefundCampaign: bad date ${input.asOf}`);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`${REFUND_CAMPAIGN_TITLE} — ${frenchDate(input.asOf)}`, { showInWindowTitleBar: true });
  doc.setSubject(`Régie de recettes de ${input.municipality.name}`);
  doc.setAuthor(input.municipality.name);
  doc.setCreator('Periscol');
  doc.setProducer('Periscol');
  doc.setCreationDate(asOf);
  doc.setModificationDate(asOf);
  doc.setLanguage('fr-FR');
  const id = (text: string) => PDFHexString.of(createHash('sha256').update(text).digest('hex').slice(0, 32));
  doc.context.trailerInfo.ID = doc.context.obj([id(`refund-campaign:${input.asOf}`), id(`refund-campaign:${input.asOf}:${input.minAgeDays}`)]);
  const layout = new Layout(doc, doc.embedStandardFont(StandardFonts.Helvetica), doc.embedStandardFont(StandardFonts.HelveticaBold), `${input.municipality.name} — régie de recettes`);
  const right = PAGE[0] - MARGIN;

  layout.title(`${REFUND_CAMPAIGN_TITLE} au ${frenchDate(input.asOf)}`);
  layout.row([{ text: `Familles sans enfant inscrit, et avoirs de plus de ${input.minAgeDays} jours — ${input.lines.length} famille(s)`, x: MARGIN }]);
  layout.row([{ text: "Chaque remboursement est demandé par le régisseur, validé par l'ordonnateur, payé par le comptable sur mandat.", x: MARGIN }]);
  layout.y -= LINE / 2;
  layout.row([{ text: 'Famille', x: MARGIN }, { text: 'Motif', x: MARGIN + 150 }, { text: 'Avoirs', x: MARGIN + 265 }, { text: 'Prescription', x: MARGIN + 375 }, { text: 'Montant', x: right, right: true }], true);
  for (const line of input.lines) {
    layout.row([
      { text: cut(line.name, 28), x: MARGIN },
      { text: cut(line.reasonLabel, 22), x: MARGIN + 150 },
      { text: cut(line.credits.join(', '), 22), x: MARGIN + 265 },
      { text: frenchDate(line.prescriptionDate), x: MARGIN + 375 },
      { text: formatEuros(line.amountCents), x: right, right: true },
    ]);
  }
  layout.row([{ text: 'Total à mandater', x: MARGIN }, { text: formatEuros(input.totalCents), x: right, right: true }], true);
  layout.y -= LINE;
  layout.row([{ text: 'Le régisseur,', x: MARGIN }, { text: "L'ordonnateur,", x: MARGIN + 200 }, { text: 'Le comptable public,', x: MARGIN + 360 }]);
  return doc.save({ useObjectStreams: false, addDefaultPage: false });
}
