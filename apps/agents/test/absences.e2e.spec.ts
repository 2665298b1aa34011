/**
 * Absence with proof (R22) from both sides, in Debian's Chromium against the REAL API
 * (createApp, SQLite in a temp dir, demo mode, simulated payments, a ManualClock): famille-martin
 * has paid Léa's canteen on Monday 7 December 2026, whose cancellation deadline passed on
 * Thursday 3 December at noon. On Friday 4 December her parent opens the planning, follows
 * « Signaler une absence » on that day and sends a PDF certificate; an agent opens the proof in
 * the back office's « Absences » and accepts it; the parent then reads « Acceptée : avoir de
 * 2,10 € » and the credit in « Mes avoirs ». axe-core clean on every screen (back office at 1280
 * and 768 px, portal at 1280 and 360 px).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchChromium, openBackOffice, screenshots } from './support/browser';
import { callApi, demoToken, RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(180_000);

const BOOKED = new Date('2026-11-26T10:00:00+01:00');
const SICK = new Date('2026-12-04T09:00:00+01:00');
const FAMILY = 'famille-martin';
const PORTAL_SCREENSHOTS = join(__dirname, '..', '..', 'portal', 'screenshots');
const CERTIFICATE = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** Léa's canteen on Monday 7 December, reserved and paid on the simulated site. */
async function payCanteenDay(base: string): Promise<void> {
  const token = await demoToken(base, { role: 'parent', familyId: FAMILY });
  const order = await callApi<{ orderId: string }>(base, 'POST', `/api/families/${FAMILY}/reservations`, token, { slots: [{ childId: 'lea-martin', activityId: 'restauration', date: '2026-12-07' }] }, 'absence-order');
  expect(order.status).toBe(201);
  const checkout = await callApi<{ checkoutUrl: string }>(base, 'POST', `/api/orders/${order.body.orderId}/checkout`, token, {}, 'absence-checkout');
  const paid = await fetch(`${base}${new URL(checkout.body.checkoutUrl).pathname}/pay`, { method: 'POST', redirect: 'manual' });
  expect(paid.status).toBe(303);
}

async function noSideScroll(page: Page): Promise<void> {
  expect(await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth)).toBeLessThanOrEqual(0);
}

describe('absence with proof: the parent declares it in the portal, an agent accepts it in the back office (Chromium)', () => {
  let browser: Browser;
  let api: RunningApi;

  beforeAll(async () => {
    browser = await launchChromium();
    api = await startRealApi(BOOKED);
    await payCanteenDay(api.baseUrl);
    api.clock.set(SICK);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('declared with a PDF, accepted by an agent, credited to the family', async () => {
    mkdirSync(PORTAL_SCREENSHOTS, { recursive: true });
    // --- The parent, in the portal -------------------------------------------------------
    const parent = await openBackOffice(browser, api.baseUrl, SICK);
    const portal = parent.page;
    await portal.goto('/');
    await portal.getByRole('button', { name: /J.accède au planning/ }).click();
    await portal.getByRole('heading', { level: 1, name: 'Planning de réservation' }).waitFor();
    await portal.goto('/#/planning?semaine=2026-W50');
    const report = portal.getByRole('link', { name: /Signaler une absence : Restauration scolaire, Léa Martin, lundi 7 décembre/ });
    await report.waitFor();
    // Only a locked reserved day of an activity the town's rule names offers it.
    expect(await portal.getByRole('link', { name: /^Signaler une absence/ }).count()).toBe(1);
    await checkAccessibility(portal, 'portail-planning-absence');
    await report.click();

    const form = portal.getByRole('form', { name: 'Signaler une absence' });
    await form.waitFor();
    expect((await form.innerText()).replace(/\s+/g, ' ')).toMatch(/Léa Martin — Restauration scolaire, lundi 7 décembre 2026 .*Formats acceptés : PDF, JPEG \(photo\) ou PNG, 5 Mo au plus/);
    await checkAccessibility(portal, 'portail-signaler-absence');
    await portal.screenshot({ path: join(PORTAL_SCREENSHOTS, 'absence-formulaire-1280.png'), fullPage: true });
    await form.getByLabel('Justificatif (certificat médical)').setInputFiles({ name: 'certificat.pdf', mimeType: 'application/pdf', buffer: CERTIFICATE });
    await form.getByRole('button', { name: 'Envoyer la déclaration' }).click();
    await portal.locator('main').getByText('Absence signalée.', { exact: true }).waitFor();
    const mine = portal.getByRole('table', { name: 'Vos absences signalées' });
    expect((await mine.locator('tbody tr').first().innerText()).replace(/\s+/g, ' ')).toMatch(/lundi 7 décembre 2026 Léa Martin Restauration scolaire .* En attente/);
    await checkAccessibility(portal, 'portail-absence-en-attente');

    // --- The agent, in the back office ---------------------------------------------------
    const agent = await openBackOffice(browser, api.baseUrl, SICK);
    try {
      const { page, errors, context } = agent;
      await page.goto('/agents/');
      await page.locator('button[data-role="agent"]').click();
      await page.getByRole('heading', { level: 1, name: 'Rechercher une famille' }).waitFor();
      await page.getByRole('navigation', { name: /./ }).getByRole('link', { name: 'Absences' }).click();
      await page.getByRole('heading', { level: 1, name: 'Absences' }).waitFor();
      const pending = page.getByRole('table', { name: 'Absences en attente (1)' });
      await pending.waitFor();
      expect((await pending.locator('tbody tr').first().innerText()).replace(/\s+/g, ' ')).toMatch(/^Camille Martin Léa Martin Restauration scolaire, lundi 7 décembre 2026 2,10.€ 04\/12\/2026 à 09:00 Ouvrir le justificatif/);
      await checkAccessibility(page, 'absences-en-attente');
      await screenshots(page, 'absences-en-attente');

      const [proofTab] = await Promise.all([context.waitForEvent('page'), pending.getByRole('button', { name: /^Ouvrir le justificatif de Léa Martin.*\(PDF, 1 Ko\)$/ }).click()]);
      expect(proofTab.url()).toMatch(/^blob:/);
      await proofTab.close();

      await pending.getByRole('button', { name: /^Accepter l’absence : Léa Martin, Restauration scolaire du lundi 7 décembre 2026/ }).click();
      await page.getByText(/Absence acceptée : Léa Martin, Restauration scolaire du lundi 7 décembre 2026\. Avoir de 2,10.€ émis/).first().waitFor();
      await page.getByText('Aucune absence en attente.').waitFor();
      await checkAccessibility(page, 'absence-acceptee');
      await screenshots(page, 'absence-acceptee');
      expect(errors).toEqual([]);
    } finally {
      await agent.context.close();
    }

    // --- The parent sees the credit ------------------------------------------------------
    await portal.goto('/#/absences');
    await portal.reload();
    const row = portal.getByRole('table', { name: 'Vos absences signalées' }).locator('tbody tr').first();
    await row.getByText(/Acceptée : avoir de 2,10.€/).waitFor();
    await checkAccessibility(portal, 'portail-absence-acceptee');
    await portal.setViewportSize({ width: 360, height: 800 });
    await noSideScroll(portal);
    await checkAccessibility(portal, 'portail-absence-acceptee (360 px)');
    await portal.screenshot({ path: join(PORTAL_SCREENSHOTS, 'absence-acceptee-360.png'), fullPage: true });
    await portal.goto('/#/avoirs');
    await portal.getByText(/Solde disponible\s*2,10.€/).waitFor();
    expect(parent.errors).toEqual([]);
    await parent.context.close();
  });
});
