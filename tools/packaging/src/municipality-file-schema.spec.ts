/**
 * The municipality file's JSON Schema, as shipped in @periscol/reservation-domain, read by a
 * draft 2020-12 validator the way an editor reads it: the demo file, every town example and the
 * new deadline shapes are valid; typical mistakes are flagged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MUNICIPALITY_FILE_JSON_SCHEMA_FILE } from '@periscol/reservation-domain';
import { REPO_ROOT } from './publishable-packages';

const DOMAIN = path.join(REPO_ROOT, 'packages/reservation-domain');
const DEMO_FILE = path.join(DOMAIN, 'src/catalog/demo-municipality.json');
const TOWN_EXAMPLES = path.join(DOMAIN, 'examples/towns');

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
type AjvClass = new (options: Record<string, unknown>) => { compile(schema: object): Validate; addFormat(name: string, format: RegExp): unknown };

const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

/** Ajv 8 (draft 2020-12), the validator editors embed. */
function validator(): Validate {
  const Ajv2020 = (require('ajv/dist/2020') as { default: AjvClass }).default;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('email', /^[^@\s]+@[^@\s]+$/);
  return ajv.compile(readJson(path.join(DOMAIN, MUNICIPALITY_FILE_JSON_SCHEMA_FILE)));
}

function demoWith(change: (activity: Record<string, unknown>) => void): Record<string, unknown> {
  const file = readJson(DEMO_FILE);
  change((file['activities'] as Record<string, unknown>[])[0]);
  return file;
}

describe('the shipped municipality file JSON Schema', () => {
  const validate = validator();

  it('validates the demo file, its format-1 spelling, the deadline shapes and every town example', () => {
    const { $schema: _schema, formatVersion: _version, ...formatOne } = readJson(DEMO_FILE);
    const files: [string, unknown][] = [
      ['demo', readJson(DEMO_FILE)],
      ['demo, format 1', formatOne],
      [
        'deadline shapes',
        demoWith((activity) => {
          activity['startTime'] = '11:45';
          activity['deadline'] = { byWeekday: { '1': { daysBefore: 2, time: '09:00', workingDays: true, skipWeekdays: [3] }, '2': { weekly: { weekday: 2, time: '17:59' } }, '4': { daysBefore: 1, time: '11:59' }, '5': { daysBefore: 1, time: '11:59' } } };
          activity['cancellationDeadline'] = { daysBefore: 0, time: '08:30' };
        }),
      ],
    ];
    if (fs.existsSync(TOWN_EXAMPLES)) {
      for (const name of fs.readdirSync(TOWN_EXAMPLES).filter((file) => file.endsWith('.json'))) files.push([name, readJson(path.join(TOWN_EXAMPLES, name))]);
    }
    for (const [name, file] of files) {
      const valid = validate(file);
      expect({ name, errors: valid ? null : validate.errors }).toEqual({ name, errors: null });
    }
  });

  it.each<[string, Record<string, unknown>]>([
    ['a misspelt key', demoWith((activity) => (activity['deadlin'] = activity['deadline']))],
    ['a price in euros', demoWith((activity) => (((activity['tariffs'] as Record<string, unknown>[])[0]['brackets'] as Record<string, unknown>[])[0]['priceCents'] = 3.5))],
    ['a French time', demoWith((activity) => (activity['deadline'] = { daysBefore: 1, time: '18h' }))],
    ['a weekday by name', demoWith((activity) => (activity['weekdays'] = ['lundi']))],
    ['a French date', { ...readJson(DEMO_FILE), schoolYear: { start: '01/09/2026', end: '2027-07-03' } }],
    ['a newer format', { ...readJson(DEMO_FILE), formatVersion: 3 }],
  ])('flags %s', (_mistake, file) => {
    expect(validate(file)).toBe(false);
  });
});
