/**
 * The API's read models, used as they are: its projection list (`READ_MODEL_PROJECTIONS`) and
 * its read databases (`${PERISCOL_DATA_DIR}/read-<instance>.sqlite`, one per API process).
 */
import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Projection } from '@periscol/event-store';
import { OPERATIONS_DATABASE_FILE, openReadDatabase, READ_MODEL_PROJECTIONS } from '@periscol/application';
import type { LiveReadModel } from '../checks/projections.check';

export function apiProjections(): readonly Projection[] {
  return READ_MODEL_PROJECTIONS;
}

/** A new read database file (or `:memory:`) set up as the API sets up its own. */
export function openFreshReadDatabase(file: string): Database.Database {
  return openReadDatabase(file);
}

/** `read-*.sqlite` files of a data folder, in name order. */
export function readDatabaseFiles(dataDir: string): string[] {
  if (!fs.existsSync(dataDir)) return [];
  return fs
    .readdirSync(dataDir)
    .filter((name) => /^read-.+\.sqlite$/.test(name))
    .sort()
    .map((name) => path.join(dataDir, name));
}

/** The API's operations database of a data folder (provider notifications, simulated payment sessions). */
export function operationsDatabaseFile(dataDir: string): string {
  return path.join(dataDir, OPERATIONS_DATABASE_FILE);
}

/** Opens live read databases read-only (an API may be writing them meanwhile). */
export function openLiveReadModels(files: readonly string[]): { readonly models: LiveReadModel[]; close(): void } {
  const models = files.map((file) => ({ name: path.basename(file), db: new Database(file, { readonly: true, fileMustExist: true }) }));
  return {
    models,
    close: () => {
      for (const model of models) model.db.close();
    },
  };
}
