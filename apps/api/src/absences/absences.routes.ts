import { ABSENCE_PROOF_TYPES } from '@periscol/reservation-domain';
import { z } from 'zod';
import { idSchema } from '../platform/auth/actor';
import { familyParamsSchema, isoDateSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';
import { absenceForAgentsSchema, absenceRuleSchema, absenceSchema } from './absence.dto';

const absenceParamsSchema = familyParamsSchema.extend({ absenceId: idSchema });
const decisionErrors = ['FAMILY_NOT_REGISTERED', 'UNKNOWN_ABSENCE', 'ABSENCE_ALREADY_DECIDED', 'CONCURRENCY_CONFLICT'] as const;

export const declareAbsenceRoute = defineRoute({
  operationId: 'declareAbsence',
  method: 'POST',
  path: '/api/families/:familyId/absences',
  summary: 'Declare a reserved day absent after its cancellation deadline, with a proof (R22)',
  description:
    'The proof is the request body itself (a PDF, JPEG or PNG file, as the town accepts; its type is read from its first bytes, not from `Content-Type`); the slot is in the query. ' +
    'Stored outside the history and erased with the family’s personal data (R17). An agent then accepts (the day is credited at its reserved price) or refuses it.',
  tags: ['families'],
  access: ['parent', 'admin'],
  params: familyParamsSchema,
  query: z.object({ childId: idSchema, activityId: idSchema, date: isoDateSchema }).meta({ id: 'AbsenceSlot' }),
  rawBody: { contentTypes: [...ABSENCE_PROOF_TYPES], description: 'The proof file (a medical certificate), at most the town’s `maxProofBytes`.' },
  responses: { 201: { description: 'The absence, pending an agent’s decision', schema: absenceSchema } },
  errors: [
    'BAD_REQUEST',
    'FAMILY_NOT_REGISTERED',
    'UNKNOWN_CHILD',
    'UNKNOWN_ACTIVITY',
    'NOT_RESERVED',
    'SLOT_PENDING',
    'ABSENCE_NOT_ALLOWED',
    'ABSENCE_BEFORE_DEADLINE',
    'ABSENCE_TOO_LATE',
    'ABSENCE_ALREADY_DECLARED',
    'PROOF_TYPE_NOT_ACCEPTED',
    'PROOF_TOO_LARGE',
    'PERSONAL_DATA_ERASED',
    'ID_CONFLICT',
    'CONCURRENCY_CONFLICT',
  ],
});

export const listFamilyAbsencesRoute = defineRoute({
  operationId: 'listFamilyAbsences',
  method: 'GET',
  path: '/api/families/:familyId/absences',
  summary: 'The family’s absences with proof (R22), newest first, and the town’s rule',
  tags: ['families'],
  access: ['parent', 'admin', 'agent'],
  params: familyParamsSchema,
  responses: {
    200: {
      description: 'The absences, and the rule (null: the town takes none)',
      schema: z.object({ absences: z.array(absenceSchema), rule: absenceRuleSchema.nullable() }).meta({ id: 'FamilyAbsences' }),
    },
  },
  errors: ['FAMILY_NOT_REGISTERED'],
});

export const listAbsencesRoute = defineRoute({
  operationId: 'listAbsences',
  method: 'GET',
  path: '/api/admin/absences',
  summary: 'Absences of every family (R22), oldest pending first: what the agents decide',
  tags: ['admin'],
  access: ['agent', 'admin'],
  query: z.object({ status: z.enum(['pending', 'accepted', 'refused']).optional() }).meta({ id: 'AbsenceFilter' }),
  responses: { 200: { description: 'The absences', schema: z.object({ absences: z.array(absenceForAgentsSchema) }).meta({ id: 'AbsenceList' }) } },
  errors: ['VALIDATION_FAILED'],
});

export const acceptAbsenceRoute = defineRoute({
  operationId: 'acceptAbsence',
  method: 'POST',
  path: '/api/admin/families/:familyId/absences/:absenceId/accept',
  summary: 'Accept an absence (R22): the day is cancelled and credited at its reserved price, with a credit note',
  tags: ['admin'],
  access: ['agent', 'admin'],
  params: absenceParamsSchema,
  responses: { 200: { description: 'The absence, accepted', schema: absenceSchema } },
  errors: [...decisionErrors, 'NOT_RESERVED', 'AMOUNT_OUT_OF_BOUNDS', 'ID_CONFLICT'],
});

export const refuseAbsenceRoute = defineRoute({
  operationId: 'refuseAbsence',
  method: 'POST',
  path: '/api/admin/families/:familyId/absences/:absenceId/refuse',
  summary: 'Refuse an absence with a reason (R22): the day stays paid',
  description: 'The reason stays in the history for good: name what is missing in the proof, never a diagnosis.',
  tags: ['admin'],
  access: ['agent', 'admin'],
  params: absenceParamsSchema,
  body: z.object({ reason: z.string().trim().min(1).max(500) }).meta({ id: 'AbsenceRefusalInput' }),
  responses: { 200: { description: 'The absence, refused', schema: absenceSchema } },
  errors: [...decisionErrors],
});

export const absenceProofRoute = defineRoute({
  operationId: 'getAbsenceProof',
  method: 'GET',
  path: '/api/admin/families/:familyId/absences/:absenceId/proof',
  summary: 'The proof of an absence (R22), checked against the SHA-256 the history recorded',
  tags: ['admin'],
  access: ['agent', 'admin'],
  params: absenceParamsSchema,
  responses: { 200: { description: 'The proof file (PDF, JPEG or PNG)', contentType: 'application/octet-stream' } },
  errors: ['FAMILY_NOT_REGISTERED', 'UNKNOWN_ABSENCE', 'PROOF_NOT_FOUND'],
});
