import { Module } from '@nestjs/common';
import { DecideAbsenceHandler, DeclareAbsenceHandler } from './absence.commands';
import { AbsenceProofStore } from './absence-proof-store';
import { AbsencesController } from './absences.controller';
import { GetAbsenceProofHandler, ListAbsencesHandler, ListFamilyAbsencesHandler } from './list-absences.query';

/** The proof store alone, for the erasure of personal data (R17) to import. */
@Module({ providers: [AbsenceProofStore], exports: [AbsenceProofStore] })
export class AbsenceProofsModule {}

@Module({
  imports: [AbsenceProofsModule],
  controllers: [AbsencesController],
  providers: [DeclareAbsenceHandler, DecideAbsenceHandler, ListFamilyAbsencesHandler, ListAbsencesHandler, GetAbsenceProofHandler],
})
export class AbsencesModule {}
