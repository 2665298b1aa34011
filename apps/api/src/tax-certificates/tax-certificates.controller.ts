import { Controller, Param, Query, StreamableFile } from '@nestjs/common';
import { contentDisposition } from '../documents/document-pdf';
import type { QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { TaxCertificatePdf } from './tax-certificate-pdf.service';
import { taxCertificatePdfRoute } from './tax-certificates.routes';

@Controller()
export class TaxCertificatesController {
  constructor(private readonly certificates: TaxCertificatePdf) {}

  @Route(taxCertificatePdfRoute)
  async pdf(@Param('familyId') familyId: string, @Query() query: QueryOf<typeof taxCertificatePdfRoute>): Promise<StreamableFile> {
    const file = await this.certificates.pdf(familyId, query.year);
    return new StreamableFile(Buffer.from(file.bytes), { type: 'application/pdf', disposition: contentDisposition(file.fileName), length: file.bytes.length });
  }
}
