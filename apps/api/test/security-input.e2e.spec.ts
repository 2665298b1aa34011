import * as net from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { demoToken, expectErrorShape, newKey } from './support/http';
import { startTestApp, TestApp } from './support/test-app';

/** `{"slots":[[[…]]]}` nested `depth` arrays deep: small in bytes, deep enough to blow a recursive walk. */
function deepJson(depth: number): string {
  return `{"slots":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

describe('hostile input never gets a 5xx', () => {
  let t: TestApp;
  let admin: string;
  const family = 'famille-martin';
  const reservations = `/api/families/${family}/reservations`;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await demoToken(t, { role: 'admin' });
  });
  afterAll(() => t.close());

  const keyed = (path: string) => request(t.url).post(path).auth(admin, { type: 'bearer' }).set('Idempotency-Key', newKey()).set('Content-Type', 'application/json');

  describe('deep JSON', () => {
    it.each([5_000, 100_000])('%i levels on a keyed route → 400 BODY_TOO_DEEP, nothing appended', async (depth) => {
      const head = await t.store.headPosition();
      const res = await keyed(reservations).send(deepJson(depth));
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 'BODY_TOO_DEEP');
      expect(await t.store.headPosition()).toBe(head);
    });

    it('deep objects too, and on keyless routes', async () => {
      const objects = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
      const res = await request(t.url).post(`/api/families/${family}/quote`).auth(admin, { type: 'bearer' }).set('Content-Type', 'application/json').send(objects);
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 'BODY_TOO_DEEP');
    });

    it('a body of ordinary depth still passes', async () => {
      const res = await keyed(`/api/families/${family}/quote`).send({ reserve: [], cancel: [] });
      expect(res.status).toBe(200);
    });
  });

  describe('Content-Encoding', () => {
    it.each(['gzip', 'br', 'deflate', 'x-unknown', 'gzip, gzip'])('%s on a plain body → 4xx with the error shape, not 500', async (encoding) => {
      const head = await t.store.headPosition();
      const res = await keyed(reservations).set('Content-Encoding', encoding).send('{"slots":[]}');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expectErrorShape(res.body, 'UNSUPPORTED_CONTENT_TYPE');
      expect(await t.store.headPosition()).toBe(head);
    });

    it.each([
      ['gzip', gzipSync],
      ['br', brotliCompressSync],
      ['deflate', deflateSync],
    ])('a valid %s body is refused the same way (4xx, never 500)', async (encoding, compress) => {
      const res = await keyed(`/api/families/${family}/quote`).set('Content-Encoding', encoding).send(compress(Buffer.from('{"reserve":[]}')));
      expect(res.status).toBeLessThan(500);
      expectErrorShape(res.body, 'UNSUPPORTED_CONTENT_TYPE');
    });

    it('on a signed webhook (raw body) too', async () => {
      const res = await request(t.url).post('/api/payments/simulated/webhook').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{"id":"evt"}');
      expect(res.status).toBeLessThan(500);
      expectErrorShape(res.body, 'UNSUPPORTED_CONTENT_TYPE');
    });

    it('an undecodable body is logged as a refusal, never as an unexpected error', async () => {
      await keyed(reservations).set('Content-Encoding', 'gzip').send('not gzip at all');
      expect(t.logs.filter((line) => line.msg === 'unexpected error')).toEqual([]);
    });
  });

  describe("what Node's HTTP parser refuses is answered in the error shape too", () => {
    /** Writes raw bytes and reads the whole answer (the server closes the connection). */
    function raw(bytes: string): Promise<string> {
      const { port } = new URL(t.url);
      return new Promise((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(bytes));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    }
    const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as unknown;

    it('headers over 16 KB → 431', async () => {
      const answer = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      expectErrorShape(bodyOf(answer), 'BAD_REQUEST');
    });

    it('a broken request line → 400', async () => {
      const answer = await raw('GARBAGE\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expectErrorShape(bodyOf(answer), 'BAD_REQUEST');
    });
  });

  describe('weeks and dates the domain cannot represent → 400 VALIDATION_FAILED', () => {
    const get = (path: string) => request(t.url).get(path).auth(admin, { type: 'bearer' });

    it.each(['2027-W53', '0000-W01', '1999-W52', '2101-W01', '2026-W00', '9999-W52'])('planning ?week=%s', async (week) => {
      const res = await get(`/api/families/${family}/planning?week=${week}`);
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 'VALIDATION_FAILED');
      expect(res.body.error.details[0]).toMatchObject({ location: 'query', path: ['week'] });
    });

    const badDates = ['0000-01-01', '0000-02-29', '1999-12-31', '2101-01-01', '2027-02-29', '9999-12-31'];

    it.each(badDates)("reservation slots' date %s, nothing appended", async (date) => {
      const head = await t.store.headPosition();
      const res = await keyed(reservations).send({ slots: [{ childId: 'lea-martin', activityId: 'restauration', date }] });
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 'VALIDATION_FAILED');
      expect(res.body.error.details[0]).toMatchObject({ location: 'body', path: ['slots', 0, 'date'] });
      expect(await t.store.headPosition()).toBe(head);
    });

    it.each(badDates)("cancellations' and quotes' date %s", async (date) => {
      const slot = { childId: 'lea-martin', activityId: 'restauration', date };
      expectErrorShape((await keyed(`/api/families/${family}/cancellations`).send({ slots: [slot] }).expect(400)).body, 'VALIDATION_FAILED');
      expectErrorShape((await keyed(`/api/families/${family}/quote`).send({ reserve: [slot] }).expect(400)).body, 'VALIDATION_FAILED');
    });

    it.each(badDates)('attendance ?date=%s', async (date) => {
      const res = await get(`/api/admin/attendance?date=${date}&activityId=restauration`);
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 'VALIDATION_FAILED');
      expect(res.body.error.details[0]).toMatchObject({ location: 'query', path: ['date'] });
    });

    it.each(badDates)('closures date %s, nothing appended', async (date) => {
      const head = await t.store.headPosition();
      const res = await keyed('/api/admin/closures').send({ activityId: 'restauration', date, reason: 'Grève' });
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 'VALIDATION_FAILED');
      expect(res.body.error.details[0]).toMatchObject({ location: 'body', path: ['date'] });
      expect(await t.store.headPosition()).toBe(head);
    });

    it.each(badDates.flatMap((date) => [`from=${date}`, `to=${date}`, `from=2026-09-01&to=${date}`]))('recap ?%s', async (query) => {
      const res = await get(`/api/families/${family}/recap.pdf?${query}`);
      expect(res.status).toBe(400);
      expectErrorShape(res.body, 'VALIDATION_FAILED');
      expect(res.body.error.details[0]).toMatchObject({ location: 'query' });
    });
  });
});
