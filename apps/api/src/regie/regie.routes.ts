import { z } from 'zod';
import { isoDateSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

/** The régie's books are read by the régisseur, the town's agents and the auditors; only the régisseur closes a day. */
const readers = ['regisseur', 'admin', 'auditor'] as const;
const monthSchema = z.string().regex(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, { message: 'must be a month YYYY-MM of 2000–2100' });
const methodTotals = z.record(z.string(), z.number().int());

const journalReceiptSchema = z.object({
  receiptNumber: z.string().nullable(),
  date: z.string(),
  journalDate: z.string(),
  late: z.boolean(),
  familyId: z.string(),
  paymentId: z.string(),
  orderId: z.string(),
  provider: z.string(),
  method: z.string(),
  amountCents: z.number().int(),
  paidAt: z.string(),
});

export const journalSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.array(
      z.object({
        date: z.string(),
        status: z.enum(['open', 'closed']),
        closedAt: z.string().nullable(),
        totalsByMethod: methodTotals,
        totalCents: z.number().int(),
        receiptCount: z.number().int(),
        firstReceipt: z.string().nullable(),
        lastReceipt: z.string().nullable(),
        receipts: z.array(journalReceiptSchema),
      }),
    ),
    totalCents: z.number().int(),
    lastClosed: z.string().nullable(),
  })
  .meta({ id: 'RegieJournal' });

export const dayClosedSchema = z
  .object({
    date: z.string(),
    totalsByMethod: methodTotals,
    totalCents: z.number().int(),
    receiptCount: z.number().int(),
    firstReceipt: z.string().nullable(),
    lastReceipt: z.string().nullable(),
    asOfPosition: z.number().int(),
    closedAt: z.string(),
  })
  .meta({ id: 'RegieDayClosed' });

export const packSchema = z
  .object({
    month: z.string(),
    asOf: z.string(),
    from: z.string(),
    to: z.string(),
    byRevenue: z.array(z.object({ revenueType: z.string(), label: z.string(), byMethod: methodTotals, totalCents: z.number().int() })),
    byMethod: methodTotals,
    totalCents: z.number().int(),
    receiptCount: z.number().int(),
    firstReceipt: z.string().nullable(),
    lastReceipt: z.string().nullable(),
    payers: z.array(
      z.object({ receiptNumber: z.string().nullable(), date: z.string(), journalDate: z.string(), late: z.boolean(), familyId: z.string(), payer: z.string(), method: z.string(), amountCents: z.number().int() }),
    ),
    closedDays: z.number().int(),
    openDaysWithReceipts: z.array(z.string()),
    bordereau: z.object({ lines: z.array(z.object({ method: z.string(), receiptCount: z.number().int(), amountCents: z.number().int() })), totalCents: z.number().int() }),
  })
  .meta({ id: 'RegieMonthlyPack' });

