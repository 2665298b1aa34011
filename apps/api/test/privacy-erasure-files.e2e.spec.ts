import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { ManualClock } from '../src/platform/clock/clock';
import { newKey } from './support/http';
import { adminToken, auditorToken, mailServices, parentToken, startPaymentsApp, W50 } from './support/payments-journey';
import { TEST_START, type TestApp } from './support/test-app';

/**
 * R17 on disk: once the erase route has answered, no file of the data folder holds the family's
 * name, e-mail, address or children's names any more, nor the proof of a child's absence (R22)
 * — not the outbox, not an `.eml` file, not the proof store, not a
 * free page of a SQLite file nor a frame of its WAL — and a restart brings none of it back.
 */
describe('personal data erasure leaves no trace in the data folder (R17)', () => {
  const familyId = 'fam-quaresmini';
  const identity = {
    familyId,
    name: 'Séverine Quaresmini',
    email: 'severine.quaresmini@example.org',
    address: '12 allée des Mélèzes-Bleus, 45000 Saint-Aubin-sur-Loire',
    resident: true,
    quotientFamilial: 650,
    children: [
      { childId: 'c-anatole', firstName: 'Anatole', lastName: 'Quaresmini', school: 'École Jules-Ferry', grade: 'CE1', activityIds: ['restauration'] },
      { childId: 'c-berenice', firstName: 'Bérénice', lastName: 'Quaresmini', school: 'École Jules-Ferry', grade: 'CP', activityIds: ['restauration'] },
    ],
  };
  /** What must appear nowhere: the identity, the e-mail and its local part, each child's names. */
  const needles = ['Séverine', 'Quaresmini', 'severine.quaresmini@example.org', 'severine.quaresmini', 'Mélèzes-Bleus', 'Anatole', 'Bérénice', 'Varicelle'];
  /** An absence's proof (R22): a medical certificate naming the child and what he had. */
  const certificate = Buffer.from('%PDF-1.4\n% Certificat médical : Anatole Quaresmini, Varicelle, éviction 5 jours\n%%EOF\n', 'utf8');

  let dataDir: string;
  let clock: ManualClock;
  let t: TestApp | undefined;
  const logs: Record<string, unknown>[] = [];

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-erasure-files-'));
    clock = new ManualClock(TEST_START);
  });
  afterAll(async () => {
    await t?.close({ keepData: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<TestApp> {
    if (t) await close(t); // left open by a failed step
    t = await startPaymentsApp({ dataDir, clock });
    return t;
  }

  async function close(app: TestApp): Promise<void> {
    logs.push(...app.logs);
    await app.close({ keepData: true });
    t = undefined;
  }

  function post(app: TestApp, route: string, token: string, body: object = {}) {
    return request(app.url).post(route).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', newKey()).send(body);
  }

  /** Reserves one canteen day for a child and pays it on the simulated site. */
  async function bookAndPay(app: TestApp, childId: string): Promise<void> {
    const token = parentToken(app, familyId);
    const slots = [{ childId, activityId: 'restauration', date: W50.monday }];
    const { orderId } = (await post(app, `/api/families/${familyId}/reservations`, token, { slots }).expect(201)).body as { orderId: string };
    const { checkoutUrl } = (await post(app, `/api/orders/${orderId}/checkout`, token).expect(200)).body as { checkoutUrl: string };
    await request(app.url).post(`${new URL(checkoutUrl).pathname}/pay`).type('form').send('').expect(303);
  }

  async function verifies(app: TestApp): Promise<void> {
    const report = (await request(app.url).get('/api/audit/verify').set('Authorization', `Bearer ${auditorToken(app)}`).expect(200)).body as {
      ok: boolean;
      checks: { name: string; ok: boolean }[];
    };
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  }

  it('registers the family, e-mails a first ticket (.eml written) and leaves a second one unsent, then erases it', async () => {
    const app = await start();
    await post(app, '/api/admin/families', adminToken(app), identity).expect(201);
    await bookAndPay(app, 'c-anatole');
    const { outbox, dispatcher } = mailServices(app);
    expect((await dispatcher.dispatchDue(clock.now())).delivered).toEqual(['<R-2026-000001@periscol.local>']);
    expect(fs.readdirSync(path.join(dataDir, 'outbox'))).toEqual(['R-2026-000001@periscol.local.eml']);
    await bookAndPay(app, 'c-berenice');
    expect(await outbox.get('<R-2026-000002@periscol.local>')).toMatchObject({ status: 'pending', to: identity.email });

    // Past the day's cancellation deadline, the parent declares Anatole absent with a certificate (R22), still pending.
    clock.set('2026-12-04T08:00:00.000Z');
    await request(app.url)
      .post(`/api/families/${familyId}/absences`)
      .query({ childId: 'c-anatole', activityId: 'restauration', date: W50.monday })
      .set('Authorization', `Bearer ${parentToken(app, familyId)}`)
      .set('Idempotency-Key', newKey())
      .set('Content-Type', 'application/pdf')
      .send(certificate)
      .expect(201);
    expect(tracesIn(dataDir, ['Varicelle']).map((trace) => trace.file)).toEqual([expect.stringMatching(/^absence-proofs\/fam-quaresmini\//)]);

    // Both days are past: nothing left between the family and the municipality.
    clock.set('2026-12-08T08:00:00.000Z');
    const erased = await post(app, `/api/admin/families/${familyId}/erase-personal-data`, adminToken(app), { reason: 'Fin de la durée de conservation' }).expect(200);
    expect(erased.body).toMatchObject({ familyId, personStreamDeleted: true });

    expect(await outbox.get('<R-2026-000001@periscol.local>')).toBeUndefined();
    expect(await outbox.get('<R-2026-000002@periscol.local>')).toBeUndefined();
    expect(fs.readdirSync(path.join(dataDir, 'outbox'))).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'absence-proofs', familyId))).toBe(false);
    await verifies(app);
    // While the app still runs: the WAL files are there, and hold none of it either.
    expect(tracesIn(dataDir, needles)).toEqual([]);
    await close(app);
  });

  it('sends nothing to the erased family after a restart, and every file of the data folder is free of its personal data', async () => {
    const app = await start();
    const { outbox, dispatcher } = mailServices(app);
    clock.advance({ hours: 1 });
    expect(await dispatcher.dispatchDue(clock.now())).toEqual({ delivered: [], retrying: [], rejected: [] });
    expect(await outbox.list()).toEqual([]);
    // A replay of the ticket process cannot bring the message back.
    expect((await outbox.enqueue({ messageId: '<R-2026-000002@periscol.local>', to: 'x@example.org', subject: 's', text: 't', attachments: [] })).outcome).toBe('erased');
    await verifies(app);
    expect((await request(app.url).get(`/api/families/${familyId}`).set('Authorization', `Bearer ${adminToken(app)}`).expect(200)).body).toMatchObject({
      name: null,
      email: null,
      personalDataErased: true,
    });
    await close(app);

    expect(tracesIn(dataDir, needles)).toEqual([]);
    expect(logs.length).toBeGreaterThan(0);
    const logged = JSON.stringify(logs);
    expect(needles.filter((needle) => logged.includes(needle))).toEqual([]);
  });
});

/** Every occurrence of a needle in any file under `dir`, as UTF-8 or UTF-16LE bytes. */
function tracesIn(dir: string, needles: readonly string[]): { file: string; needle: string; encoding: string; count: number }[] {
  const found: { file: string; needle: string; encoding: string; count: number }[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = fs.readFileSync(file);
    for (const needle of needles) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        const count = occurrences(bytes, Buffer.from(needle, encoding));
        if (count > 0) found.push({ file: path.relative(dir, file), needle, encoding, count });
      }
    }
  }
  return found;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

function occurrences(haystack: Buffer, needle: Buffer): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) count += 1;
  return count;
}
