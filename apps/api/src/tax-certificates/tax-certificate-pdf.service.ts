import { Inject, Injectable } from '@nestjs/common';
import { renderTaxCertificate, type TaxCertificateInput } from '@periscol/documents';
import { TaxCertificates, type TaxCertificateOutcome } from '@periscol/application';
import { Clock, CLOCK } from '../platform/clock/clock';
import { ApiError, notFound } from '../platform/http/api-error';
import type { PdfFile } from '../documents/document-pdf';

export const taxCertificatePdfName = (certificateNumber: string, year: number) => `Attestation fiscale frais de garde ${year} ${certificateNumber}.pdf`;

/** The application's outcome as the HTTP contract says it (docs/http.md): a PDF or a coded 4xx. */
export function certificateOrThrow(outcome: TaxCertificateOutcome): { input: TaxCertificateInput; certificateNumber: string } {
  if (outcome.ok) return outcome;
  switch (outcome.code) {
    case 'FAMILY_NOT_REGISTERED':
      throw notFound('Family not found');
    case 'INVALID_COMMAND':
      throw new ApiError('VALIDATION_FAILED', 'Invalid query parameters', [{ location: 'query', path: ['year'], code: 'custom', message: outcome.message }]);
    case 'TAX_YEAR_NOT_OVER':
    case 'NO_TAX_CERTIFICATE':
    case 'PERSONAL_DATA_ERASED':
      throw new ApiError(outcome.code, outcome.message);
    default:
      throw new Error(`Unexpected refusal ${outcome.code}: ${outcome.message}`);
  }
}

/** Renders a family's tax certificate of a year; the first request for it numbers it. */
@Injectable()
export class TaxCertificatePdf {
  constructor(
    private readonly certificates: TaxCertificates,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async pdf(familyId: string, year: number): Promise<PdfFile> {
    const { input, certificateNumber } = certificateOrThrow(await this.certificates.certificate(familyId, year, this.clock.now().toISOString()));
    return { bytes: await renderTaxCertificate(input), fileName: taxCertificatePdfName(certificateNumber, year) };
  }
}
