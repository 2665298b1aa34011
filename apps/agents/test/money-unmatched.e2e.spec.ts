/**
 * « Argent », the payments no family could take, in Debian's Chromium against the REAL API
 * (createApp, SQLite in a temp dir, demo mode, simulated payments, a ManualClock on 26 November
 * 2026): the simulated site notifies a payment of 18,40 € for a family that does not exist (kept
 * as an unmatched payment); the régisseur finds the right family with the family search, gives a
 * reason and attaches it — the family's credit grows by 18,40 €, the receipt is numbered, the row
 * says « Rattaché à … » —, then asks for the refund of that credit, which an administrator
 * validates. The auditor sees no button and the API refuses the attachment (403). axe-core clean;
 * screenshots at 1280 px and 768 px.
 */
import type { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchChromium, openBackOffice, screenshots } from './support/browser';
import { callApi, demoToken, RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-26T10:00:00+01:00');
const FAMILY = 'famille-bernard';
const STRAY = 'sim_pi_bernard_virement';

/** The simulated site's « paid » event for a payment whose family Periscol does not know. */
function strayPayment(providerPaymentId: string, amountCents: number, paidAt: Date): string {
  return JSON.stringify({
    id: `evt_${providerPaymentId}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(paidAt.getTime() / 1000),
    livemode: false,
    data: {
      object: {
        id: `sim_cs_${providerPaymentId}`,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        amount_total: amountCents,
        currency: 'eur',
        client_reference_id: 'order-inconnue',
        metadata: { orderId: 'order-inconnue', paymentId: 'payment-inconnu', familyId: 'famille-bernad' },
        payment_intent: providerPaymentId,
      },
    },
  });
}

describe('attaching a payment no family could take (Chromium)', () => {
  let browser: Browser;
  let api: RunningApi;

  beforeAll(async () => {
    browser = await launchChromium();
    api = await startRealApi(NOW);
    const notified = await api.notifySimulatedPayment(strayPayment(STRAY, 1840, NOW));
    expect(notified).toEqual({ status: 200, body: expect.objectContaining({ outcome: 'unmatched', reason: 'UNKNOWN_FAMILY' }) });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  async function signIn(role: 'regisseur' | 'admin' | 'auditor') {
    const opened = await openBackOffice(browser, api.baseUrl, NOW);
    await opened.page.goto('/agents/');
    await opened.page.locator(`button[data-role="${role}"]`).click();
    await opened.page.getByRole('heading', { level: 1, name: 'Rechercher une famille' }).waitFor();
    await opened.page.getByRole('navigation', { name: /./ }).getByRole('link', { name: 'Argent' }).click();
    await opened.page.getByRole('heading', { level: 1, name: 'Argent' }).waitFor();
    return opened;
  }

  const balance = async () => (await callApi<{ balanceCents: number }>(api.baseUrl, 'GET', `/api/families/${FAMILY}/credits`, await demoToken(api.baseUrl, { role: 'admin' }))).body.balanceCents;
  const unmatchedTable = (page: Page) => page.getByRole('table', { name: /^Paiements non rattachés/ });

  it('the régisseur attaches it to the right family, whose credit grows; then asks its refund, which an administrator validates', async () => {
    expect(await balance()).toBe(0);
    const regisseur = await signIn('regisseur');
    try {
      const { page, errors } = regisseur;
      const table = unmatchedTable(page);
      await table.waitFor();
      expect((await table.locator('tbody tr').first().innerText()).replace(/\s+/g, ' ')).toMatch(/sim_pi_bernard_virement simulated, payé le 26\/11\/2026 à 10:00 Famille famille-bernad Réservation order-inconnue 18,40.€ Famille inconnue Non rattaché/);
      await checkAccessibility(page, 'argent-non-rattache');
      await screenshots(page, 'argent-non-rattache');

      await table.getByRole('button', { name: `Rattacher à une famille le paiement ${STRAY} de 18,40 €` }).click();
      const heading = page.getByRole('heading', { level: 3, name: `Rattacher le paiement ${STRAY} de 18,40 €` });
      await heading.waitFor();
      await page.getByLabel('Nom de la famille, d’un enfant ou e-mail (obligatoire)').fill('Bernard');
      await page.getByRole('button', { name: 'Chercher' }).click();
      await page.getByRole('radio', { name: /^Sophie et Karim Bernard/ }).check();
      await page.locator('form[aria-labelledby^="rattacher-"]').getByLabel('Motif (obligatoire)').fill('Virement de la famille Bernard, identifiant mal saisi');
      await checkAccessibility(page, 'argent-rattacher');
      await screenshots(page, 'argent-rattacher');
      await page.getByRole('button', { name: 'Confirmer le rattachement' }).click();

      await page.getByText(/Paiement de 18,40.€ rattaché à Sophie et Karim Bernard : avoir de la famille 18,40.€, quittance R-2026-\d{6}\./).first().waitFor();
      expect(await balance()).toBe(1840);
      const row = (await unmatchedTable(page).locator('tbody tr').first().innerText()).replace(/\s+/g, ' ');
      expect(row).toMatch(/Rattaché à Sophie et Karim Bernard le 26\/11\/2026/);
      expect(await unmatchedTable(page).getByRole('button', { name: /^Rattacher/ }).count()).toBe(0);
      await checkAccessibility(page, 'argent-rattache');
      await screenshots(page, 'argent-rattache');

      // The credit it became is refunded as any credit is (R19): the régisseur asks…
      await page.getByLabel('Famille (obligatoire)').selectOption(FAMILY);
      await page.getByLabel('Montant à rembourser (€) (obligatoire)').fill('18,40');
      await page.locator('form[aria-labelledby="demander"]').getByLabel('Motif (obligatoire)').fill('Remboursement du virement rattaché');
      await page.getByRole('button', { name: 'Demander le remboursement' }).click();
      await page.getByText(/Remboursement de 18,40.€ demandé pour .* : un administrateur doit le valider\./).first().waitFor();
      expect(errors).toEqual([]);
    } finally {
      await regisseur.context.close();
    }

    // … an administrator validates.
    const admin = await signIn('admin');
    try {
      const { page, errors } = admin;
      await page.getByRole('button', { name: /^Valider 18,40.€ pour Sophie et Karim Bernard/ }).click();
      await page.getByText(/Remboursement de 18,40.€ validé pour .* : l’avoir est remboursé\./).first().waitFor();
      expect(await balance()).toBe(0);
      // The administrator reads the attachment; attaching is the régisseur's.
      expect((await unmatchedTable(page).locator('tbody tr').first().innerText()).replace(/\s+/g, ' ')).toMatch(/Rattaché à Sophie et Karim Bernard/);
      expect(errors).toEqual([]);
    } finally {
      await admin.context.close();
    }
  });

  it('the auditor sees the payments and no button; the API refuses the auditor and the administrator (403)', async () => {
    expect((await api.notifySimulatedPayment(strayPayment('sim_pi_autre', 500, NOW))).body).toMatchObject({ outcome: 'unmatched' });
    const auditor = await signIn('auditor');
    try {
      const { page } = auditor;
      await unmatchedTable(page).waitFor();
      expect((await unmatchedTable(page).locator('tbody tr').nth(1).innerText()).replace(/\s+/g, ' ')).toMatch(/sim_pi_autre .*Non rattaché/);
      expect(await unmatchedTable(page).getByRole('button').count()).toBe(0);
      await checkAccessibility(page, 'argent-non-rattache-auditeur');
    } finally {
      await auditor.context.close();
    }
    for (const role of ['auditor', 'admin'] as const) {
      const token = await demoToken(api.baseUrl, { role });
      const res = await callApi<{ error: { code: string } }>(api.baseUrl, 'POST', '/api/regie/unmatched-payments/sim_pi_autre/attachment', token, { familyId: 'famille-martin', reason: 'Essai' }, `attach-${role}`);
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
  });
});
