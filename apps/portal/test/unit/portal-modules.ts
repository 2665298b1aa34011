/**
 * The portal's browser modules (plain ES modules in public/js) loaded under Jest, which
 * down-levels them to CommonJS, with the types the tests rely on.
 */
import { join } from 'node:path';

const JS = join(__dirname, '..', '..', 'public', 'js');

export interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function memoryStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

export interface FormatModule {
  formatEuros(cents: number): string;
  addDays(date: string, days: number): string;
  isoWeekday(date: string): number;
  isoWeekOf(date: string): string;
  isIsoWeek(value: string | null): boolean;
  isoWeekMonday(week: string): string;
  isoWeekDates(week: string): string[];
  addWeeks(week: string, weeks: number): string;
  dateInZone(timeZone: string, instant?: Date): string;
  formatDay(date: string, options?: { withYear?: boolean }): string;
  formatCompactDay(date: string): string;
  formatShortDate(date: string): string;
  formatLockedSince(instant: string, timeZone?: string): string;
  formatInstant(instant: string, timeZone?: string, options?: { withYear?: boolean }): string;
  formatDeadline(instant: string, timeZone?: string): string;
  plural(count: number, singular: string, pluralForm?: string): string;
}

export type Slot = { childId: string; activityId: string; date: string };
export interface DraftModule {
  slotKey(slot: Slot): string;
  Draft: new (familyId: string, storage: Storage) => {
    size: number;
    get(slot: Slot): (Slot & { op: string; priceCents?: number }) | undefined;
    toggle(slot: Slot, op: 'reserve' | 'cancel', priceCents?: number): void;
    reserveSlots(): Slot[];
    cancelSlots(): Slot[];
    clear(op?: 'reserve' | 'cancel'): void;
  };
}

export interface ApiErrorLike extends Error {
  status: number;
  code: string;
  details: unknown;
}
export interface ApiModule {
  ApiError: new (status: number, code: string, message: string, details?: unknown) => ApiErrorLike;
  newIdempotencyKey(): string;
  ActionKeys: new (storage: Storage) => { keyFor(scope: string, body: unknown): string; settle(scope: string): void };
  createApi(options: {
    baseUrl?: string;
    getToken: () => string | null;
    onUnauthorized?: () => void;
    keys?: InstanceType<ApiModule['ActionKeys']>;
    wait?: (ms: number) => Promise<void>;
    fetch?: (input: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<Response>;
  }): {
    get<T = unknown>(path: string, options?: { auth?: boolean; token?: string }): Promise<T>;
    query<T = unknown>(path: string, body: unknown, options?: { auth?: boolean; token?: string }): Promise<T>;
    mutate<T = unknown>(scope: string, path: string, body?: unknown): Promise<T>;
    blob(path: string): Promise<Blob>;
  };
}

export interface SessionModule {
  decodeJwtClaims(token: string): Record<string, unknown> | null;
}

export const loadFormat = () => jest.requireActual<FormatModule>(join(JS, 'format.js'));
export const loadDraft = () => jest.requireActual<DraftModule>(join(JS, 'draft.js'));
export const loadApi = () => jest.requireActual<ApiModule>(join(JS, 'api.js'));
export const loadSession = () => jest.requireActual<SessionModule>(join(JS, 'session.js'));
