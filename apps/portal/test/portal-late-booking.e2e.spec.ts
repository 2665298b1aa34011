/**
 * Late booking in the portal (docs/rules.md §2, R2, R3 step 6), in Debian's Chromium against
 * the REAL API: the demo canteen, also taken late at +1,00 € until 9:00 the same day. On
 * Thursday 3 December 2026, after the deadline of the week of 7 December, that week's days show
 * the late price, why, and until when — before the parent confirms — and the running total is
 * the late price.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { demoMunicipality } from '@periscol/reservation-domain';
import { Browser } from 'playwright-core';
import { checkAccessibility, launchChromium, openPortal } from './support/browser';
import { RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const NOW = new Date('2026-12-03T11:00:00+01:00');

describe('late booking in the portal (Chromium)', () => {
  let browser: Browser;
  let server: RunningApi | undefined;
  let dir: string;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-portal-late-'));
  });
  afterAll(async () => {
    await server?.stop();
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the late price, why and until when on the day’s card, and totals it', async () => {
    const file = path.join(dir, 'municipality.json');
    const municipality = structuredClone(demoMunicipality) as unknown as { activities: Record<string, unknown>[] };
    const canteen = municipality.activities.find((activity) => activity['id'] === 'restauration');
    if (!canteen) throw new Error('no canteen in the demo municipality');
    canteen['startTime'] = '11:45';
    canteen['lateBooking'] = { price: { surchargeCents: 100 }, until: { daysBefore: 0, time: '09:00', workingDays: false } };
    fs.writeFileSync(file, JSON.stringify(municipality));
    server = await startRealApi(NOW, { PERISCOL_MUNICIPALITY_FILE: file });

    const { context, page, errors } = await openPortal(browser, server.baseUrl, NOW);
    await page.goto('/');
    await page.getByRole('button', { name: /J.accède au planning/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Planning de réservation' }).waitFor();
    await page.goto('/#/planning?semaine=2026-W50');
    await page.locator('#semaine-affichee').filter({ hasText: /Semaine du lundi 7 décembre/ }).waitFor();

    const lateDays = page.locator('button.slot--free').filter({ hasText: 'Restauration scolaire' }).filter({ hasText: 'réservation tardive' });
    await lateDays.first().waitFor();
    const card = (await lateDays.first().innerText()).replace(/[\s\u00a0\u202f]+/g, ' ');
    const [late, normal] = [/(\d+,\d{2}) €[ ,]*tarif majoré/.exec(card)?.[1], /au lieu de (\d+,\d{2}) €/.exec(card)?.[1]].map((text) => Math.round(Number(text?.replace(',', '.')) * 100));
    expect(late).toBe(normal + 100);
    expect(card).toContain('tarif majoré — réservation tardive (au lieu de');
    expect(card).toMatch(/réservation tardive possible jusqu'au lundi 7 décembre, 09:00/);
    await checkAccessibility(page, 'Planning — réservation tardive');

    await lateDays.first().click();
    await page.locator('#modifications').filter({ hasText: '1 prestation' }).waitFor();
    expect((await page.locator('#modifications').innerText()).replace(/[\s\u00a0\u202f]+/g, ' ')).toContain(`Montant à payer : ${(late / 100).toFixed(2).replace('.', ',')} €`);
    expect(errors).toEqual([]);
    await context.close();
  });
});
