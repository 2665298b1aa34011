import * as fs from 'node:fs';
import * as path from 'node:path';
import { knownKeysAt, MUNICIPALITY_FILE_JSON_SCHEMA_FILE, municipalityFileJsonSchemaText } from './municipality-file.json-schema';

const PACKAGE_ROOT = path.resolve(__dirname, '../..');
const COMMITTED = path.join(PACKAGE_ROOT, MUNICIPALITY_FILE_JSON_SCHEMA_FILE);
const DEMO_FILE = path.join(__dirname, 'demo-municipality.json');

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

// Validation by a JSON Schema validator, as an editor does it: tools/packaging/src/municipality-file-schema.spec.ts.
describe('the municipality file JSON Schema', () => {
  it('is committed as generated from the zod schema (run `npm run build -w @periscol/reservation-domain` after changing the schema)', () => {
    expect(fs.readFileSync(COMMITTED, 'utf8')).toBe(municipalityFileJsonSchemaText());
  });

  it('is shipped by the package: listed in "files" and exported', () => {
    const manifest = readJson(path.join(PACKAGE_ROOT, 'package.json')) as { files: string[]; exports: Record<string, unknown> };
    expect(manifest.files).toContain(MUNICIPALITY_FILE_JSON_SCHEMA_FILE);
    expect(manifest.exports[`./${MUNICIPALITY_FILE_JSON_SCHEMA_FILE}`]).toBe(`./${MUNICIPALITY_FILE_JSON_SCHEMA_FILE}`);
  });

  it("is what the demo file's $schema line points to", () => {
    const demo = readJson(DEMO_FILE) as { $schema: string };
    expect(path.resolve(path.dirname(DEMO_FILE), demo.$schema)).toBe(COMMITTED);
  });

  it('knows the keys allowed at a path, every alternative of a union included', () => {
    expect(knownKeysAt(['activities', 0])).toEqual(expect.arrayContaining(['id', 'label', 'weekdays', 'startTime', 'deadline', 'cancellationDeadline', 'tariffs']));
    expect(knownKeysAt(['activities', 0, 'deadline'])).toEqual(expect.arrayContaining(['daysBefore', 'time', 'workingDays', 'skipWeekdays', 'weekly', 'byWeekday']));
    expect(knownKeysAt(['activities', 0, 'deadline', 'byWeekday', '2'])).toEqual(expect.arrayContaining(['daysBefore', 'weekly']));
    expect(knownKeysAt([])).toEqual(expect.arrayContaining(['$schema', 'formatVersion', 'municipality', 'activities']));
  });
});
