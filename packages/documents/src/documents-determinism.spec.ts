import { renderCancellationDetail } from './cancellation-detail.document';
import { renderOrderDetail } from './order-detail.document';
import { renderPaymentTicket } from './payment-ticket.document';
import { fingerprint128 } from './pdf/document-id';
import { renderRecap } from './recap.document';
import { renderSampleHashesInChild } from './testing/child-render';
import { cancellationDetailInput, fullYearRecapInput, fullYearRecapInputLayout2, orderDetailInput, paymentTicketInput } from './testing/document-fixtures';
import { renderSampleHashes } from './testing/render-samples';
import { renderTaxCertificate } from './tax-certificate/tax-certificate.document';
import { taxCertificateInput } from './tax-certificate/tax-certificate.fixture';

/** Fakes Date only: pdf-lib and pdf.js keep their real timers. */
function fakeDateOnly(now: Date): void {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame',
      'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval',
      'setTimeout', 'clearTimeout',
    ],
  });
}

/** Renders under a given clock and random source, so anything reading either shows up. */
async function renderAt<T>(now: string, random: number, render: () => Promise<T>): Promise<T> {
  fakeDateOnly(new Date(now));
  const spy = jest.spyOn(Math, 'random').mockReturnValue(random);
  try {
    return await render();
  } finally {
    spy.mockRestore();
    jest.useRealTimers();
  }
}

const renders: Record<string, () => Promise<Uint8Array>> = {
  'order detail': () => renderOrderDetail(orderDetailInput(8)),
  'cancellation detail': () => renderCancellationDetail(cancellationDetailInput()),
  'payment ticket': () => renderPaymentTicket(paymentTicketInput()),
  recap: () => renderRecap(fullYearRecapInput()),
  'recap, layout 2': () => renderRecap(fullYearRecapInputLayout2()),
  'tax certificate': () => renderTaxCertificate(taxCertificateInput()),
};

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('byte-reproducible documents', () => {
  it.each(Object.keys(renders))('%s: same input, same bytes, whatever the clock and the random source', async (name) => {
    const first = await renderAt('2019-03-31T01:59:59Z', 0.000001, renders[name]);
    const second = await renderAt('2031-10-26T23:30:00Z', 0.999999, renders[name]);
    expect(second.length).toBe(first.length);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('same bytes in other processes with other time zones', async () => {
    const here = await renderSampleHashes();
    const [kiritimati, losAngeles] = await Promise.all([renderSampleHashesInChild('Pacific/Kiritimati'), renderSampleHashesInChild('America/Los_Angeles')]);
    expect(kiritimati).toEqual(here);
    expect(losAngeles).toEqual(here);
  });

  it('different inputs give different bytes', async () => {
    const base = orderDetailInput(8);
    const variants = [
      base,
      { ...base, order: { ...base.order, orderId: 'ord-other' } },
      { ...base, family: { ...base.family, name: 'Famille Dupres' } },
      { ...base, issuedAt: '2026-11-24T13:31:05Z' },
      { ...base, order: { ...base.order, status: 'confirmed' as const } },
    ];
    const outputs = await Promise.all(variants.map((input) => renderOrderDetail(input)).map(async (bytes) => latin1(await bytes)));
    expect(new Set(outputs).size).toBe(variants.length);
  });

  it('carries a file identifier derived from the document number and its instant, not from chance', async () => {
    const text = latin1(await renderPaymentTicket(paymentTicketInput()));
    const id = /\/ID \[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]/.exec(text);
    expect(id?.[1].toLowerCase()).toBe(fingerprint128('payment-ticket:Ticket R-2026-000123'));
    expect(id?.[2].toLowerCase()).toBe(fingerprint128(`payment-ticket:Ticket R-2026-000123:${Date.parse('2026-11-24T13:41:27Z')}`));
    expect(text).toContain('/CreationDate (D:20261124134127Z)');
    expect(text).not.toMatch(/\/(CreationDate|ModDate) \(D:(?!20261124134127Z)/);
  });

  it('regenerates the sample documents exactly as they were issued (golden hashes)', async () => {
    // A change here means a document already sent to a family would no longer be reproduced
    // byte for byte (R16, docs/rules.md §6). Update these only on purpose, and say so in the change log.
    expect(await renderSampleHashes()).toEqual({
      orderDetail: '0352e0c421dcb7f8e11aa29a7f855dc18502529b179ef6cc289eb24dabafa117',
      cancellationDetail: '0ecbc73fe77fa5725c89435e4f901655da015892ffbf9efbc7795dd232f8fc48',
      paymentTicket: 'efbb249f730ef3ca18e1c1e5d3d3a1bff4fb3def4983ae6f7c8dbe19c6c61ae5',
      recap: '67bf2b0fced65f054b19ca31c75e64f459ca5d3cd9e32d9319838cdd81d8c589',
      recapLayout2: '824c807eefc37c8c24003cc300ec4354a77800c1a3e979f5aa1b2480c6b4d88e',
      taxCertificate: 'ebe1c29b9bc3a4f0124ed552ddf29c65abfb31355593c9ce6df12dcb88b9508a',
    });
  });
});
