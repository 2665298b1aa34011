import fc from 'fast-check';
import { demoCatalog } from '../catalog';
import { InstantSchema, isIsoDate } from '../shared';
import { playScenario, scenarioArb } from '../testing';
import { FamilyCommandSchema } from './family.command-schema';
import { isCalendarDate, isCanonicalInstant } from './internal/command-fields';
import { isWellFormedFamilyCommand } from './internal/command-validator';
import { createFamilyDecider } from './family.decide';

const now = '2026-09-07T08:00:00.000Z';
const issuesOf = (command: unknown) => {
  const parsed = FamilyCommandSchema.safeParse(command);
  return parsed.success ? [] : parsed.error.issues.map((issue: { path: PropertyKey[]; message: string }) => ({ path: issue.path.join('.'), message: issue.message }));
};

describe('family command schemas', () => {
  it('isCalendarDate accepts exactly what IsoDateSchema accepts', () => {
    const digit = fc.constantFrom(...'0123456789');
    const nearDate = fc
      .tuple(fc.array(digit, { minLength: 4, maxLength: 4 }), fc.array(digit, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 2, maxLength: 2 }), fc.constantFrom('-', '-', '/'))
      .map(([y, m, d, sep]) => `${y.join('')}${sep}${m.join('')}-${d.join('')}`);
    const realDate = fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.oneof(nearDate, realDate, fc.string({ maxLength: 12 })), (text) => expect(isCalendarDate(text)).toBe(isIsoDate(text))),
      { numRuns: 3000 },
    );
    for (const text of ['2028-02-29', '2027-02-29', '2100-02-29', '2000-02-29', '0999-12-31', '2026-13-01', '2026-04-31']) {
      expect(isCalendarDate(text)).toBe(isIsoDate(text));
    }
  });

  it('isCanonicalInstant accepts exactly what InstantSchema accepts', () => {
    const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const nearInstant = fc
      .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), fc.constantFrom('', '.', '.5', '.123', '.1234567'), fc.constantFrom('Z', 'Z', 'z', '+00:00', ''))
      .map(([y, mo, d, h, mi, s, f, z]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${f}${z}`);
    const realInstant = fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.oneof(nearInstant, realInstant, fc.string({ maxLength: 30 })), (text) =>
        expect(isCanonicalInstant(text)).toBe(InstantSchema.safeParse(text).success),
      ),
      { numRuns: 3000 },
    );
  });

  it('the fast predicate accepts exactly what the zod schema accepts', () => {
    const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
    const commands = fc.sample(scenarioArb({ maxSteps: 15 }), { numRuns: 30, seed: 7 }).flatMap((scenario) =>
      playScenario(decider, demoCatalog, scenario).steps.map((step) => step.command),
    );
    const junk = fc.oneof(fc.anything(), fc.string({ maxLength: 3 }), fc.constant(''), fc.constant('x'.repeat(201)), fc.double(), fc.constant(null));
    const mutate = (value: unknown, path: (string | number)[], replacement: unknown, drop: boolean): unknown => {
      if (path.length === 0) return replacement;
      if (typeof value !== 'object' || value === null) return value;
      const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string | number, unknown>;
      const [head, ...rest] = path;
      if (drop && rest.length === 0) delete copy[head];
      else copy[head] = mutate(copy[head], rest, replacement, drop);
      return copy;
    };
    const paths = (value: unknown, prefix: (string | number)[] = []): (string | number)[][] =>
      typeof value === 'object' && value !== null
        ? [prefix, ...Object.entries(value).flatMap(([key, inner]) => paths(inner, [...prefix, Array.isArray(value) ? Number(key) : key]))]
        : [prefix];
    const outcomes = new Set<boolean>();
    fc.assert(
      fc.property(fc.constantFrom(...commands), fc.nat(), junk, fc.boolean(), fc.boolean(), (command, pick, replacement, drop, keep) => {
        const all = paths(command);
        const candidate = keep ? command : mutate(command, all[pick % all.length], replacement, drop);
        const accepted = FamilyCommandSchema.safeParse(candidate).success;
        outcomes.add(accepted);
        expect(isWellFormedFamilyCommand(candidate)).toBe(accepted);
      }),
      { numRuns: 3000 },
    );
    expect([...outcomes].sort()).toEqual([false, true]);
    expect(new Set(commands.map((c) => c.type)).size).toBeGreaterThanOrEqual(12);
  });

  it('reports each bad field with its path', () => {
    expect(
      issuesOf({
        type: 'RequestReservation',
        data: {
          orderId: '',
          slots: [
            { childId: 'c1', activityId: 'restauration', date: '2026-09-14' },
            { childId: 'x'.repeat(201), activityId: 'restauration', date: '2026-02-30' },
          ],
          pricing: { quotientFamilial: -1 },
        },
        metadata: { now },
      }),
    ).toEqual([
      { path: 'data.orderId', message: 'Expected an id of 1 to 200 characters' },
      { path: 'data.slots.1.childId', message: 'Expected an id of 1 to 200 characters' },
      { path: 'data.slots.1.date', message: 'Expected a calendar date YYYY-MM-DD from 2000-01-01 to 2100-12-31' },
      { path: 'data.pricing.quotientFamilial', message: 'Expected a quotient familial from 0 to 1000000, or null' },
    ]);
    expect(issuesOf({ type: 'EnrolChild', data: { childId: 'c1', activityIds: ['a', 'a'] }, metadata: { now } })).toEqual([
      { path: 'data.activityIds', message: 'activityIds must not repeat an activity' },
    ]);
    expect(issuesOf({ type: 'RefundCredit', data: { refundId: 'r', amountCents: 1, reference: ' ' }, metadata: { now } })).toEqual([
      { path: 'data.reference', message: 'Expected a text of 1 to 500 characters' },
    ]);
    expect(issuesOf({ type: 'ExpireOrder', data: { orderId: 'o' }, metadata: { now: '2026-09-07 08:00' } }).map((i: { path: string }) => i.path)).toEqual(['metadata.now']);
  });

  it('accepts a valid command as it is, reading only `now` from the metadata', () => {
    const command = { type: 'ConfirmWithCredit', data: { orderId: 'o1' }, metadata: { now, correlationId: 'c', actor: { role: 'parent' } } };
    expect(FamilyCommandSchema.parse(command)).toEqual({ ...command, metadata: { now } });
    const request = { type: 'RequestReservation', data: { orderId: 'o1', slots: [{ childId: 'c1', activityId: 'a', date: '2026-09-14' }], pricing: { quotientFamilial: null } }, metadata: { now } };
    expect(FamilyCommandSchema.parse(request)).toEqual(request);
  });

  it('refuses slots that are not slot objects', () => {
    const command = (slots: unknown): unknown => ({ type: 'CancelReservation', data: { cancellationId: 'x', creditId: 'c', slots }, metadata: { now } });
    expect(issuesOf(command([null, 'c1|a|2026-09-14', { childId: 'c1', activityId: 'a' }])).map((i: { path: string }) => i.path)).toEqual([
      'data.slots.0',
      'data.slots.1',
      'data.slots.2.date',
    ]);
    expect(issuesOf(command('all')).map((i: { path: string }) => i.path)).toEqual(['data.slots']);
  });

  it('refuses dates that do not exist or lie outside 2000–2100, in slots, closures and `now`', () => {
    const request = (date: string, at = now) => ({
      type: 'RequestReservation',
      data: { orderId: 'o1', slots: [{ childId: 'c1', activityId: 'restauration', date }], pricing: { quotientFamilial: null } },
      metadata: { now: at },
    });
    const close = (date: string) => ({ type: 'CloseServiceDay', data: { activityId: 'restauration', date, reason: 'Grève', cancellationId: 'k', creditId: 'kc' }, metadata: { now } });
    for (const date of ['0000-01-01', '1000-01-06', '1999-12-31', '2101-01-03', '9999-12-31', '2027-02-29']) {
      expect(isWellFormedFamilyCommand(request(date))).toBe(false);
      expect(issuesOf(request(date)).map((i: { path: string }) => i.path)).toEqual(['data.slots.0.date']);
      expect(isWellFormedFamilyCommand(close(date))).toBe(false);
      expect(issuesOf(close(date)).map((i: { path: string }) => i.path)).toEqual(['data.date']);
    }
    for (const at of ['0000-01-01T00:00:00Z', '1999-12-31T23:59:59.999Z', '2101-01-01T00:00:00Z', '9999-12-31T23:59:59Z']) {
      expect(isWellFormedFamilyCommand(request('2026-09-14', at))).toBe(false);
      expect(issuesOf(request('2026-09-14', at)).map((i: { path: string }) => i.path)).toEqual(['metadata.now']);
    }
    for (const date of ['2000-01-01', '2100-12-31', '2028-02-29']) {
      expect(isWellFormedFamilyCommand(request(date))).toBe(true);
      expect(isWellFormedFamilyCommand(close(date))).toBe(true);
    }
    expect(isWellFormedFamilyCommand(request('2026-09-14', '2100-12-31T23:59:59.999Z'))).toBe(true);
  });
});
