/**
 * The HTTP bench's baseline: what plain `node:http` + better-sqlite3 cost for the same work as
 * the API, with nothing of ours (no framework, auth, validation, idempotency, hash chain,
 * projections). Run as a child process (`fork`), so it never shares an event loop with the load
 * generator:
 *
 * - `POST /families/:familyId/reservations` `{ "slots": [...] }` → parse the JSON body, read the
 *   stream's current revision, insert 2 event rows with the next revisions in ONE transaction
 *   (unique (stream, revision)), answer `201` with an order-like JSON body;
 * - `GET /families/:familyId/events` → select every event of that one stream, JSON.parse each,
 *   answer `200` JSON.
 *
 * WAL + synchronous=FULL, as the product's store. Data in `BASELINE_DATA_DIR`; listens on
 * 127.0.0.1 at a random port and sends `{ port }` to its parent over IPC once listening.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export interface BaselineReady {
  readonly type: 'listening';
  readonly port: number;
}

const RESERVATIONS = /^\/families\/([A-Za-z0-9_-]{1,64})\/reservations$/;
const EVENTS = /^\/families\/([A-Za-z0-9_-]{1,64})\/events$/;
const MAX_BODY_BYTES = 64 * 1024;

interface Slot {
  readonly childId: string;
  readonly activityId: string;
  readonly date: string;
}

function openDatabase(dataDir: string): Database.Database {
  const db = new Database(path.join(dataDir, 'baseline.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position  INTEGER PRIMARY KEY AUTOINCREMENT,
      stream_id TEXT    NOT NULL,
      revision  INTEGER NOT NULL,
      type      TEXT    NOT NULL,
      data      TEXT    NOT NULL,
      metadata  TEXT    NOT NULL,
      UNIQUE (stream_id, revision)
    );
  `);
  return db;
}

function isSlot(value: unknown): value is Slot {
  const slot = value as Record<string, unknown> | null;
  return typeof slot === 'object' && slot !== null && typeof slot.childId === 'string' && typeof slot.activityId === 'string' && typeof slot.date === 'string';
}

export function createBaselineServer(dataDir: string): { server: http.Server; close(): void } {
  const db = openDatabase(dataDir);
  const currentRevision = db.prepare<[string], { revision: number | null }>('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?');
  const insert = db.prepare<[string, number, string, string, string]>('INSERT INTO events (stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?)');
  const readStream = db.prepare<[string], { revision: number; type: string; data: string; metadata: string }>(
    'SELECT revision, type, data, metadata FROM events WHERE stream_id = ? ORDER BY revision',
  );

  const append = db.transaction((streamId: string, events: readonly { type: string; data: unknown; metadata: unknown }[]) => {
    let revision = currentRevision.get(streamId)?.revision ?? -1;
    for (const event of events) insert.run(streamId, ++revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
    return revision;
  });

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const reserve = (familyId: string, body: string, key: string | undefined, res: http.ServerResponse) => {
    let slots: unknown;
    try {
      slots = (JSON.parse(body) as { slots?: unknown }).slots;
    } catch {
      return send(res, 400, { error: { code: 'MALFORMED_JSON', message: 'body is not JSON' } });
    }
    if (!Array.isArray(slots) || slots.length === 0 || !slots.every(isSlot)) {
      return send(res, 400, { error: { code: 'VALIDATION_FAILED', message: 'slots must be a non-empty array of slots' } });
    }
    const orderId = randomUUID();
    const requestedAt = new Date().toISOString();
    const lines = slots.map((slot) => ({ childId: slot.childId, activityId: slot.activityId, date: slot.date, unitPriceCents: 326 }));
    const totalCents = lines.length * 326;
    const metadata = { eventId: randomUUID(), schemaVersion: 1, idempotencyKey: key ?? null, recordedAt: requestedAt };
    try {
      append(`family-${familyId}`, [
        { type: 'ReservationRequested', data: { orderId, familyId, lines, totalCents, creditAppliedCents: 0, amountDueCents: totalCents, requestedAt }, metadata },
        { type: 'PaymentStarted', data: { orderId, amountCents: totalCents }, metadata: { ...metadata, eventId: randomUUID() } },
      ]);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return send(res, 409, { error: { code: 'CONFLICT', message: 'concurrent append' } });
      throw error;
    }
    send(res, 201, { orderId, familyId, status: 'awaiting_payment', lines, totalCents, creditAppliedCents: 0, amountDueCents: totalCents, requestedAt, action: 'pay' });
  };

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'GET') {
      const match = EVENTS.exec(url);
      if (!match) return send(res, 404, { error: { code: 'NOT_FOUND', message: 'unknown route' } });
      const events = readStream.all(`family-${match[1]}`).map((row) => ({ revision: row.revision, type: row.type, data: JSON.parse(row.data) as unknown, metadata: JSON.parse(row.metadata) as unknown }));
      return send(res, 200, { familyId: match[1], events });
    }
    const match = req.method === 'POST' ? RESERVATIONS.exec(url) : null;
    if (!match) return send(res, 404, { error: { code: 'NOT_FOUND', message: 'unknown route' } });
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return send(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: 'body too large' } });
      const key = req.headers['idempotency-key'];
      try {
        reserve(match[1], Buffer.concat(chunks).toString('utf8'), typeof key === 'string' ? key : undefined, res);
      } catch (error) {
        send(res, 500, { error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } });
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  return { server, close: () => db.close() };
}

// Child-process entry point (see `startBaselineServer` in `child-processes.ts`).
if (require.main === module) {
  const dataDir = process.env.BASELINE_DATA_DIR;
  if (!dataDir) {
    process.stderr.write('baseline-server: BASELINE_DATA_DIR is required\n');
    process.exit(2);
  }
  const { server, close } = createBaselineServer(dataDir);
  const stop = () => {
    server.close(() => {
      close();
      process.exit(0);
    });
    server.closeAllConnections();
  };
  // The parent going away (even killed) closes the IPC channel: never outlive it.
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  server.listen(0, '127.0.0.1', () => {
    const ready: BaselineReady = { type: 'listening', port: (server.address() as AddressInfo).port };
    process.send?.(ready);
  });
}
