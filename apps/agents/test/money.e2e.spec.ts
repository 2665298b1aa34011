/**
 * « Argent » in Debian's Chromium against the REAL API (createApp, SQLite in a temp dir, demo
 * mode, a ManualClock on 26 November 2026 at 10:00 Paris time): the régisseur asks for the refund
 * of part of a family's credit, an administrator — another person — validates it, the family's
 * credit drops and the état des avoirs shows it; each role sees only its part of the screen, the
 * API refuses the rest; axe-core clean; screenshots at 1280 px and 768 px.
 */
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchChromium, openBackOffice, screenshots } from './support/browser';
import { callApi, demoToken, RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-26T10:00:00+01:00');
const FAMILY = 'famille-martin';

describe('the money of the régie (Chromium)', () => {
  let browser: Browser;
  let api: RunningApi;

  beforeAll(async () => {
    browser = await launchChromium();
    api = await startRealApi(NOW);
    const admin = await demoToken(api.baseUrl, { role: 'admin' });
    expect((await callApi(api.baseUrl, 'POST', `/api/admin/families/${FAMILY}/credits`, admin, { amountCents: 2000, reason: 'Trop-perçu de l’an dernier' }, 'seed-credit')).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  async function signIn(role: 'agent' | 'regisseur' | 'admin' | 'auditor') {
    const opened = await openBackOffice(browser, api.baseUrl, NOW);
    await opened.page.goto('/agents/');
    await opened.page.locator(`button[data-role="${role}"]`).click();
    await opened.page.getByRole('heading', { level: 1, name: 'Rechercher une famille' }).waitFor();
    return opened;
  }

  async function openMoney(page: Page) {
    await page.getByRole('navigation', { name: /./ }).getByRole('link', { name: 'Argent' }).click();
    await page.getByRole('heading', { level: 1, name: 'Argent' }).waitFor();
  }

  const balance = async () => (await callApi<{ balanceCents: number }>(api.baseUrl, 'GET', `/api/families/${FAMILY}/credits`, await demoToken(api.baseUrl, { role: 'admin' }))).body.balanceCents;
  const sections = async (page: Page) => page.locator('main h2').allInnerTexts();

  it('the régisseur asks, an administrator validates, the credit drops and the état des avoirs shows it', async () => {
    const regisseur = await signIn('regisseur');
    try {
      const { page, errors } = regisseur;
      await openMoney(page);
      expect(await sections(page)).toEqual(['Encaisse de la régie', 'Demandes de remboursement', 'Demander un remboursement', 'Avoirs par famille', 'Campagne de remboursement de fin d’année', 'Paiements non rattachés']);
      // The campaign's list downloads as CSV (nothing old to refund yet on the demo's first day).
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger la liste (CSV)' }).click()]);
      expect(download.suggestedFilename()).toBe('campagne-remboursements.csv');
      await page.getByRole('table', { name: /^État des avoirs/ }).waitFor();
      await checkAccessibility(page, 'argent-regisseur');

      await page.getByLabel('Famille (obligatoire)').selectOption(FAMILY);
      await page.getByLabel('Montant à rembourser (€) (obligatoire)').fill('12,50');
      await page.getByLabel('Motif (obligatoire)').fill('Départ de la commune');
      await page.getByRole('button', { name: 'Demander le remboursement' }).click();
      await page.getByText(/Remboursement de 12,50.€ demandé pour .* : un administrateur doit le valider\./).first().waitFor();
      const requests = page.getByRole('table', { name: /^Demandes de remboursement \(1\)/ });
      await requests.waitFor();
      expect(await requests.getByText('En attente de validation').count()).toBe(1);
      // The régisseur decides nothing: no button to validate.
      expect(await page.getByRole('button', { name: /^Valider/ }).count()).toBe(0);
      expect(await balance()).toBe(2000);
      await checkAccessibility(page, 'argent-demande');
      await screenshots(page, 'argent-demande');
      expect(errors).toEqual([]);
    } finally {
      await regisseur.context.close();
    }

    const admin = await signIn('admin');
    try {
      const { page, errors } = admin;
      await openMoney(page);
      expect(await sections(page)).toEqual(['Encaisse de la régie', 'Demandes de remboursement', 'Avoirs par famille', 'Campagne de remboursement de fin d’année', 'Accorder un avoir exceptionnel', 'Paiements non rattachés']);
      await checkAccessibility(page, 'argent-validation');
      await page.getByRole('button', { name: /^Valider 12,50.€ pour / }).click();
      await page.getByText(/Remboursement de 12,50.€ validé pour .* : l’avoir est remboursé\./).first().waitFor();
      await page.getByRole('table', { name: /^Demandes de remboursement/ }).getByText(/^Validée \(remboursée\)/).waitFor();
      expect(await balance()).toBe(750);
      const statement = page.getByRole('table', { name: /^État des avoirs/ });
      expect((await statement.locator('tbody tr').first().innerText()).replace(/\s+/g, ' ')).toMatch(/7,50.€/);
      const etat = await callApi<{ families: { familyId: string; balanceCents: number }[] }>(api.baseUrl, 'GET', '/api/regie/credits', await demoToken(api.baseUrl, { role: 'regisseur' }));
      expect(etat.body.families).toEqual([expect.objectContaining({ familyId: FAMILY, balanceCents: 750 })]);
      await checkAccessibility(page, 'argent-valide');
      await screenshots(page, 'argent-valide');

      // A goodwill credit, with its reason.
      await page.getByLabel('Identifiant de la famille (obligatoire)').fill(FAMILY);
      await page.getByLabel('Montant (€) (obligatoire)').fill('4,20');
      await page.getByLabel('Motif (obligatoire)').fill('Absence justifiée après le délai');
      await page.getByRole('button', { name: 'Accorder l’avoir' }).click();
      await page.getByText(/Avoir exceptionnel de 4,20.€ accordé : solde de la famille 11,70.€\./).first().waitFor();
      expect(await balance()).toBe(1170);
      expect(errors).toEqual([]);
    } finally {
      await admin.context.close();
    }
  });

  it('each role sees only its part; the API refuses the rest', async () => {
    const auditor = await signIn('auditor');
    try {
      const { page } = auditor;
      await openMoney(page);
      expect(await sections(page)).toEqual(['Encaisse de la régie', 'Demandes de remboursement', 'Avoirs par famille', 'Campagne de remboursement de fin d’année', 'Paiements non rattachés']);
      expect(await page.locator('main form').count()).toBe(0);
      // Downloads only: nothing that changes anything.
      expect(await page.locator('main button').allInnerTexts()).toEqual(['Télécharger la liste (CSV)', 'Télécharger la liste (PDF)']);
      await checkAccessibility(page, 'argent-auditeur');
    } finally {
      await auditor.context.close();
    }
    const agent = await signIn('agent');
    try {
      const { page } = agent;
      expect(await page.getByRole('link', { name: 'Argent' }).count()).toBe(0);
      await page.goto('/agents/#/argent');
      await page.getByRole('heading', { level: 1, name: 'Accès non autorisé' }).waitFor();
    } finally {
      await agent.context.close();
    }
    const tokens = Object.fromEntries(await Promise.all(['agent', 'regisseur', 'admin', 'auditor'].map(async (role) => [role, await demoToken(api.baseUrl, { role })] as const)));
    const ask = (role: string) => callApi(api.baseUrl, 'POST', `/api/regie/families/${FAMILY}/refund-requests`, tokens[role], { amountCents: 100, reason: 'Essai', creditIds: ['x'] }, `ask-${role}`);
    const validate = (role: string) => callApi(api.baseUrl, 'POST', `/api/admin/families/${FAMILY}/refund-requests/rr-x/validate`, tokens[role], undefined, `validate-${role}`);
    const grant = (role: string) => callApi(api.baseUrl, 'POST', `/api/admin/families/${FAMILY}/credits`, tokens[role], { amountCents: 100, reason: 'Essai' }, `grant-${role}`);
    const list = (role: string) => callApi(api.baseUrl, 'GET', '/api/regie/refund-requests', tokens[role]);
    const unmatched = (role: string) => callApi(api.baseUrl, 'GET', '/api/admin/unmatched-payments', tokens[role]);
    const statuses = async (call: (role: string) => Promise<{ status: number }>) => Object.fromEntries(await Promise.all(['agent', 'regisseur', 'admin', 'auditor'].map(async (role) => [role, (await call(role)).status])));
    expect(await statuses(ask)).toEqual({ agent: 403, regisseur: 404, admin: 403, auditor: 403 });
    expect(await statuses(validate)).toEqual({ agent: 403, regisseur: 403, admin: 404, auditor: 403 });
    expect(await statuses(grant)).toEqual({ agent: 403, regisseur: 403, admin: 201, auditor: 403 });
    expect(await statuses(list)).toEqual({ agent: 403, regisseur: 200, admin: 200, auditor: 200 });
    expect(await statuses(unmatched)).toEqual({ agent: 403, regisseur: 200, admin: 200, auditor: 200 });
  });
});
