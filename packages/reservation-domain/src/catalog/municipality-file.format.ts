/**
 * The municipality file's format version, and the steps that bring an older file to it.
 *
 * - Format 1: the file before it carried a version (no `formatVersion` key).
 * - Format 2: adds `formatVersion`, `$schema`, an activity's `startTime`, same-day deadlines
 *   (`daysBefore: 0`), `skipWeekdays` and `byWeekday` deadline rules, and the `regie` and
 *   `absences` sections (format-2 keys only: a file without `formatVersion` that has one is refused). Every format-1
 *   file is a valid format-2 file, so its upgrade only stamps the version.
 *
 * A new format that changes the meaning of a key adds a step here (never edits an older one),
 * so every file a town ever wrote still loads to the same catalog.
 */
export const MUNICIPALITY_FILE_FORMAT_VERSION = 2;

type Upgrade = (file: Record<string, unknown>) => Record<string, unknown>;

/** UPGRADES[n] turns a format-n file into a format-(n+1) file. */
const UPGRADES: Readonly<Record<number, Upgrade>> = {
  1: (file) => ({ ...file, formatVersion: 2 }),
};

/** Sections a file may only have from this format on (a file declaring an older one is refused, not guessed at). */
const SECTIONS_SINCE: Readonly<Record<string, number>> = { regie: 2, absences: 2 };

export type FormatProblem = { path: ['formatVersion'] | [string]; message: string };

/**
 * The file brought to the current format, or why it cannot be: a version that is not a whole
 * number, or one newer than this package reads. Anything that is not an object is returned as it
 * is, for the schema to refuse.
 */
export function upgradeMunicipalityFile(input: unknown): { file: unknown } | { problem: FormatProblem } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { file: input };
  let file = input as Record<string, unknown>;
  const declared = 'formatVersion' in file ? file['formatVersion'] : 1;
  if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 1) {
    return { problem: { path: ['formatVersion'], message: `formatVersion must be a whole number from 1 to ${MUNICIPALITY_FILE_FORMAT_VERSION} (write "formatVersion": ${MUNICIPALITY_FILE_FORMAT_VERSION})` } };
  }
  if (declared > MUNICIPALITY_FILE_FORMAT_VERSION) {
    return {
      problem: {
        path: ['formatVersion'],
        message: `this file is written for format ${declared}, newer than this Periscol reads (${MUNICIPALITY_FILE_FORMAT_VERSION}): update @periscol/reservation-domain`,
      },
    };
  }
  for (const [section, since] of Object.entries(SECTIONS_SINCE)) {
    if (section in file && declared < since) {
      return { problem: { path: [section], message: `the "${section}" section needs format ${since}: add "formatVersion": ${MUNICIPALITY_FILE_FORMAT_VERSION} at the top of the file` } };
    }
  }
  for (let version = declared; version < MUNICIPALITY_FILE_FORMAT_VERSION; version++) {
    const upgrade = UPGRADES[version];
    if (!upgrade) throw new Error(`no upgrade from municipality file format ${version}`);
    file = upgrade(file);
  }
  return { file };
}
