/**
 * « Journal de la régie » in Debian's Chromium against the REAL API (createApp, SQLite in a temp
 * dir, demo mode, simulated payments, a ManualClock): a family pays on the simulated site on
 * 26 November; the next morning the régisseur reads the day's payments (receipt, family, method,
 * totals), sees the reconciliation without difference, closes the day, and downloads the month's
 * pack; the auditor reads the same journal without any action and the API refuses the closing.
 * axe-core clean; screenshots at 1280 px and 768 px.
 */
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchChromium, openBackOffice, screenshots } from './support/browser';
import { callApi, demoToken, RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const PAID_ON = new Date('2026-11-26T10:00:00+01:00');
const NEXT_MORNING = new Date('2026-11-27T08:30:00+01:00');
const FAMILY = 'famille-nguyen';

describe('the régie journal of a day (Chromium)', () => {
  let browser: Browser;
  let api: RunningApi;
  let paidCents = 0;

  beforeAll(async () => {
    browser = await launchChromium();
    api = await startRealApi(PAID_ON);
    const parent = await demoToken(api.baseUrl, { role: 'parent', familyId: FAMILY });
    const order = await callApi<{ orderId: string; totalCents: number; action: string }>(api.baseUrl, 'POST', `/api/families/${FAMILY}/reservations`, parent, { slots: [{ childId: 'lina-nguyen', activityId: 'restauration', date: '2026-12-10' }] }, 'journal-reserve');
    expect(order.status).toBe(201);
    const checkout = await callApi<{ checkoutUrl: string }>(api.baseUrl, 'POST', `/api/orders/${order.body.orderId}/checkout`, parent, {}, 'journal-pay');
    expect(checkout.status).toBe(200);
    // The simulated payment site's « Payer » button, as the parent's browser posts it.
    const paid = await fetch(`${checkout.body.checkoutUrl}/pay`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    expect(paid.status).toBe(303);
    paidCents = order.body.totalCents;
    api.clock.set(NEXT_MORNING);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  async function openJournal(role: 'regisseur' | 'auditor') {
    const opened = await openBackOffice(browser, api.baseUrl, NEXT_MORNING);
    await opened.page.goto('/agents/');
    await opened.page.locator(`button[data-role="${role}"]`).click();
    await opened.page.getByRole('heading', { level: 1, name: 'Rechercher une famille' }).waitFor();
    await opened.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Journal de la régie' }).click();
    await opened.page.getByRole('heading', { level: 1, name: 'Journal de la régie' }).waitFor();
    return opened;
  }

  async function showDay(page: Page, date: string) {
    await page.getByLabel('Jour (obligatoire)').fill(date);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByRole('heading', { level: 2, name: /^Encaissements du jeudi 26 novembre 2026/ }).waitFor();
  }

  const euros = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')}\u00a0€`;
  const text = (s: string) => s.replace(/\s+/g, ' ').trim();

  it('the régisseur reads the payments of yesterday, finds no difference, closes the day and downloads the pack', async () => {
    const { context, page, errors } = await openJournal('regisseur');
    try {
      // Today opens first: nothing received yet, and a day in progress cannot be closed.
      await page.getByText('Journée en cours : elle pourra être clôturée demain.').waitFor();
      await showDay(page, '2026-11-26');
      const receipts = page.getByRole('table', { name: /^Encaissements du jeudi 26 novembre 2026 \(1\)/ });
      const rows = (await receipts.locator('tbody tr').allInnerTexts()).map(text);
      expect(rows).toEqual([`R-2026-000001 26/11/2026 à 10:00 Thomas Nguyen Paiement simulé ${text(euros(paidCents))}`]);
      const totals = page.getByRole('table', { name: /^Totaux par mode de paiement/ });
      expect(text(await totals.locator('tfoot').innerText())).toBe(`Total ${text(euros(paidCents))}`);
      await page.getByText(/^Aucun écart : 1 paiement reçu des prestataires/).waitFor();
      await checkAccessibility(page, 'journal-ouvert');
      await screenshots(page, 'journal-ouvert');

      await page.getByRole('button', { name: 'Clôturer la journée du jeudi 26 novembre 2026' }).click();
      await page.getByText(`Journée du jeudi 26 novembre 2026 clôturée : 1 quittance, ${euros(paidCents)}.`).first().waitFor();
      await page.getByText(/^Journée clôturée le 27\/11\/2026 à 08:30 : 1 quittance \(R-2026-000001 à R-2026-000001\)/).waitFor();
      expect(await page.getByRole('button', { name: /^Clôturer/ }).count()).toBe(0);
      await checkAccessibility(page, 'journal-cloture');
      await screenshots(page, 'journal-cloture');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le dossier (PDF)' }).click()]);
      expect(download.suggestedFilename()).toBe('regie-2026-11.pdf');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    const regisseur = await demoToken(api.baseUrl, { role: 'regisseur' });
    const journal = await callApi<{ days: Array<{ status: string; totalCents: number }> }>(api.baseUrl, 'GET', '/api/regie/journal?from=2026-11-26&to=2026-11-26', regisseur);
    expect(journal.body.days[0]).toMatchObject({ status: 'closed', totalCents: paidCents });
  });

  it('the auditor reads the same journal, is offered no closing, and the API refuses it', async () => {
    const { context, page, errors } = await openJournal('auditor');
    try {
      await page.getByRole('link', { name: /^Jour précédent/ }).click();
      await page.getByRole('heading', { level: 2, name: /^Encaissements du jeudi 26 novembre 2026/ }).waitFor();
      await page.getByRole('table', { name: /^Encaissements du jeudi 26 novembre 2026 \(1\)/ }).waitFor();
      expect(await page.getByRole('button', { name: /^Clôturer/ }).count()).toBe(0);
      await checkAccessibility(page, 'journal-auditeur');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    const auditor = await demoToken(api.baseUrl, { role: 'auditor' });
    const refused = await callApi<{ error: { code: string } }>(api.baseUrl, 'POST', '/api/regie/journal/days/2026-11-27/close', auditor, undefined, 'auditor-close');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});