export const creditStatementSchema = z
  .object({
    asOf: z.string(),
    totalCents: z.number().int(),
    lotCount: z.number().int(),
    prescribableCents: z.number().int(),
    families: z.array(
      z.object({
        familyId: z.string(),
        name: z.string(),
        balanceCents: z.number().int(),
        heldCents: z.number().int(),
        lots: z.array(
          z.object({
            creditId: z.string(),
            source: z.string(),
            creditNoteNumber: z.string().nullable(),
            issuedOn: z.string(),
            amountCents: z.number().int(),
            remainingCents: z.number().int(),
            ageDays: z.number().int(),
            prescriptionDate: z.string(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'CreditStatement' });

export const reconciliationSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    ok: z.boolean(),
    days: z.array(
      z.object({
        date: z.string(),
        providerCount: z.number().int(),
        providerCents: z.number().int(),
        receiptCount: z.number().int(),
        receiptCents: z.number().int(),
        differences: z.array(
          z.object({
            kind: z.enum(['missing_receipt', 'receipt_without_provider_payment', 'duplicate_receipt', 'amount_mismatch']),
            date: z.string(),
            provider: z.string(),
            providerPaymentId: z.string().nullable(),
            familyId: z.string(),
            paymentId: z.string(),
            receiptNumbers: z.array(z.string().nullable()),
            providerAmountCents: z.number().int().nullable(),
            receiptAmountCents: z.number().int().nullable(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'RegieReconciliation' });

const periodQuery = z.object({ from: isoDateSchema, to: isoDateSchema }).meta({ id: 'RegiePeriod' });
const monthParams = z.object({ month: monthSchema });

export const journalRoute = defineRoute({
  operationId: 'regieJournal',
  method: 'GET',
  path: '/api/regie/journal',
  summary: 'The régie journal (R18): receipts per day by payment method, closed days as recorded',
  description: 'Every day from `from` to `to` (both included, at most 93 days).',
  tags: ['regie'],
  access: readers,
  query: periodQuery,
  responses: { 200: { description: 'The journal', schema: journalSchema } },
  errors: ['VALIDATION_FAILED'],
});

export const closeDayRoute = defineRoute({
  operationId: 'closeRegieDay',
  method: 'POST',
  path: '/api/regie/journal/days/:date/close',
  summary: 'Close a day of the journal (R18): once, when it is over in the town, in order',
  tags: ['regie'],
  access: ['regisseur'],
  params: z.object({ date: isoDateSchema }),
  responses: { 201: { description: 'The figures recorded for the day', schema: dayClosedSchema } },
  errors: ['REGIE_DAY_NOT_OVER', 'REGIE_DAY_OUT_OF_ORDER', 'REGIE_DAY_ALREADY_CLOSED', 'RECEIPTS_NOT_NUMBERED', 'CONCURRENCY_CONFLICT'],
});

export const packRoute = defineRoute({
  operationId: 'regieMonthlyPack',
  method: 'GET',
  path: '/api/regie/months/:month/pack',
  summary: 'The monthly closing pack (JSON): état récapitulatif, liste nominative, bordereau de versement',
  tags: ['regie'],
  access: readers,
  params: monthParams,
  responses: { 200: { description: 'The pack', schema: packSchema } },
  errors: ['VALIDATION_FAILED'],
});

export const packPdfRoute = defineRoute({
  operationId: 'regieMonthlyPackPdf',
  method: 'GET',
  path: '/api/regie/months/:month/pack.pdf',
  summary: 'The monthly closing pack (PDF), byte-identical when regenerated',
  tags: ['regie', 'documents'],
  access: readers,
  params: monthParams,
  responses: { 200: { description: 'The pack', contentType: 'application/pdf' } },
  errors: ['VALIDATION_FAILED'],
});

export const packCsvRoute = defineRoute({
  operationId: 'regieMonthlyPackCsv',
  method: 'GET',
  path: '/api/regie/months/:month/pack.csv',
  summary: 'The monthly closing pack (CSV: UTF-8 with BOM, `;`, decimal comma)',
  tags: ['regie'],
  access: readers,
  params: monthParams,
  responses: { 200: { description: 'The pack', contentType: 'text/csv' } },
  errors: ['VALIDATION_FAILED'],
});

const asOfQuery = z.object({ asOf: isoDateSchema.optional() });

export const creditStatementRoute = defineRoute({
  operationId: 'regieCreditStatement',
  method: 'GET',
  path: '/api/regie/credits',
  summary: 'État des avoirs: credit lots per family with their age and the prescription quadriennale date',
  tags: ['regie'],
  access: readers,
  query: asOfQuery,
  responses: { 200: { description: 'The statement', schema: creditStatementSchema } },
  errors: ['VALIDATION_FAILED'],
});

export const creditStatementCsvRoute = defineRoute({
  operationId: 'regieCreditStatementCsv',
  method: 'GET',
  path: '/api/regie/credits.csv',
  summary: 'État des avoirs (CSV: UTF-8 with BOM, `;`, decimal comma)',
  tags: ['regie'],
  access: readers,
  query: asOfQuery,
  responses: { 200: { description: 'The statement', contentType: 'text/csv' } },
  errors: ['VALIDATION_FAILED'],
});

export const reconciliationRoute = defineRoute({
  operationId: 'regieReconciliation',
  method: 'GET',
  path: '/api/regie/reconciliation',
  summary: 'Payments the providers reported against the journal receipts, per day, every difference listed',
  tags: ['regie'],
  access: readers,
  query: periodQuery,
  responses: { 200: { description: 'The reconciliation', schema: reconciliationSchema } },
  errors: ['VALIDATION_FAILED'],
});

const officeHolderSchema = z.object({ name: z.string(), from: z.string(), to: z.string().optional() });

export const positionSchema = z
  .object({
    asOf: z.string(),
    arrete: z.object({ reference: z.string(), date: z.string() }).nullable(),
    revenueTypes: z.array(z.string()),
    paymentMethods: z.array(z.string()),
    versementFrequency: z.enum(['weekly', 'monthly']).nullable(),
    regisseur: officeHolderSchema.nullable(),
    mandataires: z.array(officeHolderSchema),
    cash: z
      .object({
        since: z.string(),
        dueBy: z.string(),
        cashHeldCents: z.number().int(),
        receiptCount: z.number().int(),
        plafondCents: z.number().int(),
        thresholdCents: z.number().int(),
        percentOfPlafond: z.number().int(),
        level: z.enum(['ok', 'near', 'over']),
        versementDue: z.boolean(),
      })
      .nullable(),
  })
  .meta({ id: 'RegiePosition' });

export const positionRoute = defineRoute({
  operationId: 'regiePosition',
  method: 'GET',
  path: '/api/regie/position',
  summary: 'The régie summary: its arrêté, who is in office, and the cash held against the plafond d’encaisse (R18)',
  description:
    'Cash held: the receipts the journal lists from the start of the current versement period (month or ISO week) to today, in the town’s time zone. ' +
    '`level` is `near` from the arrêté’s threshold (default 80 % of the plafond) and `over` once the plafond is reached: a versement is due. ' +
    'A town whose file states no `regie` section answers with `arrete` and `cash` null.',
  tags: ['regie'],
  access: readers,
  responses: { 200: { description: 'The position', schema: positionSchema } },
});
