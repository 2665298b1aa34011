import { Inject, Injectable } from '@nestjs/common';
import { RECAP_MAX_DAYS, renderCancellationDetail, renderOrderDetail, renderPaymentTicket, renderRecap } from '@periscol/documents';
import { toEpochDay, type Catalog, type FamilyState, type IsoDate, type PersonState } from '@periscol/reservation-domain';
import type { Actor } from '../platform/auth/actor';
import { CATALOG } from '../platform/application/application.module';
import { Clock, CLOCK } from '../platform/clock/clock';
import { ApiError, notFound } from '../platform/http/api-error';
import { FAMILY_READS, requireOwned, type FamilyReadPort } from '../tickets/family-services.port';
import { TicketIssuer } from '../tickets/ticket-issuer.service';
import { cancellationDetailInput, DocumentLayouts, orderDetailInput, paymentTicketInput, recapInput, type DocumentSources } from '@periscol/application';
import { cancellationPdfName, orderPdfName, type PdfFile, recapPdfName, ticketPdfName } from './document-pdf';

/**
 * The four PDFs of docs/http.md, regenerated on request from the read models (never stored): the
 * same history gives the same bytes, so the ticket downloaded here is the one that was e-mailed.
 * A ticket or credit note whose number is not recorded yet is completed first (idempotent), so
 * a document never lacks a number its payment or credit is owed.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(FAMILY_READS) private readonly reads: FamilyReadPort,
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tickets: TicketIssuer,
    private readonly layouts: DocumentLayouts,
  ) {}

  async orderPdf(orderId: string, actor: Actor): Promise<PdfFile> {
    const { familyId } = requireOwned(actor, await this.reads.findOrder(orderId), 'Order');
    const { state, sources } = await this.family(familyId);
    const input = orderDetailInput(sources, state, orderId, this.clock.now().toISOString());
    if (!input) throw notFound('Order not found');
    return { bytes: await renderOrderDetail(input), fileName: orderPdfName(orderId) };
  }

  async cancellationPdf(cancellationId: string, actor: Actor): Promise<PdfFile> {
    const { familyId } = requireOwned(actor, await this.reads.findCancellation(cancellationId), 'Cancellation');
    let { state, sources } = await this.family(familyId);
    const creditId = state.cancellations.get(cancellationId)?.creditId;
    const credit = creditId === undefined ? undefined : state.credits.get(creditId);
    if (credit && credit.creditNoteNumber === undefined && (await this.tickets.ensureCreditNote(familyId, credit.creditId))) {
      ({ state, sources } = await this.family(familyId));
    }
    const input = cancellationDetailInput(sources, state, cancellationId);
    if (!input) throw notFound('Cancellation not found');
    return { bytes: await renderCancellationDetail(input), fileName: cancellationPdfName(cancellationId) };
  }

  async ticketPdf(paymentId: string, actor: Actor): Promise<PdfFile> {
    const { familyId } = requireOwned(actor, await this.reads.findPayment(paymentId), 'Payment');
    let { state, sources } = await this.family(familyId);
    const payment = state.payments.get(paymentId);
    if (payment?.status !== 'confirmed') throw notFound('No ticket for this payment');
    if (payment.ticketNumber === undefined) {
      const issued = await this.tickets.ensureTicket(familyId, paymentId);
      if (issued) ({ state, sources } = { state: issued.state, sources: { catalog: this.catalog, person: issued.person } });
    }
    const input = paymentTicketInput(sources, state, paymentId);
    if (!input) throw notFound('No ticket for this payment');
    return { bytes: await renderPaymentTicket(input), fileName: ticketPdfName(input.ticket.ticketNumber) };
  }

  async recapPdf(familyId: string, query: { readonly from?: IsoDate; readonly to?: IsoDate }): Promise<PdfFile> {
    const from = query.from ?? this.catalog.schoolYear.start;
    const to = query.to ?? this.catalog.schoolYear.end;
    const days = toEpochDay(to) - toEpochDay(from) + 1;
    if (days < 1 || days > RECAP_MAX_DAYS) {
      throw new ApiError('VALIDATION_FAILED', 'Invalid query parameters', [
        { location: 'query', path: ['to'], code: 'custom', message: days < 1 ? 'must not be before from' : `the period is at most ${RECAP_MAX_DAYS} days` },
      ]);
    }
    const { state, sources } = await this.family(familyId);
    // A recap issued before the current layout keeps its own (docs/rules.md §6).
    const input = recapInput(sources, state, { from, to }, await this.layouts.recapAdoptions(this.clock.now().toISOString()));
    if (!input) throw notFound('Family not found');
    return { bytes: await renderRecap(input), fileName: recapPdfName(from, to) };
  }

  private async family(familyId: string): Promise<{ state: FamilyState; sources: DocumentSources }> {
    const state = await this.reads.familyState(familyId);
    if (!state) throw notFound('Family not found');
    const person: PersonState | undefined = state.status === 'registered' && state.erasedAt === null ? await this.reads.person(familyId) : undefined;
    return { state, sources: { catalog: this.catalog, person } };
  }
}
