import { z } from 'zod';
import { isoDateSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

const readers = ['regisseur', 'admin', 'auditor'] as const;
/** Which families the campaign lists: as of a day (default today in the town), credits older than `minAgeDays` (default 730). */
const campaignQuery = z
  .object({ asOf: isoDateSchema.optional(), minAgeDays: z.coerce.number().int().min(0).max(3650).optional() })
  .meta({ id: 'RefundCampaignQuery' });

const lotSchema = z.object({
  creditId: z.string(),
  source: z.string(),
  creditNoteNumber: z.string().nullable(),
  issuedOn: z.string(),
  amountCents: z.number().int(),
  remainingCents: z.number().int(),
  ageDays: z.number().int(),
  prescriptionDate: z.string(),
});

export const refundCampaignSchema = z
  .object({
    asOf: z.string(),
    minAgeDays: z.number().int(),
    totalCents: z.number().int(),
    lines: z.array(
      z.object({
        familyId: z.string(),
        name: z.string(),
        reason: z.enum(['no_enrolment', 'old_credit']),
        amountCents: z.number().int(),
        balanceCents: z.number().int(),
        lots: z.array(lotSchema),
        prescriptionDate: z.string(),
        requestId: z.string(),
        requested: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'RefundCampaign' });

export const refundCampaignRoute = defineRoute({
  operationId: 'refundCampaign',
  method: 'GET',
  path: '/api/regie/refund-campaign',
  summary: 'The year-end refund campaign (R19): families whose credit should be refunded, for the mandats',
  tags: ['regie'],
  access: readers,
  query: campaignQuery,
  responses: { 200: { description: 'The campaign', schema: refundCampaignSchema } },
  errors: ['VALIDATION_FAILED'],
});

export const refundCampaignCsvRoute = defineRoute({
  operationId: 'refundCampaignCsv',
  method: 'GET',
  path: '/api/regie/refund-campaign.csv',
  summary: 'The refund campaign (CSV: UTF-8 with BOM, `;`, decimal comma)',
  tags: ['regie'],
  access: readers,
  query: campaignQuery,
  responses: { 200: { description: 'The campaign', contentType: 'text/csv' } },
  errors: ['VALIDATION_FAILED'],
});

export const refundCampaignPdfRoute = defineRoute({
  operationId: 'refundCampaignPdf',
  method: 'GET',
  path: '/api/regie/refund-campaign.pdf',
  summary: 'The refund campaign (PDF), byte-identical when regenerated',
  tags: ['regie', 'documents'],
  access: readers,
  query: campaignQuery,
  responses: { 200: { description: 'The campaign', contentType: 'application/pdf' } },
  errors: ['VALIDATION_FAILED'],
});

export const requestCampaignRefundsRoute = defineRoute({
  operationId: 'requestCampaignRefunds',
  method: 'POST',
  path: '/api/regie/refund-campaign/requests',
  summary: "Create the campaign's refund requests in one action (R19); families already requested are skipped",
  tags: ['regie'],
  access: ['regisseur'],
  body: z
    .object({ asOf: isoDateSchema.optional(), minAgeDays: z.number().int().min(0).max(3650).optional(), reason: z.string().trim().min(1).max(500).optional() })
    .meta({ id: 'RefundCampaignRequestsInput' }),
  responses: {
    201: {
      description: 'What the action did, family by family',
      schema: z
        .object({
          asOf: z.string(),
          created: z.array(z.object({ familyId: z.string(), requestId: z.string(), amountCents: z.number().int() })),
          alreadyRequested: z.array(z.object({ familyId: z.string(), requestId: z.string() })),
          refused: z.array(z.object({ familyId: z.string(), code: z.string() })),
        })
        .meta({ id: 'RefundCampaignRequests' }),
    },
  },
  errors: ['CONCURRENCY_CONFLICT'],
});
