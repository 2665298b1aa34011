/**
 * The city-year's SQLite file, generated once per generator version and parameters and kept
 * under the OS temp dir (`periscol-city-year-v<version>-f<families>-s<seed>-c<closures>/`):
 * `events.sqlite`, and `city-year.json` (what it holds, how long it took) written last, so an
 * interrupted generation is started again rather than reused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import { demoCatalog, type Catalog } from '@periscol/reservation-domain';
import { CITY_YEAR_GENERATOR_VERSION, generateCityYear, type CityYearParameters, type CityYearSummary } from './city-year.generator';

export interface CityYearFile {
  readonly file: string;
  readonly summary: CityYearSummary & { readonly generationSeconds: number; readonly fileBytes: number };
  /** False when the cached file was reused. */
  readonly generated: boolean;
}

/** 40,000 families, about 100,000 children. */
export const CITY_FAMILIES = 40_000;

export function cityYearDir(parameters: CityYearParameters, root = os.tmpdir()): string {
  return path.join(root, `periscol-city-year-v${CITY_YEAR_GENERATOR_VERSION}-f${parameters.families}-s${parameters.seed}-c${parameters.closures ?? 3}`);
}

export async function cityYearFile(
  parameters: CityYearParameters,
  options: { readonly root?: string; readonly catalog?: Catalog; readonly onProgress?: (events: number, at: string) => void } = {},
): Promise<CityYearFile> {
  const dir = cityYearDir(parameters, options.root);
  const file = path.join(dir, 'events.sqlite');
  const marker = path.join(dir, 'city-year.json');
  if (fs.existsSync(marker) && fs.existsSync(file)) return { file, summary: JSON.parse(fs.readFileSync(marker, 'utf8')) as CityYearFile['summary'], generated: false };

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let now = new Date(0);
  const store = new SqliteEventStore(file, { clock: () => now, maxAppendsPerCommit: 5000 });
  const started = process.hrtime.bigint();
  let summary: CityYearSummary;
  try {
    summary = await generateCityYear(store, parameters, {
      catalog: options.catalog ?? demoCatalog,
      setClock: (instant) => {
        now = new Date(instant);
      },
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    await store.close();
  }
  const generationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const fileBytes = fs.readdirSync(dir).reduce((total, name) => total + fs.statSync(path.join(dir, name)).size, 0);
  const full = { ...summary, generationSeconds, fileBytes };
  fs.writeFileSync(marker, `${JSON.stringify(full, null, 2)}\n`);
  return { file, summary: full, generated: true };
}
