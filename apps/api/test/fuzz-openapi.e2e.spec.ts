/**
 * Requests generated from the OpenAPI document of a real app (SQLite in a temp dir, demo mode,
 * no rate limits): for every operation, valid-ish requests built from its own schemas and hostile
 * ones (wrong types, huge strings, deep JSON, unicode, missing and extra fields, bad ids, weeks
 * and dates, odd Content-Type / Content-Encoding, every role's token, broken tokens, fresh,
 * reused and invalid Idempotency-Keys). Every answer must be a status the operation declares, or
 * a 4xx in the error shape: never a 5xx. fast-check with a fixed seed: the same requests on
 * every run.
 */
import * as http from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import * as jwt from 'jsonwebtoken';
import request from 'supertest';
import { DEMO_JWT_SECRET, NO_RATE_LIMITS } from '../src/platform/config/app-config';
import { DEMO_FAMILIES } from '../src/demo/demo-families';
import { demoToken, newKey } from './support/http';
import { startTestApp, TEST_START, TestApp } from './support/test-app';

jest.setTimeout(300_000);

const SEED = 20_261_126;
const RUNS_PER_MUTATING_OPERATION = 1_000;
const RUNS_PER_READ_OPERATION = 120;
/** Requests in flight at once (the app and this client share the process). */
const CONCURRENCY = 4;

// ---------------------------------------------------------------- the document

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

interface Operation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly roles: readonly string[];
  readonly keyed: boolean;
  readonly parameters: readonly Parameter[];
  readonly body?: JsonSchema;
  readonly statuses: readonly string[];
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { operationId: string; 'x-roles': string[]; 'x-idempotency': string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> }; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, JsonSchema> };
}

function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      roles: op['x-roles'],
      keyed: op['x-idempotency'] !== 'none',
      parameters: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema,
      statuses: Object.keys(op.responses),
    })),
  );
}

const isMutating = (op: Operation) => op.method !== 'GET';

// ---------------------------------------------------------------- what the app knows

/** A family as the fuzz knows it: its children's enrolments, and the ids seen in answers about it. */
interface FamilyContext {
  readonly familyId: string;
  readonly token: string;
  readonly childIds: string[];
  readonly activityIds: string[];
  /** Which child is enrolled in what. */
  readonly enrolments: { readonly childId: string; readonly activityIds: readonly string[] }[];
  readonly orderIds: string[];
  readonly cancellationIds: string[];
  readonly paymentIds: string[];
}

/** What valid-ish requests are made of, so that they reach the handlers and the domain. */
interface Known {
  readonly families: FamilyContext[];
  readonly activityIds: string[];
  /** By role: admin, auditor, parent-<familyId>. */
  readonly tokens: Record<string, string>;
}

const all = (known: Known, field: 'childIds' | 'orderIds' | 'cancellationIds' | 'paymentIds') => known.families.flatMap((family) => family[field]);

const HARVESTED: Record<string, 'orderIds' | 'cancellationIds' | 'paymentIds'> = { orderId: 'orderIds', cancellationId: 'cancellationIds', paymentId: 'paymentIds' };

/** Remembers the ids an answer names, under the family the request was about. */
function harvest(value: unknown, family: FamilyContext): void {
  if (Array.isArray(value)) return value.forEach((item) => harvest(item, family));
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    const field = Object.hasOwn(HARVESTED, key) ? HARVESTED[key] : undefined;
    if (field && typeof item === 'string' && !family[field].includes(item)) family[field].push(item);
    else harvest(item, family);
  }
}

