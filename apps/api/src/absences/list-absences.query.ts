import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { FamilyReads } from '@periscol/application';
import type { Catalog } from '@periscol/reservation-domain';
import { CATALOG } from '../platform/application/application.module';
import { ApiError } from '../platform/http/api-error';
import { absenceRuleOf, byDeclaredDesc, toAbsenceDto, type AbsenceDto, type AbsenceForAgentsDto } from './absence.dto';
import { AbsenceProofStore } from './absence-proof-store';

type Status = 'pending' | 'accepted' | 'refused';

export class ListFamilyAbsencesQuery extends Query<{ absences: AbsenceDto[]; rule: ReturnType<typeof absenceRuleOf> }> {
  constructor(readonly familyId: string) {
    super();
  }
}

export class ListAbsencesQuery extends Query<{ absences: AbsenceForAgentsDto[] }> {
  constructor(readonly status?: Status) {
    super();
  }
}

export class GetAbsenceProofQuery extends Query<{ bytes: Buffer; mediaType: string; fileName: string }> {
  constructor(
    readonly familyId: string,
    readonly absenceId: string,
  ) {
    super();
  }
}

/** R22: one family's absences, newest first, with the town's rule (what the portal shows). */
@QueryHandler(ListFamilyAbsencesQuery)
export class ListFamilyAbsencesHandler implements IQueryHandler<ListFamilyAbsencesQuery> {
  constructor(
    private readonly reads: FamilyReads,
    @Inject(CATALOG) private readonly catalog: Catalog,
  ) {}

  async execute({ familyId }: ListFamilyAbsencesQuery) {
    const state = await this.reads.familyState(familyId);
    if (!state) throw new ApiError('FAMILY_NOT_REGISTERED', 'This family is not registered');
    const absences = state.absences.values().map((absence) => toAbsenceDto(familyId, this.catalog, state, absence));
    return { absences: absences.sort(byDeclaredDesc), rule: absenceRuleOf(this.catalog, this.catalog.absences) };
  }
}

/**
 * R22: every family's absences for the agents, the pending ones oldest first (the first
 * declared is the first decided), with the family's and the child's names read now from the
 * person streams (an erased family's: null).
 */
@QueryHandler(ListAbsencesQuery)
export class ListAbsencesHandler implements IQueryHandler<ListAbsencesQuery> {
  constructor(
    private readonly reads: FamilyReads,
    @Inject(CATALOG) private readonly catalog: Catalog,
  ) {}

  async execute({ status }: ListAbsencesQuery): Promise<{ absences: AbsenceForAgentsDto[] }> {
    const out: AbsenceForAgentsDto[] = [];
    for (const familyId of await this.reads.familyIds()) {
      const state = await this.reads.familyState(familyId);
      if (!state || state.absences.size === 0) continue;
      const matching = state.absences.values().filter((absence) => status === undefined || absence.status === status);
      if (matching.length === 0) continue;
      const person = await this.reads.person(familyId);
      for (const absence of matching) {
        const child = person?.children.get(absence.childId);
        out.push({
          ...toAbsenceDto(familyId, this.catalog, state, absence),
          familyName: person?.name ?? null,
          childName: child ? `${child.firstName} ${child.lastName}` : null,
        });
      }
    }
    out.sort(byDeclaredDesc);
    return { absences: status === 'pending' ? out.reverse() : out };
  }
}

/** R22: the proof's bytes for an agent, checked against the hash in the history; gone once erased (R17). */
@QueryHandler(GetAbsenceProofQuery)
export class GetAbsenceProofHandler implements IQueryHandler<GetAbsenceProofQuery> {
  constructor(
    private readonly reads: FamilyReads,
    private readonly proofs: AbsenceProofStore,
  ) {}

  async execute({ familyId, absenceId }: GetAbsenceProofQuery) {
    const state = await this.reads.familyState(familyId);
    if (!state) throw new ApiError('FAMILY_NOT_REGISTERED', 'This family is not registered');
    const absence = state.absences.get(absenceId);
    if (!absence) throw new ApiError('UNKNOWN_ABSENCE', `This family has declared no absence ${absenceId}`);
    const { storageId, sha256, mediaType } = absence.proof;
    const bytes = await this.proofs.read(familyId, storageId, sha256);
    if (!bytes) throw new ApiError('PROOF_NOT_FOUND', 'The proof is no longer kept (erased with the family’s personal data)');
    const extension = mediaType === 'application/pdf' ? 'pdf' : mediaType === 'image/png' ? 'png' : 'jpg';
    return { bytes, mediaType, fileName: `Justificatif ${absence.date} ${absenceId}.${extension}` };
  }
}
