import * as fs from 'node:fs';
import * as path from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { REFUSAL_CODES } from '@periscol/reservation-domain';
import { ACCESS_METADATA, type AccessPolicy } from '../src/platform/auth/access.decorators';
import { ERROR_CODES } from '../src/platform/http/error-codes';
import { IDEMPOTENCY_METADATA } from '../src/platform/idempotency/idempotency.decorators';
import { isMutating, successStatus, type IdempotencyMode, type RouteDefinition } from '../src/platform/routing/route-definition';
import { ROUTE_METADATA } from '../src/platform/routing/route.decorator';
import { startTestApp, TestApp } from './support/test-app';

/**
 * docs/http.md is the HTTP contract, kept true with the code: every route the application mounts
 * (in demo mode, so the demo routes too), from any controller — with a route definition or
 * mounted by hand like the simulated payment site — is documented once, with its roles, its
 * Idempotency-Key mode, its success status and the error codes its definition declares; nothing
 * else is documented as a route; and the error table is exactly `ERROR_CODES`. docs/rules.md
 * names every refusal code of the domain.
 */

const DOCS = path.resolve(__dirname, '../../../docs');
const METHODS = 'GET|POST|PUT|PATCH|DELETE';

interface MountedRoute {
  readonly key: string; // `GET /api/families/:familyId`
  readonly access: string; // `public` or the roles, sorted, comma-separated
  readonly idempotency: IdempotencyMode;
  readonly definition?: RouteDefinition;
}

function joinPath(...parts: string[]): string {
  const joined = `/${parts.join('/')}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function accessOf(policy: AccessPolicy | undefined): string {
  if (!policy) return '(none)';
  return 'public' in policy ? 'public' : [...policy.roles].sort().join(', ');
}

/** Every route of every controller of the running app, as Nest mounted it. */
function mountedRoutes(t: TestApp): MountedRoute[] {
  const discovery = t.app.get(DiscoveryService);
  const scanner = new MetadataScanner();
  const routes: MountedRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const prefixes = [Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? ''].flat() as string[];
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (paths === undefined || method === undefined) continue;
      const verb = RequestMethod[method];
      const policy = (Reflect.getMetadata(ACCESS_METADATA, handler) ?? Reflect.getMetadata(ACCESS_METADATA, wrapper.metatype)) as AccessPolicy | undefined;
      const declared = Reflect.getMetadata(IDEMPOTENCY_METADATA, handler) as IdempotencyMode | undefined;
      const definition = Reflect.getMetadata(ROUTE_METADATA, handler) as RouteDefinition | undefined;
      for (const prefix of prefixes) {
        for (const route of [paths].flat()) {
          routes.push({
            key: `${verb} ${joinPath(prefix, route)}`,
            access: accessOf(policy),
            idempotency: declared ?? (isMutating(verb) ? 'stored' : 'none'),
            definition,
          });
        }
      }
    }
  }
  return routes;
}

interface DocumentedRoute {
  readonly key: string;
  readonly section: string;
}

/** `### GET /api/…` headings, each with its text up to the next heading. */
function documentedSections(markdown: string): DocumentedRoute[] {
  const heading = new RegExp(`^### (?:${METHODS}) \\S+\\s*$`, 'gm');
  const starts = [...markdown.matchAll(heading)].map((match) => match.index);
  return starts.map((start, i) => {
    const rest = markdown.slice(start, starts[i + 1] ?? markdown.length);
    const end = rest.slice(4).search(/^#{1,3} /m);
    const section = end < 0 ? rest : rest.slice(0, end + 4);
    return { key: section.split('\n')[0].slice(4).trim(), section };
  });
}

/** Rows `| \`GET /api/…\` | who | mode | status |` of the route index. */
function indexRows(markdown: string): { key: string; who: string; idempotency: string; answers: string }[] {
  const row = new RegExp(`^\\| \`((?:${METHODS}) /[^\`]*)\` \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|\\s*$`, 'gm');
  return [...markdown.matchAll(row)].map((match) => ({
    key: match[1],
    who: match[2].trim().split(/,\s*/).sort().join(', '),
    idempotency: match[3].trim(),
    answers: match[4].trim(),
  }));
}

function duplicates(keys: readonly string[]): string[] {
  return keys.filter((key, i) => keys.indexOf(key) !== i);
}

describe('docs/http.md lists exactly the routes the API serves', () => {
  let t: TestApp;
  let mounted: MountedRoute[];
  let markdown: string;

  beforeAll(async () => {
    t = await startTestApp();
    mounted = mountedRoutes(t);
    markdown = fs.readFileSync(path.join(DOCS, 'http.md'), 'utf8');
  });
  afterAll(() => t.close());

  it('finds the routes of every controller, with and without a route definition', () => {
    const keys = mounted.map((route) => route.key);
    expect(duplicates(keys)).toEqual([]);
    expect(keys).toEqual(expect.arrayContaining(['GET /api/catalog', 'POST /api/families/:familyId/reservations', 'GET /pay/:sessionId', 'POST /api/auth/demo-token']));
  });

  it('documents every mounted route in one section of its own, and no route that is not mounted', () => {
    const documented = documentedSections(markdown).map((section) => section.key);
    expect(duplicates(documented)).toEqual([]);
    const mountedKeys = mounted.map((route) => route.key);
    expect({ undocumented: mountedKeys.filter((key) => !documented.includes(key)).sort(), notMounted: documented.filter((key) => !mountedKeys.includes(key)).sort() }).toEqual({
      undocumented: [],
      notMounted: [],
    });
  });

  it('lists every mounted route once in the route index, with its roles, Idempotency-Key mode and success status', () => {
    const rows = indexRows(markdown);
    expect(duplicates(rows.map((row) => row.key))).toEqual([]);
    expect(rows.map((row) => row.key).sort()).toEqual(mounted.map((route) => route.key).sort());
    const wrong: string[] = [];
    for (const route of mounted) {
      const row = rows.find((candidate) => candidate.key === route.key);
      if (!row) continue;
      if (row.who !== route.access) wrong.push(`${route.key}: who is "${route.access}", documented "${row.who}"`);
      if (row.idempotency !== route.idempotency) wrong.push(`${route.key}: Idempotency-Key is "${route.idempotency}", documented "${row.idempotency}"`);
      if (route.definition && !row.answers.startsWith(String(successStatus(route.definition)))) {
        wrong.push(`${route.key}: answers ${successStatus(route.definition)}, documented "${row.answers}"`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("names, in each route's section, every error code its definition declares", () => {
    const sections = documentedSections(markdown);
    const missing: string[] = [];
    for (const route of mounted) {
      const section = sections.find((candidate) => candidate.key === route.key)?.section;
      if (!section) continue;
      for (const code of route.definition?.errors ?? []) {
        if (!section.includes(`\`${code}\``)) missing.push(`${route.key}: ${code}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every error code of the API with its status, and no other', () => {
    const row = /^\| `([A-Z][A-Z0-9_]*)` \| (\d{3}) \|/gm;
    const documented = [...markdown.matchAll(row)].map((match) => [match[1], Number(match[2])] as const);
    expect(duplicates(documented.map(([code]) => code))).toEqual([]);
    const expected = Object.entries(ERROR_CODES).map(([code, spec]) => [code, spec.status] as const);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(expected));
  });
});

describe('docs/rules.md', () => {
  it('names every refusal code of the domain', () => {
    const markdown = fs.readFileSync(path.join(DOCS, 'rules.md'), 'utf8');
    expect(REFUSAL_CODES.filter((code) => !markdown.includes(`\`${code}\``))).toEqual([]);
  });
});
