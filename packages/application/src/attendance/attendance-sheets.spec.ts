/**
 * R20 with R17: the day's list joins the marks with the children's identities; once a family's
 * personal data is erased its child's mark stays, with no name, and the marks never held one.
 * Real runners and read models (SQLite in memory), the in-memory event store.
 */
import { InMemoryEventStore } from '@periscol/event-store';
import { familyCommand } from '@periscol/reservation-domain/testing';
import { isLeft, isRight, type Either } from 'fp-ts/Either';
import { CatalogSource } from '../catalog/catalog-source';
import { SYSTEM_ACTOR } from '../commands/command-context';
import { FamilyCommandRunner } from '../commands/family-command.runner';
import { PersonCommandRunner } from '../commands/person-command.runner';
import { ReadModels } from '../read-models/read-models';
import { FamilySnapshots } from '../snapshots/family-snapshots';
import { attendanceStreamId, personStreamId } from '../streams/stream-names';
import { AttendanceSheets } from './attendance-sheets';

const AT = '2026-09-01T08:00:00.000Z';
const MONDAY = '2026-09-14';
const LUNCH = '2026-09-14T10:00:00.000Z';
const SCHOOL = 'École Jules-Ferry';

describe('the list of a day, and an erased family', () => {
  it('shows the names until the family is erased, then the mark alone', async () => {
    const store = new InMemoryEventStore();
    const catalogs = new CatalogSource(store, null);
    const readModels = new ReadModels({ store, file: ':memory:' });
    await readModels.start();
    try {
      const snapshots = new FamilySnapshots(readModels, store);
      const families = new FamilyCommandRunner(store, { holdMinutes: 60 }, catalogs, snapshots, readModels);
      const persons = new PersonCommandRunner(store, readModels);
      const ctx = (key: string) => ({ idempotencyKey: key, actor: SYSTEM_ACTOR });
      const ok = (result: Either<unknown, unknown>) => {
        if (isLeft(result)) throw new Error(JSON.stringify(result.left));
      };
      ok(await families.run('f1', familyCommand('RegisterFamily', { familyId: 'f1', resident: true }, AT), ctx('register')));
      ok(await families.run('f1', familyCommand('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, AT), ctx('enrol')));
      ok(await persons.run('f1', { type: 'RecordFamilyIdentity', data: { familyId: 'f1', name: 'Famille Durand', email: 'durand@exemple.fr' }, metadata: { now: AT } }, ctx('identity')));
      ok(await persons.run('f1', { type: 'RecordChildIdentity', data: { childId: 'c1', firstName: 'Zoé', lastName: 'Durand', school: SCHOOL, grade: 'CP' }, metadata: { now: AT } }, ctx('child')));
      const sheets = new AttendanceSheets(store, catalogs, snapshots, readModels);

      const found = await sheets.searchEnrolled(MONDAY, 'restauration', SCHOOL, 'zo');
      expect(isRight(found) && found.right.map((child) => [child.childId, child.reserved])).toEqual([['c1', false]]);
      expect(isRight(await sheets.mark(MONDAY, 'restauration', [{ familyId: 'f1', childId: 'c1', status: 'present', expected: null }], LUNCH, { idempotencyKey: 'k1', actor: { userId: 'agent-1', role: 'agent' } }))).toBe(true);
      const before = await sheets.sheet(MONDAY, 'restauration', SCHOOL);
      expect(isRight(before) && before.right.children.map((c) => [c.firstName, c.lastName, c.reserved, c.mark?.status])).toEqual([['Zoé', 'Durand', false, 'present']]);
      expect(isRight(before) && before.right.counts).toEqual({ reserved: 0, present: 1, absent: 0, unmarked: 0, presentWithoutReservation: 1 });

      ok(await families.run('f1', familyCommand('RecordPersonalDataErased', { reason: 'Fin de la durée de conservation' }, LUNCH), ctx('erase')));
      await store.deleteStream(personStreamId('f1'));
      const after = await sheets.sheet(MONDAY, 'restauration', null);
      expect(isRight(after) && after.right.children).toEqual([
        { familyId: 'f1', childId: 'c1', firstName: null, lastName: null, school: null, grade: null, reserved: false, mark: { status: 'present', reserved: false, agentId: 'agent-1', markedAt: LUNCH } },
      ]);
      expect(await sheets.presentWithoutReservation(MONDAY, 'restauration')).toEqual([expect.objectContaining({ familyId: 'f1', childId: 'c1' })]);
      expect(JSON.stringify((await store.readStream(attendanceStreamId('restauration', MONDAY))).events)).not.toMatch(/Zoé|Durand|Jules/);
    } finally {
      await readModels.stop();
      readModels.close();
      await store.close();
    }
  });
});
