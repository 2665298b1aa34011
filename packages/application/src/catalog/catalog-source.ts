import * as fs from 'node:fs';
import type { EventStore } from '@periscol/event-store';
import { ActivityClosure, Catalog, demoCatalog, loadCatalog, readServiceDayClosed, withClosures } from '@periscol/reservation-domain';
import { isLeft } from 'fp-ts/Either';
import { CLOSURES_STREAM } from '../streams/stream-names';

export class CatalogLoadError extends Error {
  readonly code = 'INVALID_CATALOG';
}

/** The municipality file named by the configuration, or the demo municipality. Throws a readable error. */
export function loadMunicipalityCatalog(file: string | null): Catalog {
  if (file === null) return demoCatalog;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CatalogLoadError(`PERISCOL_MUNICIPALITY_FILE: ${file} is not readable JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const loaded = loadCatalog(json);
  if (isLeft(loaded)) throw new CatalogLoadError(`PERISCOL_MUNICIPALITY_FILE: ${loaded.left.message}`);
  return loaded.right;
}

/**
 * Holds the catalog: loaded once at start-up (never per request), closures applied as they are
 * recorded in `catalog-closures`. `refresh()` reads only the stream's tail (usually nothing).
 */
export class CatalogSource {
  readonly base: Catalog;
  private catalog: Catalog;
  private closures: readonly ActivityClosure[] = [];
  private revision = -1;
  private refreshing: Promise<Catalog> | undefined;

  /** `municipalityFile`: the town's file, or null for the demo municipality. */
  constructor(
    private readonly store: EventStore,
    municipalityFile: string | null,
  ) {
    this.base = loadMunicipalityCatalog(municipalityFile);
    this.catalog = this.base;
  }

  /** The catalog as of the last refresh. */
  current(): Catalog {
    return this.catalog;
  }

  /** Applies closures recorded since the last call (by this process or another one). */
  refresh(): Promise<Catalog> {
    // Concurrent callers share one read of the tail.
    this.refreshing ??= this.readTail().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /**
   * Like `refresh()`, but the tail is read after this call: a read already in flight may have
   * started before a closure the caller must see (after its own append) was recorded.
   */
  async refreshAfterNow(): Promise<Catalog> {
    await this.refreshing?.catch(() => undefined);
    return this.refresh();
  }

  private async readTail(): Promise<Catalog> {
    const { events } = await this.store.readStream(CLOSURES_STREAM, { fromRevision: this.revision + 1 });
    if (events.length === 0) return this.catalog;
    const added = events.map((event) => {
      const closed = readServiceDayClosed(event);
      return { activityId: closed.activityId, date: closed.date, reason: closed.reason, ...(closed.school === undefined ? {} : { school: closed.school }) };
    });
    this.closures = [...this.closures, ...added];
    this.revision = events[events.length - 1].revision;
    this.catalog = withClosures(this.base, this.closures);
    return this.catalog;
  }
}

/**
 * A `Catalog` whose every read goes to `source()`: injected once, it still reflects closures
 * recorded later. The catalog's private index (a symbol property) is forwarded too, so the
 * domain's functions accept it like the real thing.
 */
export function liveCatalog(source: () => Catalog): Catalog {
  return new Proxy({} as Catalog, {
    get: (_target, key) => Reflect.get(source(), key),
    has: (_target, key) => Reflect.has(source(), key),
    ownKeys: () => Reflect.ownKeys(source()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(source(), key);
      // The real catalog is frozen; a proxy may not report non-configurable keys its target lacks.
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
