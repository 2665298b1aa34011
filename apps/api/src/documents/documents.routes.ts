import { z } from 'zod';
import { familyParamsSchema, idSchema, isoDateSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

const pdf = (description: string) => ({ 200: { description, contentType: 'application/pdf' } });
/** The family's own documents; the town's staff reprint them at the desk (agents) and for the régie (régisseur). */
const readers = ['parent', 'agent', 'regisseur', 'admin', 'auditor'] as const;

export const orderPdfRoute = defineRoute({
  operationId: 'orderPdf',
  method: 'GET',
  path: '/api/orders/:orderId/pdf',
  summary: 'Détail des réservations (PDF)',
  tags: ['orders', 'documents'],
  access: readers,
  params: z.object({ orderId: idSchema }),
  responses: pdf('The reservation detail of the order'),
  errors: ['NOT_FOUND'],
});

export const cancellationPdfRoute = defineRoute({
  operationId: 'cancellationPdf',
  method: 'GET',
  path: '/api/cancellations/:cancellationId/pdf',
  summary: 'Détail des annulations (PDF), with its credit note number',
  tags: ['cancellations', 'documents'],
  access: readers,
  params: z.object({ cancellationId: idSchema }),
  responses: pdf('The cancellation detail'),
  errors: ['NOT_FOUND'],
});

export const ticketPdfRoute = defineRoute({
  operationId: 'paymentTicketPdf',
  method: 'GET',
  path: '/api/payments/:paymentId/ticket.pdf',
  summary: 'Ticket de paiement (PDF), byte-identical to the one e-mailed',
  tags: ['payments', 'documents'],
  access: readers,
  params: z.object({ paymentId: idSchema }),
  responses: pdf('The payment ticket'),
  errors: ['NOT_FOUND'],
});

export const recapPdfRoute = defineRoute({
  operationId: 'recapPdf',
  method: 'GET',
  path: '/api/families/:familyId/recap.pdf',
  summary: 'Récapitulatif des inscriptions périscolaires (PDF) over a period',
  description: 'Confirmed reservations from `from` to `to` (both included, at most 366 days; default: the school year).',
  tags: ['families', 'documents'],
  access: readers,
  params: familyParamsSchema,
  query: z.object({ from: isoDateSchema.optional(), to: isoDateSchema.optional() }),
  responses: pdf('The recap'),
  errors: ['NOT_FOUND', 'VALIDATION_FAILED'],
});
