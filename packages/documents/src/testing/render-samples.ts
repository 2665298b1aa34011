import { createHash } from 'node:crypto';
import { renderCancellationDetail } from '../cancellation-detail.document';
import { renderOrderDetail } from '../order-detail.document';
import { renderPaymentTicket } from '../payment-ticket.document';
import { renderRecap } from '../recap.document';
import { renderTaxCertificate } from '../tax-certificate/tax-certificate.document';
import { taxCertificateInput } from '../tax-certificate/tax-certificate.fixture';
import { cancellationDetailInput, fullYearRecapInput, fullYearRecapInputLayout2, orderDetailInput, paymentTicketInput } from './document-fixtures';

export type SampleHashes = Record<'orderDetail' | 'cancellationDetail' | 'paymentTicket' | 'recap' | 'recapLayout2' | 'taxCertificate', string>;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** SHA-256 of each of the four sample documents (also run in child processes, see the spec). */
export async function renderSampleHashes(): Promise<SampleHashes> {
  return {
    orderDetail: sha256(await renderOrderDetail(orderDetailInput(8))),
    cancellationDetail: sha256(await renderCancellationDetail(cancellationDetailInput())),
    paymentTicket: sha256(await renderPaymentTicket(paymentTicketInput())),
    recap: sha256(await renderRecap(fullYearRecapInput())),
    recapLayout2: sha256(await renderRecap(fullYearRecapInputLayout2())),
    taxCertificate: sha256(await renderTaxCertificate(taxCertificateInput())),
  };
}
