import { EventStore, openEventStore, ProjectionRunner, ProjectionStatus } from '@periscol/event-store';
import type Database from 'better-sqlite3';
import { loadConfig } from '../config/app-config';
import { READ_MODEL_PROJECTIONS } from './projections';
import { openReadDatabase, readDatabaseFile } from './read-database';

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

/**
 * The read database of one API instance rebuilt offline (stop that instance first):
 * `node apps/api/dist/read-models/rebuild-read-database.js`, configured by the same environment
 * as the API (PERISCOL_DATA_DIR, PERISCOL_INSTANCE_ID, EVENTSTORE_CONNECTION_STRING).
 */
export async function rebuildReadDatabase(env: Readonly<Record<string, string | undefined>>): Promise<{ file: string; projections: ProjectionStatus[]; headPosition: number }> {
  const config = loadConfig(env, { demoByDefault: true });
  const store = await openEventStore({ dataDir: config.dataDir, eventStoreConnectionString: config.eventStoreConnectionString ?? undefined });
  const file = readDatabaseFile(config);
  const db = openReadDatabase(file);
  try {
    return { file, ...(await replayIntoReadDatabase(store, db)) };
  } finally {
    db.close();
    await store.close();
  }
}

if (require.main === module) {
  rebuildReadDatabase(process.env)
    .then(({ file, projections, headPosition }) => {
      process.stdout.write(`Rebuilt ${file} up to position ${headPosition}: ${projections.map((p) => `${p.name} v${p.version}`).join(', ')}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`Rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
