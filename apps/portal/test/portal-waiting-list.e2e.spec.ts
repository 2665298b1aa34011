/**
 * The waiting list in the portal (docs/rules.md R23), in Debian's Chromium against the REAL API:
 * a town whose Wednesday centre takes two children a day. Léa and Jade hold W50's Wednesday; on
 * Thomas Nguyen's planning Lina's Wednesday says « Complet », he joins the waiting list and the
 * card says « Liste d’attente (rang 1) ». The Bernards cancel Jade's day (through the API): the
 * place is offered to Lina — the e-mail is read back from the outbox folder — her card shows the
 * offer and its end, and her father confirms it with his credit (« OK »). axe-clean at 1280 and
 * 768 px.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { demoMunicipality } from '@periscol/reservation-domain';
import { Browser } from 'playwright-core';
import { checkAccessibility, launchChromium, openPortal } from './support/browser';
import { RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-26T10:00:00+01:00');
const WEDNESDAY = '2026-12-09';
const flat = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

/** A bounded wait on a condition the API reaches by itself (the outbox's dispatch, kicked by the enqueue). */
async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the waiting list in the portal (Chromium)', () => {
  let browser: Browser;
  let server: RunningApi | undefined;
  let dir: string;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-portal-places-'));
  });
  afterAll(async () => {
    await server?.stop();
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('joins the line of a full day, is offered the place given back (e-mailed) and confirms it', async () => {
    const file = path.join(dir, 'municipality.json');
    const municipality = structuredClone(demoMunicipality) as unknown as { activities: Record<string, unknown>[] };
    municipality.activities = municipality.activities.map((activity) => (activity['id'] === 'mercredi' ? { ...activity, capacity: { placesPerDay: 2 } } : activity));
    fs.writeFileSync(file, JSON.stringify(municipality));
    server = await startRealApi(NOW, { PERISCOL_MUNICIPALITY_FILE: file });
    const api = server.baseUrl;

    let keys = 0;
    const tokenOf = async (body: object) => ((await (await fetch(`${api}/api/auth/demo-token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json()) as { token: string }).token;
    const call = async (who: object, method: string, route: string, body?: object) => {
      const response = await fetch(`${api}${route}`, {
        method,
        headers: { Authorization: `Bearer ${await tokenOf(who)}`, 'Content-Type': 'application/json', 'Idempotency-Key': `waiting-list-e2e-${++keys}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const parent = (familyId: string) => ({ role: 'parent', familyId });
    const admin = { role: 'admin' };
    const jade = { childId: 'jade-bernard', activityId: 'mercredi', date: WEDNESDAY };

    // The two places of the day: Léa's (pending) and Jade's (confirmed with credit).
    await call(parent('famille-martin'), 'POST', '/api/families/famille-martin/reservations', { slots: [{ childId: 'lea-martin', activityId: 'mercredi', date: WEDNESDAY }] });
    await call(admin, 'POST', '/api/admin/families/famille-bernard/credits', { amountCents: 5000, reason: 'Avance' });
    const jadeOrder = await call(parent('famille-bernard'), 'POST', '/api/families/famille-bernard/reservations', { slots: [jade] });
    await call(parent('famille-bernard'), 'POST', `/api/orders/${String(jadeOrder['orderId'])}/confirm`, {});
    await call(admin, 'POST', '/api/admin/families/famille-nguyen/credits', { amountCents: 5000, reason: 'Avance' });

    const { context, page, errors } = await openPortal(browser, api, NOW);
    await page.goto('/');
    await page.getByLabel(/Thomas Nguyen/).check();
    await page.getByRole('button', { name: /J.accède au planning/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Planning de réservation' }).waitFor();
    await page.goto('/#/planning?semaine=2026-W50');
    await page.locator('#semaine-affichee').filter({ hasText: /Semaine du lundi 7 décembre/ }).waitFor();

    const linaWednesday = page.locator('.slot-cell').filter({ hasText: 'Accueil du mercredi' }).filter({ hasText: 'mercredi 9 décembre' });
    await linaWednesday.locator('.slot--full').filter({ hasText: 'Complet' }).waitFor();
    expect(await linaWednesday.locator('button.slot').count()).toBe(0);
    await checkAccessibility(page, 'Planning — jour complet');

    await linaWednesday.getByRole('button', { name: /Rejoindre la liste d’attente/ }).click();
    await linaWednesday.locator('.slot--full').filter({ hasText: 'Liste d’attente (rang 1)' }).waitFor();
    await linaWednesday.getByRole('button', { name: /Quitter la liste d’attente/ }).waitFor();
    await page.setViewportSize({ width: 768, height: 1024 });
    await checkAccessibility(page, 'Planning — liste d’attente (768 px)');
    await page.setViewportSize({ width: 1280, height: 900 });

    // The Bernards cancel Jade's Wednesday: the place is offered to Lina, and her father e-mailed.
    await call(parent('famille-bernard'), 'POST', '/api/families/famille-bernard/cancellations', { slots: [jade] });
    const outbox = path.join(server.dataDir, 'outbox');
    const eml = await eventually('the offer’s e-mail in the outbox', () => (fs.existsSync(outbox) ? fs.readdirSync(outbox).find((name) => name.startsWith('offre-')) : undefined));
    const mail = flat(fs.readFileSync(path.join(outbox, eml), 'utf8'));
    expect(mail).toContain('To: thomas.nguyen@example.fr');
    expect(mail).toMatch(/Subject: .*Une place/);

    await page.reload();
    const offered = linaWednesday.locator('.slot--pending');
    await offered.waitFor();
    expect(flat(await offered.innerText())).toContain('Place proposée (liste d’attente) : à confirmer jusqu’au vendredi 27 novembre, 10:00');
    await checkAccessibility(page, 'Planning — place proposée');
    await offered.click();
    await page.getByRole('button', { name: 'OK' }).click();
    await page.getByText(/Payée par avoir/).first().waitFor();

    await page.goto('/#/planning?semaine=2026-W50');
    await linaWednesday.locator('.slot--reserved').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
