import { Controller, Param, Query, StreamableFile } from '@nestjs/common';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import type { QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { contentDisposition, type PdfFile } from './document-pdf';
import { cancellationPdfRoute, orderPdfRoute, recapPdfRoute, ticketPdfRoute } from './documents.routes';
import { DocumentsService } from './documents.service';

function pdfAnswer(file: PdfFile): StreamableFile {
  return new StreamableFile(Buffer.from(file.bytes), {
    type: 'application/pdf',
    disposition: contentDisposition(file.fileName),
    length: file.bytes.length,
  });
}

@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Route(orderPdfRoute)
  async order(@Param('orderId') orderId: string, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    return pdfAnswer(await this.documents.orderPdf(orderId, actor));
  }

  @Route(cancellationPdfRoute)
  async cancellation(@Param('cancellationId') cancellationId: string, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    return pdfAnswer(await this.documents.cancellationPdf(cancellationId, actor));
  }

  @Route(ticketPdfRoute)
  async ticket(@Param('paymentId') paymentId: string, @CurrentActor() actor: Actor): Promise<StreamableFile> {
    return pdfAnswer(await this.documents.ticketPdf(paymentId, actor));
  }

  @Route(recapPdfRoute)
  async recap(@Param('familyId') familyId: string, @Query() query: QueryOf<typeof recapPdfRoute>): Promise<StreamableFile> {
    return pdfAnswer(await this.documents.recapPdf(familyId, query));
  }
}
