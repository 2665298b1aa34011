import { DEFAULT_TIME_ZONE, DocumentParties, nameOrErased } from './document-inputs';
import { formatInstant, formatLongDate, parseInstant } from './format/date-format';
import { formatEuros } from './format/money-format';
import { IsoDate } from './format/iso-date';
import { InputChecks } from './input-checks';
import { Column, DocumentBuilder, MUTED } from './pdf/document-builder';
import { drawDocumentHeader } from './pdf/document-header';

export interface CancelledLine {
  readonly childName: string | null;
  readonly activityLabel: string;
  readonly date: IsoDate;
  /** Credited at the unit price the slot was reserved at (R9). */
  readonly creditCents: number;
}

export interface CancellationDetailInput extends DocumentParties {
  readonly cancellation: {
    readonly cancellationId: string;
    /** 'A-2026-000045' when a numbered credit note was issued. */
    readonly creditNoteNumber?: string;
    readonly cancelledAt: string;
    readonly lines: readonly CancelledLine[];
    readonly totalCents: number;
    /** The family's credit balance right after this cancellation. */
    readonly creditBalanceCents: number;
  };
  /** The instant the document speaks for; defaults to `cancelledAt`. */
  readonly issuedAt?: string;
}

export const CANCELLATION_DETAIL_TITLE = 'Détail des annulations';

function check(input: CancellationDetailInput): void {
  const checks = new InputChecks('renderCancellationDetail');
  checks.parties(input);
  checks.instant('issuedAt', input.issuedAt, true);
  const cancellation = input.cancellation;
  if (checks.object('cancellation', cancellation)) {
    checks.text('cancellation.cancellationId', cancellation.cancellationId);
    checks.text('cancellation.creditNoteNumber', cancellation.creditNoteNumber, true);
    checks.instant('cancellation.cancelledAt', cancellation.cancelledAt);
    let sum = 0;
    if (checks.array('cancellation.lines', cancellation.lines, true)) {
      cancellation.lines.forEach((line, i) => {
        const at = `cancellation.lines[${i}]`;
        if (!checks.object(at, line)) return;
        checks.nullableText(`${at}.childName`, line.childName);
        checks.text(`${at}.activityLabel`, line.activityLabel);
        checks.isoDate(`${at}.date`, line.date);
        if (checks.cents(`${at}.creditCents`, line.creditCents)) sum += line.creditCents;
      });
    }
    checks.cents('cancellation.totalCents', cancellation.totalCents);
    checks.cents('cancellation.creditBalanceCents', cancellation.creditBalanceCents);
    checks.sum('cancellation.totalCents', cancellation.totalCents, sum, 'total');
  }
  checks.done();
}

/** *Détail des annulations*: the cancelled days and the credit (avoir) they gave. */
export async function renderCancellationDetail(input: CancellationDetailInput): Promise<Uint8Array> {
  check(input);
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  const { cancellation } = input;
  const issuedAt = input.issuedAt ?? cancellation.cancelledAt;
  const creditNote = cancellation.creditNoteNumber?.trim() || null;
  const reference = creditNote ? `Avoir ${creditNote}` : `Annulation ${cancellation.cancellationId}`;
  const builder = await DocumentBuilder.start({
    kind: 'cancellation-detail',
    reference,
    title: CANCELLATION_DETAIL_TITLE,
    subject: `Annulation ${cancellation.cancellationId}`,
    author: input.municipality.name,
    issuedAtMs: parseInstant(issuedAt) as number,
  });
  drawDocumentHeader(builder, {
    municipality: input.municipality,
    title: CANCELLATION_DETAIL_TITLE,
    fields: [
      ['Annulation n°', cancellation.cancellationId],
      ...(creditNote ? [['Avoir n°', creditNote] as const] : []),
      ['Famille', `${nameOrErased(input.family.name)} (réf. ${input.family.familyId})`],
      ['Annulée le', formatInstant(cancellation.cancelledAt, timeZone)],
      ['Document émis le', formatInstant(issuedAt, timeZone)],
    ],
  });
  const widths = [125, 150, 150];
  const columns: Column[] = [
    { header: 'Enfant', width: widths[0] },
    { header: 'Activité', width: widths[1] },
    { header: 'Date', width: widths[2] },
    { header: 'Montant crédité', width: builder.contentWidth - widths[0] - widths[1] - widths[2], align: 'right' },
  ];
  const sorted = [...cancellation.lines].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  builder.table(
    columns,
    sorted.map((line) => [nameOrErased(line.childName), line.activityLabel, formatLongDate(line.date), formatEuros(line.creditCents)]),
  );
  builder.gap(6);
  const count = cancellation.lines.length;
  builder.totals([
    { label: `Total annulé (${count} jour${count > 1 ? 's' : ''}) : avoir émis`, value: formatEuros(cancellation.totalCents), strong: true },
    { label: 'Solde de votre avoir après annulation', value: formatEuros(cancellation.creditBalanceCents) },
  ]);
  builder.gap(10);
  builder.paragraph('Cet avoir est déduit automatiquement de vos prochaines réservations.', { size: 9.5, color: MUTED });
  return builder.finish();
}
