/**
 * PDF answers: the bytes plus a French file name. `Content-Disposition` carries an ASCII
 * fallback and the UTF-8 name (RFC 6266 / RFC 5987), so « Détail des réservations » survives.
 */
export interface PdfFile {
  readonly bytes: Uint8Array;
  /** French, with accents, without the directory: « Ticket de paiement R-2026-000001.pdf ». */
  readonly fileName: string;
}

export function contentDisposition(fileName: string, kind: 'inline' | 'attachment' = 'inline'): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export const orderPdfName = (orderId: string) => `Détail des réservations ${orderId}.pdf`;
export const cancellationPdfName = (cancellationId: string) => `Détail des annulations ${cancellationId}.pdf`;
export const ticketPdfName = (ticketNumber: string) => `Ticket de paiement ${ticketNumber}.pdf`;
export const recapPdfName = (from: string, to: string) => `Récapitulatif des inscriptions du ${from} au ${to}.pdf`;
