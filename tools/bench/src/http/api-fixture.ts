/**
 * Prepares the running API for the load: an admin demo token, bench families (each with
 * children enrolled in every activity), a parent token per family, and the (activity, date)
 * pairs the API itself shows as `free` in the planning — so every reservation request of the
 * load is bookable. Any answer that is not the contract's becomes an `ApiUnavailableError`.
 */
import { ApiUnavailableError } from './child-processes';
import type { BenchFamily, ServiceDay } from './slot-plan';

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

interface CatalogBody {
  readonly schoolYear: { readonly start: string; readonly end: string };
  readonly activities: readonly { readonly id: string }[];
}

interface FamilyBody {
  readonly familyId: string;
  readonly children: readonly { readonly childId: string }[];
}

interface PlanningBody {
  readonly children: readonly {
    readonly childId: string;
    readonly days: readonly { readonly date: string; readonly slots: readonly { readonly activityId: string; readonly status: string }[] }[];
  }[];
}

export interface ApiFixture {
  readonly families: readonly BenchFamily[];
  readonly days: readonly ServiceDay[];
}

export interface FixtureOptions {
  readonly families: number;
  /** Tells this run's Idempotency-Keys apart from any other's. */
  readonly runId: string;
  readonly parallel?: number;
}

const GRADES = ['CP', 'CE1', 'CE2', 'CM1', 'CM2'];
const EARLIEST_DATE = '2027-01-01';

class Api {
  constructor(private readonly base: string) {}

  async call(method: string, path: string, options: { token?: string; body?: unknown; key?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.key) headers['idempotency-key'] = options.key;
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new ApiUnavailableError(`${method} ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the error message
    }
    return { status: res.status, body };
  }

  /** `call`, refusing any status but `expected` with a line that says what came back. */
  async expect(expected: number[], method: string, path: string, options?: Parameters<Api['call']>[2]): Promise<unknown> {
    const answer = await this.call(method, path, options);
    if (!expected.includes(answer.status)) {
      const shown = JSON.stringify(answer.body).slice(0, 300);
      throw new ApiUnavailableError(`${method} ${path.split('?')[0]} answered ${answer.status} ${shown}`);
    }
    return answer.body;
  }
}

async function inParallel<T, R>(items: readonly T[], parallel: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

function tokenOf(body: unknown, what: string): string {
  const token = (body as { token?: unknown } | null)?.token;
  if (typeof token !== 'string' || !token) throw new ApiUnavailableError(`${what} answered no token`);
  return token;
}

const DAY_MS = 86_400_000;

/** ISO 8601 week of a `YYYY-MM-DD` date, e.g. `2027-W10`. */
export function isoWeekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(day.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Every ISO week touching [start, end], in order. */
export function isoWeeksBetween(start: string, end: string): string[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  const monday = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY_MS;
  const weeks: string[] = [];
  for (let t = monday; t <= Date.parse(`${end}T00:00:00Z`); t += 7 * DAY_MS) weeks.push(isoWeekOf(new Date(t).toISOString().slice(0, 10)));
  return weeks;
}

export async function prepareApi(base: string, options: FixtureOptions): Promise<ApiFixture> {
  const api = new Api(base);
  const parallel = options.parallel ?? 8;
  const admin = tokenOf(await api.expect([200, 201], 'POST', '/api/auth/demo-token', { body: { role: 'admin' } }), 'POST /api/auth/demo-token (admin)');

  const catalog = (await api.expect([200], 'GET', '/api/catalog', { token: admin })) as CatalogBody;
  const activityIds = catalog.activities?.map((activity) => activity.id) ?? [];
  if (activityIds.length === 0 || !catalog.schoolYear) throw new ApiUnavailableError('GET /api/catalog lists no activities or no school year');

  const numbers = Array.from({ length: options.families }, (_, n) => n);
  const families = await inParallel(numbers, parallel, async (n): Promise<BenchFamily> => {
    const body = {
      name: `Famille Banc ${n}`,
      email: `banc-${n}@example.test`,
      resident: true,
      quotientFamilial: 900,
      children: [0, 1].map((c) => ({
        firstName: c === 0 ? 'Léa' : 'Noé',
        lastName: `Banc ${n}`,
        school: `École ${n % 4 === 0 ? 'Jules Ferry' : 'Victor Hugo'}`,
        grade: GRADES[(n + c) % GRADES.length],
        activityIds,
      })),
    };
    const family = (await api.expect([201], 'POST', '/api/admin/families', { token: admin, body, key: `bench-${options.runId}-family-${n}` })) as FamilyBody;
    if (typeof family?.familyId !== 'string' || family.children?.length !== 2) {
      throw new ApiUnavailableError(`POST /api/admin/families answered no familyId or not 2 children: ${JSON.stringify(family).slice(0, 300)}`);
    }
    const token = tokenOf(
      await api.expect([200, 201], 'POST', '/api/auth/demo-token', { body: { role: 'parent', familyId: family.familyId } }),
      'POST /api/auth/demo-token (parent)',
    );
    return { familyId: family.familyId, token, childIds: family.children.map((child) => child.childId) };
  });

  // Every bench family is alike and has reserved nothing yet: the first one's planning says
  // which (activity, date) pairs are free for all of them (status `free` for both children).
  const probe = families[0];
  const weeks = isoWeeksBetween(catalog.schoolYear.start, catalog.schoolYear.end);
  const plannings = await inParallel(weeks, parallel, (week) =>
    api.expect([200], 'GET', `/api/families/${probe.familyId}/planning?week=${week}`, { token: probe.token }) as Promise<PlanningBody>,
  );
  // Dates in 2027 and two weeks away at least: no deadline can pass while the bench runs.
  const earliest = [EARLIEST_DATE, new Date(Date.now() + 14 * DAY_MS).toISOString().slice(0, 10)].sort()[1];
  const days: ServiceDay[] = [];
  for (const planning of plannings) {
    const freeFor = new Map<string, number>();
    for (const child of planning.children ?? []) {
      for (const day of child.days ?? []) {
        for (const slot of day.slots ?? []) {
          if (slot.status === 'free') freeFor.set(`${slot.activityId}|${day.date}`, (freeFor.get(`${slot.activityId}|${day.date}`) ?? 0) + 1);
        }
      }
    }
    for (const [key, count] of freeFor) {
      if (count !== probe.childIds.length) continue;
      const [activityId, date] = key.split('|');
      if (date >= earliest) days.push({ activityId, date });
    }
  }
  if (days.length === 0) throw new ApiUnavailableError(`the planning of ${probe.familyId} shows no free slot from ${earliest} in ${weeks[0]}..${weeks[weeks.length - 1]}`);
  days.sort((a, b) => a.date.localeCompare(b.date) || a.activityId.localeCompare(b.activityId));
  return { families, days };
}
