import { z } from 'zod';
import { familyParamsSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

export const taxCertificatePdfRoute = defineRoute({
  operationId: 'taxCertificatePdf',
  method: 'GET',
  path: '/api/families/:familyId/tax-certificate.pdf',
  summary: 'Attestation fiscale de frais de garde (PDF) of a year',
  description:
    'Childcare paid in `year` for the children under six on 1 January (R21), canteen excluded: one PDF per family listing each child, ' +
    'numbered F-<year>-NNNNNN the first time it is asked for (or by the January e-mail), byte-identical afterwards.',
  tags: ['families', 'documents'],
  access: ['parent', 'agent', 'regisseur', 'admin', 'auditor'],
  params: familyParamsSchema,
  query: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
  responses: { 200: { description: 'The tax certificate', contentType: 'application/pdf' } },
  errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'TAX_YEAR_NOT_OVER', 'NO_TAX_CERTIFICATE', 'PERSONAL_DATA_ERASED'],
});
