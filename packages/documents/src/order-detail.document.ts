import { DEFAULT_TIME_ZONE, DocumentParties, nameOrErased, ReservedLine } from './document-inputs';
import { formatInstant, formatLongDate, parseInstant } from './format/date-format';
import { formatEuros } from './format/money-format';
import { InputChecks } from './input-checks';
import { Column, DocumentBuilder, MUTED } from './pdf/document-builder';
import { drawDocumentHeader } from './pdf/document-header';

export type OrderStatus = 'awaiting_payment' | 'awaiting_confirmation' | 'confirmed' | 'expired';

export interface OrderDetailInput extends DocumentParties {
  readonly order: {
    readonly orderId: string;
    readonly status: OrderStatus;
    readonly requestedAt: string;
    readonly expiresAt: string;
    readonly lines: readonly ReservedLine[];
    readonly totalCents: number;
    readonly creditAppliedCents: number;
    readonly amountDueCents: number;
  };
  /** The instant the document speaks for, from the events (e.g. the order's last event). */
  readonly issuedAt: string;
}

export const ORDER_DETAIL_TITLE = 'Détail des réservations';

const STATUS_LABELS: Record<OrderStatus, string> = {
  awaiting_payment: 'En attente de paiement',
  awaiting_confirmation: 'En attente de validation',
  confirmed: 'Validée',
  expired: 'Expirée',
};

/** Child / activity / date / price columns shared by the order detail and the payment ticket. */
export function reservedLinesTable(builder: DocumentBuilder, lines: readonly ReservedLine[], priceHeader: string): void {
  const widths = [125, 150, 150];
  const columns: Column[] = [
    { header: 'Enfant', width: widths[0] },
    { header: 'Activité', width: widths[1] },
    { header: 'Date', width: widths[2] },
    { header: priceHeader, width: builder.contentWidth - widths[0] - widths[1] - widths[2], align: 'right' },
  ];
  // Chronological; lines of one day keep the caller's order (the sort is stable).
  const sorted = [...lines].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  builder.table(
    columns,
    sorted.map((line) => [nameOrErased(line.childName), line.activityLabel, formatLongDate(line.date), formatEuros(line.unitPriceCents)]),
  );
}

/**
 * « Tarifs appliqués »: why each line costs what it costs, one paragraph per activity and note
 * (the table's cells are one line high), with the dates it covers. Nothing when no line has a note.
 */
function priceNotes(builder: DocumentBuilder, lines: readonly ReservedLine[]): void {
  const groups = new Map<string, { activityLabel: string; note: string; dates: string[] }>();
  for (const line of lines) {
    const note = line.priceNote?.trim();
    if (!note) continue;
    const key = `${line.activityLabel}\u0000${note}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { activityLabel: line.activityLabel, note, dates: [] }));
    group.dates.push(line.date);
  }
  if (groups.size === 0) return;
  builder.gap(6);
  builder.paragraph('Tarifs appliqués', { size: 10, bold: true });
  for (const group of groups.values()) {
    const dates = [...new Set(group.dates)].sort().map(formatLongDate).join(', ');
    builder.paragraph(`${group.activityLabel} : ${group.note} (${dates})`, { size: 9, color: MUTED });
  }
}

function check(input: OrderDetailInput): void {
  const checks = new InputChecks('renderOrderDetail');
  checks.parties(input);
  checks.instant('issuedAt', input.issuedAt);
  const order = input.order;
  if (checks.object('order', order)) {
    checks.text('order.orderId', order.orderId);
    if (!Object.hasOwn(STATUS_LABELS, order.status)) checks.fail('order.status', `unknown status ${String(order.status)}`);
    checks.instant('order.requestedAt', order.requestedAt);
    checks.instant('order.expiresAt', order.expiresAt);
    checks.settledLines('order', order, 'amountDueCents', 'amount due');
  }
  checks.done();
}

function closingNote(input: OrderDetailInput, timeZone: string): string {
  const { order } = input;
  switch (order.status) {
    case 'awaiting_payment':
      return `Ces jours sont retenus jusqu’au ${formatInstant(order.expiresAt, timeZone)}. Réglez ${formatEuros(order.amountDueCents)} avec le bouton « Payer » pour valider la réservation.`;
    case 'awaiting_confirmation':
      return `Votre avoir couvre la totalité du montant : validez avec le bouton « OK » avant le ${formatInstant(order.expiresAt, timeZone)}.`;
    case 'confirmed':
      return 'Ces réservations sont validées.';
    case 'expired':
      return 'Cette demande a expiré : les jours ont été libérés et l’avoir éventuellement déduit a été rendu.';
  }
}

/** *Détail des réservations*: the order, its lines and what remains to pay. */
export async function renderOrderDetail(input: OrderDetailInput): Promise<Uint8Array> {
  check(input);
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const { order } = input;
  const pending = order.status === 'awaiting_payment' || order.status === 'awaiting_confirmation';
  const builder = await DocumentBuilder.start({
    kind: 'order-detail',
    reference: `Commande ${order.orderId}`,
    title: ORDER_DETAIL_TITLE,
    subject: `Commande ${order.orderId}`,
    author: input.municipality.name,
    issuedAtMs: parseInstant(input.issuedAt) as number,
  });
  drawDocumentHeader(builder, {
    municipality: input.municipality,
    title: ORDER_DETAIL_TITLE,
    fields: [
      ['Commande n°', order.orderId],
      ['Famille', `${nameOrErased(input.family.name)} (réf. ${input.family.familyId})`],
      ['Statut', STATUS_LABELS[order.status]],
      ['Demandée le', formatInstant(order.requestedAt, timeZone)],
      ...(pending ? [['Réservée jusqu’au', formatInstant(order.expiresAt, timeZone)] as const] : []),
      ['Document émis le', formatInstant(input.issuedAt, timeZone)],
    ],
  });
  reservedLinesTable(builder, order.lines, 'Prix unitaire');
  priceNotes(builder, order.lines);
  builder.gap(6);
  builder.totals([
    { label: `Total des réservations (${order.lines.length} jour${order.lines.length > 1 ? 's' : ''})`, value: formatEuros(order.totalCents) },
    { label: 'Avoir déduit', value: formatEuros(-order.creditAppliedCents) },
    { label: order.status === 'confirmed' ? 'Montant réglé' : 'Montant à payer', value: formatEuros(order.amountDueCents), strong: true },
  ]);
  builder.gap(10);
  builder.paragraph(closingNote(input, timeZone), { size: 9.5, color: MUTED });
  return builder.finish();
}