/** Days still open on the test's clock (weeks 50 and 51): Wednesdays for « mercredi », other weekdays for the rest. */
const OPEN_WEDNESDAYS = ['2026-12-09', '2026-12-16'];
const OPEN_SCHOOL_DAYS = ['2026-12-07', '2026-12-08', '2026-12-10', '2026-12-11', '2026-12-14', '2026-12-15', '2026-12-17', '2026-12-18'];
/** Mostly days still open, some past, closed or out of the year. */
const VALID_DATES = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18', '2026-11-26', '2026-11-30', '2026-12-25', '2027-01-04', '2027-07-14'];
const BAD_DATES = ['0000-01-01', '0000-02-29', '1999-12-31', '2101-01-01', '2027-02-29', '2026-13-01', '2026-12-32', '9999-12-31', '2026-12-1', '2026-12-01T00:00:00Z', '', ' ', '2026\u201312\u201301'];
const VALID_WEEKS = ['2026-W48', '2026-W49', '2026-W50', '2026-W51', '2026-W53', '2027-W01', '2027-W10'];
const BAD_WEEKS = ['2027-W53', '0000-W01', '2026-W00', '2026-W54', '1999-W52', '2101-W01', '9999-W52', '2026W50', '2026-w50', '2026-W5', ''];
const BAD_IDS = ['', ' ', '..', '-x', 'a'.repeat(65), 'é', 'a b', 'a/b', '🎉', '\u0000', 'null', '__proto__', 'constructor', '1e309'];
const HUGE = 'x'.repeat(200_000);
const UNICODE = ['é', 'e\u0301', '\u202eevil', '\u0000', '\ud800', '\udfff', '🎉'.repeat(50), '\ufeff', '\u2028', 'Ω≈ç√∫'];

