import { MunicipalityInfo } from '../document-inputs';
import { DocumentBuilder, MUTED } from './document-builder';

export interface DocumentHeader {
  readonly municipality: MunicipalityInfo;
  readonly title: string;
  /** Label / value lines under the title (number, family, dates…). */
  readonly fields: readonly (readonly [string, string])[];
}

/** The first-page block every document shares: who issues it, what it is, its references. */
export function drawDocumentHeader(builder: DocumentBuilder, header: DocumentHeader): void {
  builder.paragraph(header.municipality.name, { size: 12, bold: true, lineHeight: 16 });
  for (const addressLine of (header.municipality.address ?? '').split('\n').filter((l) => l.trim() !== '')) {
    builder.paragraph(addressLine, { size: 9, color: MUTED, lineHeight: 12 });
  }
  builder.gap(6);
  builder.hline(builder.y);
  builder.gap(12);
  builder.paragraph(header.title, { size: 18, bold: true, lineHeight: 24 });
  builder.gap(6);
  builder.fields(header.fields);
  builder.gap(10);
}
