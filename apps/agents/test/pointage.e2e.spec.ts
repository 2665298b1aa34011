/**
 * The pointage on a tablet (R20) in Debian's Chromium against the REAL API (createApp, SQLite in
 * a temp dir, demo mode, a ManualClock on Monday 7 December 2026 at 11:30 Paris time): an agent
 * at 768 px points Jules-Ferry's canteen list — Léa present with the keyboard, Hugo absent by
 * touch after another agent's mark is shown on his row, Lina Nguyen added present without a
 * reservation — reloads and finds the marks; axe-core clean; screenshots at 1280 px and 768 px.
 */
import { Browser, Page } from 'playwright-core';
import { checkAccessibility, launchChromium, screenshots, tabTo, WIDTHS } from './support/browser';
import { callApi, demoToken, RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const BOOKING_TIME = new Date('2026-11-26T10:00:00+01:00');
const MEAL_DAY = '2026-12-07';
const LUNCH = new Date('2026-12-07T11:30:00+01:00');
const SCHOOL = 'École élémentaire Jules-Ferry';

describe('the pointage on a tablet (Chromium, 768 px)', () => {
  let browser: Browser;
  let api: RunningApi;

  beforeAll(async () => {
    browser = await launchChromium();
    api = await startRealApi(BOOKING_TIME);
    const admin = await demoToken(api.baseUrl, { role: 'admin' });
    const martin = await demoToken(api.baseUrl, { role: 'parent', familyId: 'famille-martin' });
    expect((await callApi(api.baseUrl, 'POST', '/api/admin/families/famille-martin/credits', admin, { amountCents: 2000, reason: 'Avance' }, 'seed-credit')).status).toBe(201);
    const order = await callApi<{ orderId: string }>(api.baseUrl, 'POST', '/api/families/famille-martin/reservations', martin, { slots: ['lea-martin', 'hugo-martin'].map((childId) => ({ childId, activityId: 'restauration', date: MEAL_DAY })) }, 'reserve');
    expect((await callApi(api.baseUrl, 'POST', `/api/orders/${order.body.orderId}/confirm`, martin, {}, 'ok')).status).toBe(200);
    api.clock.set(LUNCH);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  /** A French, Paris-time touch tablet, 768 px wide, whose clock shows `now` (as `openBackOffice` does at 1280 px). */
  async function openTablet(now: Date) {
    const context = await browser.newContext({ baseURL: api.baseUrl, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: WIDTHS.tablet, height: 1000 }, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // The refused save of the conflict logs "Failed to load resource" (409): expected.
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(`console: ${message.text()}`);
    });
    await page.clock.setFixedTime(now);
    return { context, page, errors };
  }

  const row = (page: Page, childId: string) => page.locator(`tr[data-child="${childId}"]`);
  const rowTexts = async (page: Page) => (await page.locator('table.pointage tbody tr').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  const figures = async (page: Page) => (await page.getByRole('list', { name: 'Effectifs du jour' }).locator('li').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());

  it('an agent points a day: present, absent after a conflict shown on its row, one present without reservation; the marks stay after a reload', async () => {
    const { context, page, errors } = await openTablet(LUNCH);
    try {
      await page.goto('/agents/');
      await page.locator('button[data-role="agent"]').click();
      await page.getByRole('heading', { level: 1, name: 'Rechercher une famille' }).waitFor();

      // From the meal count of the day to its pointage, school by school.
      await page.getByRole('link', { name: 'Présences' }).click();
      await page.getByLabel('Jour (obligatoire)').fill(MEAL_DAY);
      await page.getByRole('button', { name: 'Afficher' }).click();
      await page.getByRole('table', { name: `${SCHOOL} — 2 enfants` }).waitFor();
      await page.getByRole('link', { name: `Pointer ${SCHOOL}` }).click();
      await page.getByRole('heading', { level: 1, name: 'Pointage' }).waitFor();
      await page.getByRole('table', { name: `Pointage — ${SCHOOL} — 2 enfants` }).waitFor();
      expect(await rowTexts(page)).toEqual(['Hugo Martin CP Réservé ✔ Présent ✘ Absent – Non pointé', 'Léa Martin CE2 Réservé ✔ Présent ✘ Absent – Non pointé']);
      expect(await figures(page)).toEqual(['2 Réservés', '0 Présents', '0 Absents', '2 Non pointés', '0 Présents sans réservation']);
      await checkAccessibility(page, 'pointage-vide');

      // Léa present, with the keyboard alone: Tab to her group, Space to choose.
      const leaPresent = row(page, 'lea-martin').getByRole('radio', { name: 'Présent' });
      await tabTo(page, leaPresent);
      await page.keyboard.press('Space');
      await row(page, 'lea-martin').getByText('Enregistré le 07/12/2026 à 11:30').waitFor();
      expect(await leaPresent.isChecked()).toBe(true);

      // Another agent, on another tablet, marks Hugo present meanwhile.
      const other = await demoToken(api.baseUrl, { role: 'agent' });
      const theirs = await callApi(api.baseUrl, 'PUT', '/api/admin/attendance/marks', other, { date: MEAL_DAY, activityId: 'restauration', marks: [{ familyId: 'famille-martin', childId: 'hugo-martin', status: 'present', expected: null }] }, 'other-tablet');
      expect(theirs.status).toBe(200);

      // This tablet still shows Hugo unmarked: its « Absent » is refused, on Hugo's row, with the other mark shown.
      await row(page, 'hugo-martin').locator('label', { hasText: 'Absent' }).tap();
      await row(page, 'hugo-martin').getByRole('alert').getByText('Un autre agent a modifié ce pointage (Présent) : vérifiez puis pointez à nouveau.').waitFor();
      expect(await row(page, 'hugo-martin').getByRole('radio', { name: 'Présent' }).isChecked()).toBe(true);
      await checkAccessibility(page, 'pointage-conflit');
      // Seen, decided again: Hugo is absent.
      await row(page, 'hugo-martin').locator('label', { hasText: 'Absent' }).tap();
      await row(page, 'hugo-martin').getByText('✘ Absent').first().waitFor();
      await page.waitForFunction(() => !(globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector('tr[data-child="hugo-martin"] .mark-error')?.textContent);

      // Lina came without a reservation: found among the school's children enrolled in the canteen.
      await page.getByLabel('Nom ou prénom de l’enfant (obligatoire)').fill('lin');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByRole('button', { name: 'Marquer présent : Lina Nguyen (CM2)' }).click();
      await row(page, 'lina-nguyen').getByText('Enregistré le 07/12/2026 à 11:30').waitFor();

      await page.getByRole('table', { name: `Pointage — ${SCHOOL} — 3 enfants` }).waitFor();
      const marked = ['Hugo Martin CP Réservé ✔ Présent ✘ Absent ✘ Absent Enregistré le 07/12/2026 à 11:30', 'Léa Martin CE2 Réservé ✔ Présent ✘ Absent ✔ Présent Enregistré le 07/12/2026 à 11:30', 'Lina Nguyen CM2 Sans réservation ✔ Présent ✘ Absent ✔ Présent Enregistré le 07/12/2026 à 11:30'];
      expect(await rowTexts(page)).toEqual(marked);
      const counted = ['2 Réservés', '2 Présents', '1 Absents', '0 Non pointés', '1 Présents sans réservation'];
      expect(await figures(page)).toEqual(counted);
      await checkAccessibility(page, 'pointage');
      await screenshots(page, 'pointage');

      // Reloaded: every mark is read back from the API.
      await page.reload();
      await page.getByRole('table', { name: `Pointage — ${SCHOOL} — 3 enfants` }).waitFor();
      expect(await rowTexts(page)).toEqual(marked);
      expect(await figures(page)).toEqual(counted);
      expect(await row(page, 'lea-martin').getByRole('radio', { name: 'Présent' }).isChecked()).toBe(true);
      expect(await row(page, 'hugo-martin').getByRole('radio', { name: 'Absent' }).isChecked()).toBe(true);

      // The meal count shows reserved vs present.
      await page.getByRole('link', { name: 'Présences' }).click();
      await page.getByLabel('Jour (obligatoire)').fill(MEAL_DAY);
      await page.getByRole('button', { name: 'Afficher' }).click();
      const counts = page.getByRole('table', { name: /^Effectifs par école/ });
      await counts.waitFor();
      expect((await counts.locator('tfoot').innerText()).replace(/\s+/g, ' ').trim()).toBe('Total 2 2 1');
      await checkAccessibility(page, 'presences-pointees');
      await screenshots(page, 'presences-pointees');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