/** Deep JSON as text: our bound is 32 levels, anything recursive would die near 10,000. */
const deepText = (depth: number) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`;

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

// ---------------------------------------------------------------- generators

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, -0, 1.5, 2 ** 53 + 1, 1e308, -1e308, '', HUGE, [], {}, nested(40), nested(5)),
  fc.constantFrom<unknown>(...BAD_DATES, ...BAD_WEEKS, ...BAD_IDS, ...UNICODE),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(JSON.parse('{"__proto__":{"admin":true}}') as unknown),
);

/** Values a property of this name takes in the demo municipality: the family's own when there is one. */
function hinted(name: string, known: Known, family: FamilyContext | null): fc.Arbitrary<unknown> | undefined {
  const pick = (own: string[] | undefined, every: string[], unknown: string) => fc.constantFrom(...(own?.length ? own : every.length ? every : [unknown]), unknown);
  switch (name) {
    case 'familyId':
      return family ? fc.constant(family.familyId) : fc.constantFrom(...known.families.map((f) => f.familyId), 'famille-inconnue');
    case 'childId':
      return pick(family?.childIds, all(known, 'childIds'), 'enfant-inconnu');
    case 'activityId':
      return pick(family?.activityIds, known.activityIds, 'piscine');
    case 'orderId':
      return pick(family?.orderIds, all(known, 'orderIds'), 'order-0000');
    case 'cancellationId':
      return pick(family?.cancellationIds, all(known, 'cancellationIds'), 'cancellation-0000');
    case 'paymentId':
      return pick(family?.paymentIds, all(known, 'paymentIds'), 'payment-0000');
    case 'slot':
    case 'reserve':
    case 'cancel':
      return family ? slotOf(family) : undefined;
    case 'date':
    case 'from':
    case 'to':
      return fc.constantFrom(...VALID_DATES);
    case 'week':
      return fc.constantFrom(...VALID_WEEKS);
    case 'effectiveAt':
      return fc.constantFrom('2026-11-26T08:00:00Z', '2026-11-26T09:00:00.000Z', '2026-11-27T00:00:00+01:00', '2020-01-01T00:00:00Z', '2026-11-26T09:00:00.001Z');
    case 'amountCents':
      return fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.constantFrom(0, -1, 100_000_000, 100_000_001, Number.MAX_SAFE_INTEGER));
    case 'quotientFamilial':
      return fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.constant(null), fc.constantFrom(0.5, 1_000_000, 1_000_001));
    case 'email':
      return fc.oneof(fc.emailAddress(), fc.constant('camille.martin@example.fr'));
    case 'after':
      return fc.oneof(fc.nat({ max: 50 }), fc.constantFrom(1e15, 2 ** 53));
    case 'limit':
      return fc.integer({ min: 1, max: 1_000 });
    default:
      return undefined;
  }
}

/** A slot the family could reserve: one of its children, an activity it is enrolled in, an open day of it. */
function slotOf(family: FamilyContext): fc.Arbitrary<unknown> {
  return fc.constantFrom(...family.enrolments).chain(({ childId, activityIds }) =>
    fc.constantFrom(...activityIds).chain((activityId) => fc.record({ childId: fc.constant(childId), activityId: fc.constant(activityId), date: fc.constantFrom(...(activityId === 'mercredi' ? OPEN_WEDNESDAYS : OPEN_SCHOOL_DAYS)) })),
  );
}

interface Generators {
  readonly known: Known;
  readonly schemas: Record<string, JsonSchema>;
  /** The family the request is about (ids, token), or null for one made of anything. */
  readonly family: FamilyContext | null;
}

function resolve(schema: JsonSchema, g: Generators): JsonSchema {
  return schema.$ref ? resolve(g.schemas[schema.$ref.replace('#/components/schemas/', '')], g) : schema;
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.pattern && schema.format !== 'email' && schema.format !== 'date-time') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 1_000));
    } catch {
      // A pattern fast-check cannot generate from: plain strings instead.
    }
  }
  const text = fc.lorem({ maxCount: 4 }).filter((words) => words.length >= (schema.minLength ?? 0) && words.length <= (schema.maxLength ?? 1_000));
  return fc.oneof({ weight: 3, arbitrary: text }, { weight: 1, arbitrary: fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) }) });
}

/**
 * A value for `schema`: valid-ish, or (when `hostile`) now and then a wrong one at any level,
 * with required fields missing and unknown ones added.
 */
function valueFor(input: JsonSchema, name: string, g: Generators, hostile: boolean): fc.Arbitrary<unknown> {
  const schema = resolve(input, g);
  const valid = validFor(schema, name, g, hostile);
  return hostile ? fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostileValue }) : valid;
}

function validFor(schema: JsonSchema, name: string, g: Generators, hostile: boolean): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((member) => valueFor(member, name, g, hostile)));
  const hint = hinted(name, g.known, g.family);
  if (hint) return hint;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, valueFor(property, key, g, hostile)]));
      const record = fc.record(model, { requiredKeys: hostile ? [] : (schema.required ?? []).filter((key) => key in model) });
      if (!hostile) return record;
      return fc.tuple(record, fc.dictionary(fc.constantFrom('extra', '__proto__', 'constructor', 'role', 'familyId', '$where', ''), hostileValue, { maxKeys: 2 })).map(([value, extra]) => ({ ...extra, ...(value as object) }));
    }
    case 'array':
      return fc.uniqueArray(valueFor(schema.items ?? {}, singular(name), g, hostile), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4), selector: (item) => JSON.stringify(item) });
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** `slots` → `slot`: array items are named after their array, for the hints. */
function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body?: Buffer;
}

const RAW_BODIES = ['', '{', '[', 'null', '"just a string"', '42', 'true', '{"a":1}{"b":2}', '{"__proto__":{"isAdmin":true}}', '\u0000\u0001', '\ufeff{}', deepText(5_000), deepText(100_000), `{"a":"${HUGE}"}`, `[${'1,'.repeat(50_000)}1]`, 'x'.repeat(1_100_000)];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/merge-patch+json', 'application/json;;', 'garbage', '*/*'];
const ENCODINGS = ['gzip', 'br', 'deflate', 'identity', 'x-unknown', 'gzip, gzip', ''];
const BROKEN_KEYS = [' ', 'é', 'a'.repeat(256), 'key with space', '\t'];

/** A path parameter: known, matching its pattern, or hostile (some left raw, e.g. broken percent-encoding). */
function pathValue(param: Parameter, g: Generators): fc.Arbitrary<string> {
  const encoded = (arb: fc.Arbitrary<unknown>) => arb.map((value) => encodeURIComponent(String(value)));
  return fc.oneof(
    { weight: 8, arbitrary: encoded(hinted(param.name, g.known, g.family) ?? stringFor(param.schema)) },
    { weight: 2, arbitrary: encoded(stringFor(param.schema)) },
    { weight: 2, arbitrary: encoded(fc.oneof(fc.constantFrom(...BAD_IDS), fc.string({ unit: 'grapheme', maxLength: 20 }))) },
    { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', '%', '%00', '..', '.', '%2e%2e', 'a%2Fb', encodeURIComponent(HUGE.slice(0, 5_000))) },
  );
}

/** The query string: each parameter absent, valid-ish, hostile or repeated; sometimes an unknown one. */
function queryOf(params: readonly Parameter[], g: Generators): fc.Arbitrary<string> {
  const one = (param: Parameter) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<string[]>([]) },
      { weight: 4, arbitrary: (hinted(param.name, g.known, g.family) ?? validFor(param.schema, param.name, g, false)).map((value) => [String(value)]) },
      { weight: 2, arbitrary: fc.oneof(fc.constantFrom(...BAD_DATES, ...BAD_WEEKS, 'abc', '-1', '1e3', '0x10', 'NaN', 'Infinity', HUGE), fc.string({ unit: 'grapheme', maxLength: 20 })).map((value) => [value]) },
      { weight: 1, arbitrary: fc.array(fc.string({ maxLength: 10 }), { minLength: 2, maxLength: 3 }) },
    ).map((values) => values.map((value) => `${encodeURIComponent(param.name)}=${encodeURIComponent(value)}`));
  return fc
    .tuple(fc.tuple(...params.map(one)), fc.option(fc.constantFrom('x=1', 'week[]=1', 'limit[a]=1', '__proto__[x]=1', 'a=%E0%A4%A'), { freq: 5 }))
    .map(([parts, extra]) => [...parts.flat(), ...(extra ? [extra] : [])].join('&'));
}

function bodyOf(op: Operation, g: Generators): fc.Arbitrary<{ body?: Buffer; contentType?: string; encoding?: string }> {
  const json = op.body
    ? fc.oneof({ weight: 6, arbitrary: valueFor(op.body, 'body', g, false) }, { weight: 3, arbitrary: valueFor(op.body, 'body', g, true) })
    : fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: hostileValue });
  const text = fc.oneof({ weight: 12, arbitrary: json.map((value) => (value === undefined ? undefined : JSON.stringify(value))) }, { weight: 1, arbitrary: fc.constantFrom<string | undefined>(...RAW_BODIES) });
  const contentType = fc.oneof({ weight: 24, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) });
  const encoding = fc.oneof({ weight: 24, arbitrary: fc.constant<[string | undefined, boolean]>([undefined, false]) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ENCODINGS), fc.boolean()) });
  return fc.tuple(text, contentType, encoding).map(([value, type, [coding, compress]]) => {
    if (value === undefined) return {};
    let body = Buffer.from(value, 'utf8');
    if (compress && coding === 'gzip') body = gzipSync(body);
    if (compress && coding === 'br') body = brotliCompressSync(body);
    return { body, contentType: type, encoding: coding };
  });
}

const HOSTILE_TOKENS = ((): string[] => {
  const now = Date.parse(TEST_START) / 1000;
  const sign = (claims: object, secret = DEMO_JWT_SECRET) => jwt.sign({ iss: 'periscol', ...claims }, secret, { algorithm: 'HS256' });
  return [
    sign({ sub: 'demo-admin', role: 'admin', iat: now - 100_000, exp: now - 1 }),
    sign({ sub: 'demo-admin', role: 'admin', iat: now }),
    sign({ sub: 'x', role: 'admin', exp: now + 60 }, 'another-secret-another-secret-another'),
    sign({ sub: 'x', role: 'mayor', exp: now + 60 }),
    sign({ sub: 'x', role: 'parent', exp: now + 60 }),
    sign({ sub: 'x'.repeat(5_000), role: 'admin', exp: now + 60 }),
    jwt.sign({ sub: 'x', role: 'admin', iss: 'periscol', exp: now + 60 }, '', { algorithm: 'none' }),
    'not.a.jwt',
    'a'.repeat(8_000),
  ];
})();

function authOf(op: Operation, g: Generators): fc.Arbitrary<string | undefined> {
  const { tokens } = g.known;
  const own = g.family && op.roles.includes('parent') ? [g.family.token] : [];
  const allowed = [...own, ...op.roles.filter((role) => role !== 'parent' && tokens[role]).map((role) => tokens[role])];
  return fc.oneof(
    { weight: allowed.length ? 8 : 0, arbitrary: fc.constantFrom(...(allowed.length ? allowed : ['-'])) },
    { weight: 2, arbitrary: fc.constantFrom(...Object.values(tokens)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_TOKENS) },
  );
}


function keyOf(op: Operation): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: op.keyed ? 12 : 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom('reused-1', 'reused-2', 'reused-3') },
    { weight: op.keyed ? 1 : 10, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...BROKEN_KEYS) },
  );
}

const WEBHOOK_SIGNATURES = ['', 't=1,v1=00', `t=${Date.parse(TEST_START) / 1000},v1=${'0'.repeat(64)}`, 't=abc,v1=', 't=99999999999999999999,v1=00', 't=,v1=,v0=', 'v1=00', 'x'.repeat(10_000)];

/** Three in five requests are about one family (its ids, its parent's token); the others mix anything. */
function requestFor(op: Operation, known: Known, schemas: Record<string, JsonSchema>): fc.Arbitrary<FuzzRequest & { family: FamilyContext | null }> {
  const about = (family: FamilyContext | null) => requestAbout(op, { known, schemas, family }).map((req) => ({ ...req, family }));
  return fc.oneof({ weight: 3, arbitrary: fc.oneof(...known.families.map(about)) }, { weight: 2, arbitrary: about(null) });
}

function requestAbout(op: Operation, g: Generators): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const webhook = /\/webhook$/.test(op.path);
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => pathValue(p, g))),
      query: queryOf(queryParams, g),
      body: bodyOf(op, g),
      token: authOf(op, g),
      key: keyOf(op),
      signature: webhook ? fc.option(fc.oneof(fc.constantFrom(...WEBHOOK_SIGNATURES), fc.array(fc.constantFrom(...WEBHOOK_SIGNATURES), { minLength: 2, maxLength: 2 }))) : fc.constant(null),
      requestId: fc.option(fc.oneof(fc.uuid(), fc.string({ unit: 'grapheme-ascii', maxLength: 100 }))),
    })
    .map(({ path, query, body, token, key, signature, requestId }) => {
      let concrete = op.path;
      pathParams.forEach((param, i) => (concrete = concrete.replace(`{${param.name}}`, path[i])));
      // An explicit length even when empty: Node would otherwise send an empty chunked body.
      const headers: Record<string, string | string[]> = { 'Content-Length': String(body.body?.length ?? 0) };
      if (token !== undefined) headers.Authorization = `Bearer ${token}`;
      if (key !== undefined) headers['Idempotency-Key'] = key;
      if (body.contentType !== undefined && body.body) headers['Content-Type'] = body.contentType;
      if (body.encoding !== undefined) headers['Content-Encoding'] = body.encoding;
      if (signature !== null) headers[op.path.includes('stripe') ? 'Stripe-Signature' : 'Periscol-Signature'] = signature;
      if (requestId !== null) headers['X-Request-Id'] = requestId;
      return { method: op.method, path: query ? `${concrete}?${query}` : concrete, headers, body: body.body };
    });
}

// ---------------------------------------------------------------- sending and judging

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(base: string, req: FuzzRequest): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolveAnswer, reject) => {
    const outgoing = http.request({ hostname, port, method: req.method, path: req.path, headers: req.headers, agent, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 20 s')));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** Why this answer breaks the contract, or null. */
function judge(op: Operation, answer: Answer): string | null {
  if (answer.status >= 500) return `${answer.status}`;
  if (answer.status >= 400) {
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return `${answer.status} without a JSON body`;
    }
    const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error;
    const shaped = Object.keys(body as object).length === 1 && typeof error?.code === 'string' && typeof error.message === 'string' && Array.isArray(error.details);
    return shaped ? null : `${answer.status} not in the error shape`;
  }
  return op.statuses.includes(String(answer.status)) ? null : `${answer.status} is not a status ${op.operationId} declares`;
}

interface Finding {
  readonly operationId: string;
  readonly problem: string;
  readonly request: string;
  readonly answer: string;
}

function describeRequest(req: FuzzRequest): string {
  const body = req.body ? req.body.toString('utf8').slice(0, 300) : '';
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v).slice(0, 60)]));
  return `${req.method} ${req.path.slice(0, 300)} ${JSON.stringify(headers)} ${body}`;
}

async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** A stable seed per operation: adding one operation does not change the others' requests. */
function seedOf(operationId: string): number {
  let hash = SEED;
  for (const char of operationId) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/**
 * Rebuilds and verifications first, while the store is small (each replays it all); then the order
 * a family lives it in (tokens, registration, reservations, orders, cancellations, credit), reads
 * after, and what closes days or erases families last, so that those do not shut the door on the
 * rest. Operations not listed run in between, in the document's order.
 */
const FLOW = ['rebuildProjections', 'verifyStore', 'issueDemoToken', 'registerFamily', 'updateQuotientFamilial', 'quote', 'requestReservation', 'checkoutOrder', 'confirmOrder', 'abandonOrder', 'cancelReservations', 'grantGoodwillCredit', 'refundCredit', 'simulatedPaymentWebhook', 'stripeWebhook'];
const LAST = ['closeServiceDay', 'erasePersonalData'];

function inFlowOrder(operations: Operation[]): Operation[] {
  const rank = (op: Operation) => (FLOW.includes(op.operationId) ? FLOW.indexOf(op.operationId) : LAST.includes(op.operationId) ? 1_000 + LAST.indexOf(op.operationId) : 100);
  return [...operations].sort((a, b) => rank(a) - rank(b));
}

// ---------------------------------------------------------------- the suite

describe('fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let operations: Operation[];
  let known: Known;
  let schemas: Record<string, JsonSchema>;
  const counts = new Map<string, number>();
  const findings: Finding[] = [];

  beforeAll(async () => {
    t = await startTestApp({ config: { rateLimits: NO_RATE_LIMITS } });
    const doc = (await request(t.url).get('/api/openapi.json').expect(200)).body as OpenApiDoc;
    operations = inFlowOrder(operationsOf(doc));
    schemas = doc.components.schemas;
    known = await seed(t);
  });
  afterAll(async () => {
    agent.destroy();
    await t.close();
  });

  it('answers every generated request with a declared status or a 4xx in the error shape, never a 5xx', async () => {
    const started = Date.now();
    for (const op of operations) {
      const runs = isMutating(op) ? RUNS_PER_MUTATING_OPERATION : RUNS_PER_READ_OPERATION;
      // Drawn when the operation's turn comes, so it aims at the ids earlier operations created.
      const requests = fc.sample(requestFor(op, known, schemas), { numRuns: runs, seed: seedOf(op.operationId) });
      await inParallel(requests, async (req) => {
        let answer: Answer;
        try {
          answer = await send(t.url, req);
        } catch (error) {
          findings.push({ operationId: op.operationId, problem: `no answer: ${(error as Error).message}`, request: describeRequest(req), answer: '' });
          return;
        }
        counts.set(op.operationId, (counts.get(op.operationId) ?? 0) + 1);
        const problem = judge(op, answer);
        if (problem) findings.push({ operationId: op.operationId, problem, request: describeRequest(req), answer: answer.body.slice(0, 300) });
        else if (req.family && answer.status < 300 && answer.contentType.startsWith('application/json')) harvest(JSON.parse(answer.body), req.family);
      });
    }
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    process.stdout.write(`fuzz: ${total} requests over ${operations.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    // One example per operation and problem keeps the report readable.
    const examples = new Map<string, Finding>();
    for (const finding of findings) if (!examples.has(`${finding.operationId} ${finding.problem}`)) examples.set(`${finding.operationId} ${finding.problem}`, finding);
    expect([...examples.values()]).toEqual([]);
  });

  it('sent at least 1,000 requests to every mutating operation, and reached every operation', () => {
    for (const op of operations) {
      expect({ operationId: op.operationId, enough: (counts.get(op.operationId) ?? 0) >= (isMutating(op) ? RUNS_PER_MUTATING_OPERATION : RUNS_PER_READ_OPERATION) }).toEqual({ operationId: op.operationId, enough: true });
    }
    expect(operations.filter(isMutating).length).toBeGreaterThanOrEqual(15);
  });

  it('logged no unexpected error, and the store still verifies', async () => {
    expect(t.logs.filter((line) => line.msg === 'unexpected error').map((line) => JSON.stringify(line).slice(0, 500))).toEqual([]);
    const report = await request(t.url).get('/api/audit/verify').auth(known.tokens.auditor, { type: 'bearer' }).expect(200);
    expect(report.body.checks.filter((check: { ok: boolean }) => !check.ok)).toEqual([]);
  });
});

