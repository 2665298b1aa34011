/**
 * The parent journey with PayFiP as the provider, as a town running a régie deploys it — here
 * in demo mode with the local PayFiP simulator (`PERISCOL_PAYMENTS=payfip PAYFIP_SIMULATOR=1`),
 * against the REAL API, on a phone (390 × 844): « Payer » → PayFiP's page → « Abandonner » →
 * back on the portal « Paiement non effectué » (not « en cours »); « Payer » again → paid by card
 * → the reservation is validated with its ticket. The API's ManualClock drives the simulator too.
 */
import { Browser, BrowserContext, Page } from 'playwright-core';
import { checkAccessibility, launchChromium, screenshot } from './support/browser';
import { euros, normalize, parseCents } from './support/journey';
import { RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-26T10:00:00+01:00');
const PHONE = { width: 390, height: 844 };
const MEAL = 'Restauration scolaire';

describe('portal with PayFiP (simulator, demo mode), on a phone', () => {
  let browser: Browser;
  let api: RunningApi;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    api = await startRealApi(NOW, { PERISCOL_PAYMENTS: 'payfip', PAYFIP_SIMULATOR: '1' });
    context = await browser.newContext({ baseURL: api.baseUrl, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: PHONE, isMobile: true, hasTouch: true });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    await page.clock.setFixedTime(NOW);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await api?.stop();
  });

  const meals = (state: string) => page.locator('section.child').first().locator(`.slot.${state}`, { hasText: MEAL });
  const summaryValue = async (label: string) => normalize(await page.locator('.summary__row').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).first().locator('dd').innerText());

  async function toPayfip() {
    await page.getByRole('button', { name: /^Payer$/ }).click();
    await page.waitForURL(/idop=/);
    await page.getByRole('heading', { level: 1, name: /^Paiement de / }).waitFor();
  }

  it('abandoned on PayFiP’s page says « Paiement non effectué »; paid by card, the reservation is validated with its ticket', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: /J.accède au planning/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Planning de réservation' }).waitFor();
    await page.locator('summary', { hasText: 'Aller à une autre date' }).click();
    await page.getByLabel('Aller à la semaine du').fill('2026-12-07');
    await page.getByRole('button', { name: 'Afficher la semaine' }).click();
    await page.locator('#semaine-affichee', { hasText: /Semaine du lundi 7 décembre/ }).waitFor();
    const price = parseCents(await meals('slot--free').first().locator('.slot__price').innerText());
    await meals('slot--free').first().click();
    await page.locator('#modifications', { hasText: '1 prestation (1 jour)' }).waitFor();
    await page.getByRole('button', { name: 'Demande de réservation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Détail de la réservation' }).waitFor();

    // PayFiP's page, then « Abandonner »: back on the portal, said at once, days still held.
    await toPayfip();
    expect(normalize(await page.locator('h1').innerText())).toBe(`Paiement de ${euros(price)}`);
    await page.getByRole('button', { name: 'Abandonner' }).click();
    await page.waitForURL(/#\/commande\/.+paiement=annule/);
    await page.locator('main .notice', { hasText: "Paiement non effectué — vos jours sont retenus jusqu'à 11:00" }).waitFor();
    expect(await page.getByText('Paiement en cours de validation').count()).toBe(0);
    expect(await summaryValue('Montant à payer')).toBe(euros(price));
    await checkAccessibility(page, 'PayFiP : paiement abandonné (390 px)');
    await screenshot(page, 'payfip-abandonne-390');

    // « Payer » again: a new idOp; paid by card.
    await toPayfip();
    await page.getByRole('button', { name: 'Payer par carte (accepté)' }).click();
    await page.getByText('Votre réservation est validée').waitFor();
    expect(await summaryValue('Statut de la réservation')).toBe('Validée');
    expect(await summaryValue('Montant payé')).toBe(euros(price));
    await page.getByRole('button', { name: /Ticket de paiement/ }).waitFor();
    await checkAccessibility(page, 'PayFiP : réservation payée (390 px)');
    await screenshot(page, 'payfip-payee-390');
    expect(errors).toEqual([]);
  });
});
