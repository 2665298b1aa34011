/**
 * The portal in Debian's Chromium against the contract fake (test/support/contract-api.fake.ts,
 * written from docs/http.md), for what the real API does not show on demand: transient failures
 * (Idempotency-Key reuse on retry), a deadline passing between the display of the planning and
 * the click, a cancellation and a reservation sent together. The journey itself runs against
 * the real API in portal.e2e.spec.ts (runJourney also runs against this fake, if ever needed
 * while the API is down).
 */
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { ContractApiFake } from './support/contract-api.fake';
import { checkAccessibility, launchChromium, openPortal } from './support/browser';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-26T10:00:00+01:00');
const WEEK = { monday: '2026-12-07', label: /Semaine du lundi 7 décembre/, nextPressesFromDefault: 2 };
const PUBLIC_DIR = join(__dirname, '..', 'public');

describe('portal failure handling, against the contract fake (Chromium)', () => {
  let browser: Browser;
  let fake: ContractApiFake;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    fake = new ContractApiFake(PUBLIC_DIR);
    fake.now = NOW;
    const baseUrl = await fake.start();
    ({ context, page, errors } = await openPortal(browser, baseUrl, NOW));
  });
  afterEach(async () => {
    await context?.close();
    await fake?.stop();
  });

  async function signInAndOpenWeek() {
    await page.goto('/');
    await page.getByRole('button', { name: /J.accède au planning/ }).click();
    await page.getByLabel('Aller à la semaine du').fill(WEEK.monday);
    await page.getByRole('button', { name: 'Afficher la semaine' }).click();
    await page.locator('#semaine-affichee', { hasText: WEEK.label }).waitFor();
  }
  const firstChild = () => page.locator('section.child').first();
  const reservationPosts = () => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reservations'));

  it('retries a failed reservation with the same Idempotency-Key, automatically and when the parent clicks again', async () => {
    await signInAndOpenWeek();
    await firstChild().locator('button.slot--free', { hasText: 'Restauration scolaire' }).first().click();
    await page.locator('#modifications', { hasText: '1 jour' }).waitFor();
    // 3 failures exhaust the automatic retries (1 try + 2 retries): the parent sees an error.
    fake.faults.push({ method: 'POST', pattern: /\/reservations$/, remaining: 3 });
    await page.getByRole('button', { name: 'Demande de réservation' }).click();
    await page.getByRole('alert').filter({ hasText: 'Une erreur inattendue est survenue' }).waitFor();
    expect(reservationPosts().map((r) => r.status)).toEqual([503, 503, 503]);
    // The parent clicks again: the same key, so a request that did land is not booked twice.
    await page.getByRole('button', { name: 'Demande de réservation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Détail de la réservation' }).waitFor();
    const posts = reservationPosts();
    expect(posts.map((r) => r.status)).toEqual([503, 503, 503, 201]);
    expect(new Set(posts.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(errors).toEqual([]);
  });

  it('undoes a toggle the server refuses and says why', async () => {
    await signInAndOpenWeek();
    // The canteen of the week of 7 December closes on Tuesday 1 December 23:59: pass it.
    fake.now = new Date('2026-12-02T08:00:00Z');
    const day = firstChild().locator('button.slot--free', { hasText: 'Restauration scolaire' }).first();
    const name = await day.getAttribute('class');
    expect(name).toContain('slot--free');
    await day.click();
    await page.getByRole('alert').filter({ hasText: 'Le délai de modification de ce jour est dépassé' }).waitFor();
    await page.locator('#annonces', { hasText: 'délai de modification' }).waitFor();
    expect(await firstChild().locator('.slot--changing').count()).toBe(0);
    await page.locator('#modifications', { hasText: 'Aucune modification en cours' }).waitFor();
  });

  it('shows the deadline of each day in Paris time and never tells a state by colour alone', async () => {
    await signInAndOpenWeek();
    const day = firstChild().locator('button.slot--free', { hasText: 'Restauration scolaire' }).first();
    await expectText(day.locator('.slot__deadline'), "modifiable jusqu'au mardi 1er décembre, 23:59");
    await expectText(day.locator('.slot__status'), 'Non réservé');
    expect(await day.locator('.slot__status svg').count()).toBe(1);
    // A day past its deadline (this week's canteen) is not a button and says so in words.
    await page.getByRole('link', { name: 'Semaine précédente' }).click();
    await page.locator('#semaine-affichee', { hasText: /30 novembre/ }).waitFor();
    const locked = firstChild().locator('.slot--locked', { hasText: 'Restauration scolaire' }).first();
    await expectText(locked.locator('.slot__status'), 'Délai dépassé');
    expect(await locked.evaluate((el) => el.tagName)).toBe('DIV');
  });

  it('validates a cancellation and a reservation toggled together, the new credit paying for the reservation', async () => {
    await signInAndOpenWeek();
    const meals = (state: string) => firstChild().locator(`button.slot.${state}`, { hasText: 'Restauration scolaire' });
    await meals('slot--free').first().click();
    await page.locator('#modifications', { hasText: '1 jour' }).waitFor();
    await page.getByRole('button', { name: 'Demande de réservation' }).click();
    await page.getByRole('button', { name: /^Payer$/ }).click();
    await page.getByRole('button', { name: /^Payer/ }).click(); // on the payment page
    await page.getByText('Votre réservation est validée').waitFor();
    await page.getByRole('link', { name: 'Retour au planning' }).click();
    await meals('slot--reserved').first().click(); // to cancel
    await meals('slot--free').first().click(); // to reserve
    await page.locator('#modifications', { hasText: 'avoir de' }).waitFor();
    await page.getByRole('button', { name: 'Valider mes modifications' }).click();
    await page.getByRole('heading', { level: 2, name: 'Réservations demandées en même temps' }).waitFor();
    await page.getByRole('button', { name: 'Validation' }).click();
    await page.getByRole('heading', { level: 1, name: "Détail de l'annulation" }).waitFor();
    await page.getByRole('link', { name: 'Continuer : détail de la réservation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Détail de la réservation' }).waitFor();
    expect((await page.locator('.summary__row', { hasText: 'Avoir appliqué' }).locator('dd').innerText()).replace(/\s/g, ' ')).toBe('− 3,20 €');
    await page.getByRole('button', { name: /^OK$/ }).waitFor();
    // Cancellation first, then the reservation: the order that used the credit came second.
    const posts = fake.requests.filter((r) => r.method === 'POST' && /\/(cancellations|reservations)$/.test(r.path)).map((r) => r.path.split('/').pop());
    expect(posts).toEqual(['reservations', 'cancellations', 'reservations']);
    expect(errors).toEqual([]);
  });

  it('has an accessibility check that does fail on a serious violation', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: /J.accède au planning/ }).waitFor();
    await checkAccessibility(page, 'Connexion (témoin)');
    // Light grey text on white (contrast 1.6:1) and a button without a name.
    await page.evaluate(() => {
      const main = (globalThis as unknown as { document: { querySelector(s: string): { insertAdjacentHTML(p: string, h: string): void } } }).document.querySelector('main');
      main.insertAdjacentHTML('beforeend', '<p style="color:#ccc;background:#fff">texte peu lisible</p><button type="button"></button>');
    });
    await expect(checkAccessibility(page, 'Connexion (dégradée)')).rejects.toThrow(/color-contrast \(serious\)[\s\S]*button-name \(critical\)|button-name \(critical\)[\s\S]*color-contrast \(serious\)/);
  });

  async function expectText(locator: ReturnType<Page['locator']>, text: string) {
    const actual = (await locator.innerText()).replace(/[\u00a0\u202f]/g, ' ');
    expect(actual).toBe(text);
  }
});