/** Tokens for every role and demo family, and one paid order, one cancellation, one pending order to aim at. */
async function seed(t: TestApp): Promise<Known> {
  const catalog = (await request(t.url).get('/api/catalog').expect(200)).body as { activities: { id: string }[] };
  const tokens: Record<string, string> = { admin: await demoToken(t, { role: 'admin' }), auditor: await demoToken(t, { role: 'auditor' }) };
  const families: FamilyContext[] = [];
  for (const family of DEMO_FAMILIES) {
    const token = await demoToken(t, { role: 'parent', familyId: family.familyId });
    tokens[`parent-${family.familyId}`] = token;
    const childIds = family.children.map((child) => child.childId ?? '');
    const activityIds = [...new Set(family.children.flatMap((child) => child.activityIds))];
    const enrolments = family.children.map((child) => ({ childId: child.childId ?? '', activityIds: child.activityIds }));
    families.push({ familyId: family.familyId, token, childIds, activityIds, enrolments, orderIds: [], cancellationIds: [], paymentIds: [] });
  }
  const martin = families[0];
  const post = (path: string, body: object) => request(t.url).post(path).auth(martin.token, { type: 'bearer' }).set('Idempotency-Key', newKey()).send(body);
  const slot = (date: string) => ({ childId: 'lea-martin', activityId: 'restauration', date });

  const paid = (await post(`/api/families/${martin.familyId}/reservations`, { slots: [slot('2026-12-07'), slot('2026-12-08')] }).expect(201)).body as { orderId: string };
  const checkout = (await post(`/api/orders/${paid.orderId}/checkout`, {}).expect(200)).body as { checkoutUrl: string };
  await request(t.url).post(`${new URL(checkout.checkoutUrl).pathname}/pay`).expect(303);
  harvest((await post(`/api/families/${martin.familyId}/cancellations`, { slots: [slot('2026-12-08')] }).expect(201)).body, martin);
  harvest((await post(`/api/families/${martin.familyId}/reservations`, { slots: [slot('2026-12-10')] }).expect(201)).body, martin);
  harvest((await request(t.url).get(`/api/families/${martin.familyId}/payments`).auth(martin.token, { type: 'bearer' }).expect(200)).body, martin);
  harvest(paid, martin);
  return { families, activityIds: catalog.activities.map((a) => a.id), tokens };
}
