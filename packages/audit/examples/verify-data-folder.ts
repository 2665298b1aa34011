// The auditors' checks as a library: verify a copy of a town's SQLite data folder — events.sqlite
// with the API's read-*.sqlite and operations.sqlite beside it — as `periscol-audit verify` does.
//   node verify-data-folder.js <data folder> [<municipality file>]
import * as path from 'node:path';
import { loadMunicipalityCatalog } from '@periscol/application';
import { operationsDatabaseFile, readDatabaseFiles, sqliteRowLocator, verifyPeriscol } from '@periscol/audit';
import { SqliteEventStore } from '@periscol/event-store/sqlite';

const [dataDir = './var', municipalityFile] = process.argv.slice(2);
const file = path.join(dataDir, 'events.sqlite');
const store = new SqliteEventStore(file);
try {
  const report = await verifyPeriscol(store, {
    catalog: loadMunicipalityCatalog(municipalityFile ?? null), // null: the demo municipality
    readDatabaseFiles: readDatabaseFiles(dataDir), // compared with a fresh replay
    operationsDatabaseFile: operationsDatabaseFile(dataDir), // payments the providers reported
    locateUnreadable: sqliteRowLocator(file), // a damaged row is named by stream and position
  });
  for (const check of report.checks) console.log(`${check.ok ? 'OK  ' : 'FAIL'}  ${check.name}: ${check.detail}`);
  console.log(`${report.eventsChecked} events checked: ${report.ok ? 'clean' : 'violations found'}`);
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await store.close();
}
