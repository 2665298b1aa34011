/**
 * The family file's children and documents in Debian's Chromium against the REAL API (createApp,
 * SQLite in a temp dir, demo mode, simulated payments, a ManualClock): an agent records a PAI for
 * one child and a child's own QF for another (person data, R17; what prices their next days, R3),
 * and reprints the family's payment ticket and recap at the desk; the régisseur downloads the
 * ticket too but changes nothing; the API refuses the changes to the roles that may not make
 * them. axe-core clean; screenshots at 1280 px and 768 px.
 */
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchChromium, openBackOffice, screenshots } from './support/browser';
import { callApi, demoToken, RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-26T10:00:00+01:00');
const FAMILY = 'famille-bernard';

interface FamilyChild {
  childId: string;
  medicalProtocol: boolean;
  ownQuotientFamilial: number | null;
}

describe('the family file: children’s PAI and own QF, documents (Chromium)', () => {
  let browser: Browser;
  let api: RunningApi;

  beforeAll(async () => {
    browser = await launchChromium();
    api = await startRealApi(NOW);
    const parent = await demoToken(api.baseUrl, { role: 'parent', familyId: FAMILY });
    const order = await callApi<{ orderId: string }>(api.baseUrl, 'POST', `/api/families/${FAMILY}/reservations`, parent, { slots: [{ childId: 'jade-bernard', activityId: 'restauration', date: '2026-12-10' }] }, 'file-reserve');
    expect(order.status).toBe(201);
    const checkout = await callApi<{ checkoutUrl: string }>(api.baseUrl, 'POST', `/api/orders/${order.body.orderId}/checkout`, parent, {}, 'file-pay');
    const paid = await fetch(`${checkout.body.checkoutUrl}/pay`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    expect(paid.status).toBe(303);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  async function openFile(role: 'agent' | 'regisseur') {
    const opened = await openBackOffice(browser, api.baseUrl, NOW);
    await opened.page.goto('/agents/');
    await opened.page.locator(`button[data-role="${role}"]`).click();
    await opened.page.getByRole('heading', { level: 1, name: 'Rechercher une famille' }).waitFor();
    await opened.page.goto(`/agents/#/famille/${FAMILY}`);
    await opened.page.getByRole('heading', { level: 1, name: 'Sophie et Karim Bernard' }).waitFor();
    return opened;
  }

  const childRow = (page: Page, name: string) => page.getByRole('table', { name: 'Enfants de la famille Sophie et Karim Bernard' }).getByRole('row', { name: new RegExp(`^${name}`) });
  const children = async () => {
    const admin = await demoToken(api.baseUrl, { role: 'admin' });
    return (await callApi<{ children: FamilyChild[] }>(api.baseUrl, 'GET', `/api/families/${FAMILY}`, admin)).body.children;
  };

  it('an agent records a PAI and a child’s own QF, then reprints the ticket and the recap', async () => {
    const { context, page, errors } = await openFile('agent');
    try {
      expect(await childRow(page, 'Jade Bernard').innerText()).toMatch(/\tNon\tCelui de la famille\t/);
      await page.getByRole('link', { name: 'Modifier PAI et quotient de Jade Bernard' }).click();
      await page.getByRole('heading', { level: 1, name: 'Jade Bernard' }).waitFor();
      await checkAccessibility(page, 'enfant');
      await screenshots(page, 'enfant');
      await page.getByLabel('PAI avec panier repas fourni par la famille').check();
      await page.getByRole('button', { name: 'Enregistrer le PAI' }).click();
      await page.getByText('Jade Bernard : PAI enregistré (panier repas).').first().waitFor();
      await page.getByRole('heading', { level: 1, name: 'Sophie et Karim Bernard' }).waitFor();
      expect(await childRow(page, 'Jade Bernard').innerText()).toMatch(/\tOui \(panier repas\)\t/);

      await page.getByRole('link', { name: 'Modifier PAI et quotient de Inès Bernard' }).click();
      await page.getByLabel('Quotient familial propre à l’enfant').fill('450');
      await page.getByRole('button', { name: 'Enregistrer le quotient de l’enfant' }).click();
      await page.getByText('Inès Bernard : quotient familial propre enregistré (450).').first().waitFor();
      expect(await childRow(page, 'Inès Bernard').innerText()).toMatch(/\tNon\t450\t/);
      expect((await children()).map(({ childId, medicalProtocol, ownQuotientFamilial }) => [childId, medicalProtocol, ownQuotientFamilial])).toEqual([
        ['ines-bernard', false, 450],
        ['nathan-bernard', false, null],
        ['jade-bernard', true, null],
      ]);

      const [ticket] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ticket R-2026-000001 (PDF)' }).click()]);
      expect(ticket.suggestedFilename()).toBe('ticket-R-2026-000001.pdf');
      const [recap] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Récapitulatif de la famille (PDF)' }).click()]);
      expect(recap.suggestedFilename()).toBe(`recapitulatif-${FAMILY}.pdf`);
      await checkAccessibility(page, 'dossier-documents');
      await screenshots(page, 'dossier-documents');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the régisseur reprints the ticket but is offered no change; the API refuses it and the auditor', async () => {
    const { context, page, errors } = await openFile('regisseur');
    try {
      expect(await page.getByRole('link', { name: /^Modifier PAI/ }).count()).toBe(0);
      const [ticket] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ticket R-2026-000001 (PDF)' }).click()]);
      expect(ticket.suggestedFilename()).toBe('ticket-R-2026-000001.pdf');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    for (const role of ['regisseur', 'auditor']) {
      const token = await demoToken(api.baseUrl, { role });
      const pai = await callApi<{ error: { code: string } }>(api.baseUrl, 'PUT', `/api/admin/families/${FAMILY}/children/nathan-bernard/medical-protocol`, token, { medicalProtocol: true }, `pai-${role}`);
      const qf = await callApi<{ error: { code: string } }>(api.baseUrl, 'PUT', `/api/admin/families/${FAMILY}/children/nathan-bernard/quotient-familial`, token, { quotientFamilial: 300 }, `qf-${role}`);
      expect([role, pai.status, pai.body.error.code, qf.status, qf.body.error.code]).toEqual([role, 403, 'FORBIDDEN', 403, 'FORBIDDEN']);
    }
    expect((await children()).find((c) => c.childId === 'nathan-bernard')).toMatchObject({ medicalProtocol: false, ownQuotientFamilial: null });
  });
});
