import { openEventStore, type ProjectionStatus } from '@periscol/event-store';
import { openReadDatabase, readDatabaseFile, replayIntoReadDatabase } from '@periscol/application';
import { loadConfig } from '../platform/config/app-config';

/**
 * The read database of one API instance rebuilt offline (stop that instance first):
 * `node apps/api/dist/audit/rebuild-read-database.js`, configured by the same environment
 * as the API (PERISCOL_DATA_DIR, PERISCOL_INSTANCE_ID, EVENTSTORE_CONNECTION_STRING).
 */
export async function rebuildReadDatabase(env: Readonly<Record<string, string | undefined>>): Promise<{ file: string; projections: ProjectionStatus[]; headPosition: number }> {
  const config = loadConfig(env, { demoByDefault: true });
  const store = await openEventStore({ dataDir: config.dataDir, eventStoreConnectionString: config.eventStoreConnectionString ?? undefined, postgresConnectionString: config.postgresConnectionString ?? undefined });
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
