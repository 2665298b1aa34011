import * as E from 'fp-ts/Either';
import demoMunicipalityJson from './demo-municipality.json';
import { loadCatalog } from './load-catalog';
import { MUNICIPALITY_FILE_FORMAT_VERSION, upgradeMunicipalityFile } from './municipality-file.format';

/** The demo file as it was written before files carried a version (format 1, which had no `regie` nor `absences` section). */
function formatOneDemo(): Record<string, unknown> {
  const { $schema: _schema, formatVersion: _version, regie: _regie, absences: _absences, ...file } = JSON.parse(JSON.stringify(demoMunicipalityJson)) as Record<string, unknown>;
  return file;
}

/** The demo file in format 2, without its régie nor its absence rule. */
function formatTwoDemoWithoutRegie(): Record<string, unknown> {
  const { regie: _regie, absences: _absences, ...file } = JSON.parse(JSON.stringify(demoMunicipalityJson)) as Record<string, unknown>;
  return file;
}

const catalogOf = (file: unknown) => {
  const result = loadCatalog(file);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};
const messageOf = (file: unknown) => {
  const result = loadCatalog(file);
  if (E.isRight(result)) throw new Error('expected a refusal');
  return result.left.message;
};

describe('municipality file format versions', () => {
  it('is at format 2', () => {
    expect(MUNICIPALITY_FILE_FORMAT_VERSION).toBe(2);
  });

  it('loads a format-1 file (no formatVersion) to the same catalog as its format-2 spelling', () => {
    const formatOne = formatOneDemo();
    expect(formatOne).not.toHaveProperty('formatVersion');
    expect(JSON.stringify(catalogOf(formatOne))).toBe(JSON.stringify(catalogOf(formatTwoDemoWithoutRegie())));
    expect(JSON.stringify(catalogOf({ ...formatOne, formatVersion: 1 }))).toBe(JSON.stringify(catalogOf(formatTwoDemoWithoutRegie())));
  });

  it('refuses a `regie` section in a format-1 file, saying to state format 2', () => {
    const { regie } = JSON.parse(JSON.stringify(demoMunicipalityJson)) as Record<string, unknown>;
    expect(messageOf({ ...formatOneDemo(), regie })).toMatch(/^Invalid municipality file — regie: the "regie" section needs format 2: add "formatVersion": 2 at the top of the file/);
    expect(messageOf({ ...formatOneDemo(), formatVersion: 1, regie })).toMatch(/regie: the "regie" section needs format 2/);
  });

  it('refuses an `absences` section in a format-1 file, saying to state format 2', () => {
    const { absences } = JSON.parse(JSON.stringify(demoMunicipalityJson)) as Record<string, unknown>;
    expect(messageOf({ ...formatOneDemo(), absences })).toMatch(/absences: the "absences" section needs format 2/);
  });

  it('upgrades format 1 by stamping the version, without touching the input', () => {
    const formatOne = formatOneDemo();
    const before = JSON.stringify(formatOne);
    expect(upgradeMunicipalityFile(formatOne)).toEqual({ file: { ...formatOne, formatVersion: 2 } });
    expect(JSON.stringify(formatOne)).toBe(before);
  });

  it('refuses a file of a newer format, saying to update the package', () => {
    expect(messageOf({ ...formatOneDemo(), formatVersion: 3 })).toMatch(/^Invalid municipality file — formatVersion: this file is written for format 3, newer than this Periscol reads \(2\): update @periscol\/reservation-domain/);
  });

  it.each([['2'], [2.5], [0], [null]])('refuses formatVersion %p, naming the value to write', (formatVersion) => {
    expect(messageOf({ ...formatOneDemo(), formatVersion })).toMatch(/formatVersion: formatVersion must be a whole number from 1 to 2 \(write "formatVersion": 2\)/);
  });

  it('leaves what is not an object to the schema', () => {
    expect(upgradeMunicipalityFile([])).toEqual({ file: [] });
    expect(messageOf('not a file')).toMatch(/^Invalid municipality file — \(root\): /);
  });
});
