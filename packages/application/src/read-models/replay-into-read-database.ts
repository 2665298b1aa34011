import { ProjectionRunner, type EventStore, type ProjectionStatus } from '@periscol/event-store';
import type Database from 'better-sqlite3';
import { READ_MODEL_PROJECTIONS } from './read-model-list';

/** Drops every checkpointed projection and the family snapshots of `db`, then replays the store up to its head. */
export async function replayIntoReadDatabase(store: EventStore, db: Database.Database): Promise<{ projections: ProjectionStatus[]; headPosition: number }> {
  const runner = new ProjectionRunner({ store, db, projections: READ_MODEL_PROJECTIONS, onError: () => undefined });
  await runner.rebuild();
  db.exec('DROP TABLE IF EXISTS family_snapshots');
  const headPosition = await store.headPosition();
  runner.start();
  try {
    await runner.waitFor(headPosition);
  } finally {
    await runner.stop();
  }
  return { projections: runner.status(), headPosition };
}
