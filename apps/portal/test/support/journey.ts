/**
 * The parent journey of docs/rules.md §1, driven through the portal's UI with the mouse or with
 * the keyboard alone (Tab to move, Enter on links and buttons, Space on the day toggles):
 * reserve 4 days → pay on the payment page → the days turn green; cancel 2 → the credit shows;
 * reserve 1 covered by the credit → « OK »; download every document on the way. axe runs on
 * every page. Works against any server that honours docs/http.md (the real API or the contract fake).
 */
import { Locator, Page } from 'playwright-core';
import { checkAccessibility, downloadBytes, screenshot, tabTo } from './browser';

// Browser globals used inside page.evaluate callbacks (the repo's typecheck has no DOM lib).
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };
declare function getComputedStyle(element: unknown): { backgroundColor: string };

export type InputMode = 'mouse' | 'keyboard';

export interface JourneyOptions {
  mode: InputMode;
  /** ISO week (and its Monday) where the journey books: must be open at the server's clock. */
  week: { monday: string; label: RegExp; nextPressesFromDefault: number };
  activityLabel: string;
  /** Prefix of the screenshot files written to apps/portal/screenshots/ (none when unset). */
  screenshots?: string;
  log?: (step: string) => void;
}

export interface JourneyResult {
  unitPriceCents: number;
  documents: Record<string, number>;
  screenshots: string[];
  finalBalanceText: string;
}

const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
/** The test's own oracle for « 3,50 € », independent of the portal's formatter. */
export const euros = (cents: number) => normalize(euroFormat.format(cents / 100));
export const normalize = (text: string) => text.replace(/[\u00a0\u202f\s]+/g, ' ').trim();

export function parseCents(text: string): number {
  const match = /(-?[\d\s\u00a0\u202f]+),(\d{2})/.exec(text);
  if (!match) throw new Error(`no amount in « ${text} »`);
  return Number(match[1].replace(/[\s\u00a0\u202f]/g, '')) * 100 + Number(match[2]);
}

const TIMEOUT = 20_000;

/**
 * Runs the journey; a failure says where it stopped, what the page showed and which API calls
 * failed, so that a missing route of the API under construction is named in the test output.
 */
export async function runJourney(page: Page, options: JourneyOptions): Promise<JourneyResult> {
  const failedCalls: string[] = [];
  const onResponse = (response: { status(): number; url(): string; request(): { method(): string } }) => {
    const url = new URL(response.url());
    if (response.status() >= 400) failedCalls.push(`${response.request().method()} ${url.pathname}${url.search} → ${response.status()}`);
  };
  page.on('response', onResponse);
  try {
    return await journey(page, options);
  } catch (error) {
    const shown = normalize(await page.locator('main').innerText({ timeout: 2_000 }).catch(() => '?')).slice(0, 600);
    const context = `— page: ${page.url()}\n— it shows: ${shown}\n— failed requests: ${failedCalls.join('; ') || 'none'}`;
    throw new Error(`${(error as Error).message.split('\n')[0]}\n${context}`, { cause: error });
  } finally {
    page.off('response', onResponse);
  }
}

async function journey(page: Page, options: JourneyOptions): Promise<JourneyResult> {
  const { mode } = options;
  const log = options.log ?? (() => undefined);
  const result: JourneyResult = { unitPriceCents: 0, documents: {}, screenshots: [], finalBalanceText: '' };

  /** Activates a control the way the current input mode does. */
  const press = async (target: Locator, key: 'Enter' | 'Space' = 'Enter') => {
    await target.waitFor({ state: 'visible', timeout: TIMEOUT });
    if (mode === 'mouse') {
      await target.click();
    } else {
      await tabTo(page, target);
      await page.keyboard.press(key);
    }
  };
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  /** Waits for the page's h1; an error shown instead fails at once, with its text. */
  const waitHeading = async (name: string | RegExp) => {
    const alert = page.locator('main [role="alert"]');
    await heading(name).or(alert).first().waitFor({ timeout: TIMEOUT });
    if (!(await heading(name).isVisible())) throw new Error(`expected the page « ${name} », the portal shows an error: ${normalize(await alert.first().innerText())}`);
  };
  const button = (name: string | RegExp) => page.getByRole('button', { name });
  const link = (name: string | RegExp) => page.getByRole('link', { name });
  const navLink = (name: string) => page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true });
  const summary = async (label: string | RegExp) => {
    const row = page.locator('.summary__row').filter({ has: page.locator('dt', { hasText: label }) }).first();
    await row.waitFor({ timeout: TIMEOUT });
    return normalize(await row.locator('dd').innerText());
  };
  const expectEqual = (actual: unknown, expected: unknown, what: string) => {
    if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };
  const waitText = async (locator: Locator, text: string | RegExp, what: string) => {
    try {
      // Text of neighbouring elements (dt, dd) is joined without a space: let spaces be optional.
      const pattern = typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s*')) : text;
      await locator.filter({ hasText: pattern }).first().waitFor({ timeout: TIMEOUT });
    } catch {
      throw new Error(`${what}: « ${text} » never appeared; the text is « ${normalize(await locator.first().innerText().catch(() => '?'))} »`);
    }
  };
  const waitCount = async (locator: Locator, count: number, what: string) => {
    try {
      if (count > 0) await locator.nth(count - 1).waitFor({ timeout: TIMEOUT });
      await locator.nth(count).waitFor({ state: 'detached', timeout: TIMEOUT });
    } catch {
      throw new Error(`${what}: expected ${count}, found ${await locator.count()}`);
    }
  };
  const download = async (name: string | RegExp, label: string) => {
    const { bytes } = await downloadBytes(page, () => press(button(name)));
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`${label}: the download is not a PDF`);
    result.documents[label] = bytes.length;
  };
  const goToBookingWeek = async () => {
    if (mode === 'mouse') {
      await page.getByLabel('Aller à la semaine du').fill(options.week.monday);
      await press(button('Afficher la semaine'));
    } else {
      for (let i = 0; i < options.week.nextPressesFromDefault; i += 1) {
        const current = await page.locator('#semaine-affichee').innerText();
        await press(link('Semaine suivante'));
        await page.locator('#semaine-affichee').filter({ hasNotText: current }).waitFor({ timeout: TIMEOUT });
      }
    }
    await waitText(page.locator('#semaine-affichee'), options.week.label, 'the chosen week');
  };

  const child = page.locator('section.child').first();
  const mealButtons = (state: string) => child.locator(`button.slot.${state}`, { hasText: options.activityLabel });

  // 1. J'accède au planning ------------------------------------------------------------------
  log('sign in');
  await page.goto('/');
  await waitHeading('Le prépaiement');
  await checkAccessibility(page, 'Connexion');
  await press(button(/J.accède au planning/));
  await waitHeading('Planning de réservation');
  await page.locator('section.child').first().waitFor({ timeout: TIMEOUT });
  await checkAccessibility(page, 'Planning');

  // 2. Choix de la semaine, 4 days toggled ----------------------------------------------------
  log('choose the week and toggle 4 days');
  await goToBookingWeek();
  const free = mealButtons('slot--free');
  await free.first().waitFor({ timeout: TIMEOUT });
  result.unitPriceCents = parseCents(await free.first().locator('.slot__price').innerText());
  const price = result.unitPriceCents;
  const deadline = normalize(await free.first().locator('.slot__deadline').innerText());
  if (!/^modifiable jusqu'au [a-zé]+ \d{1,2}(?:er)? [a-zéû]+, \d{2}:\d{2}$/.test(deadline)) throw new Error(`deadline line: « ${deadline} »`);
  for (let i = 1; i <= 4; i += 1) {
    await press(free.first(), 'Space');
    await waitCount(mealButtons('slot--changing'), i, `days in « Modification en cours » after ${i} toggles`);
  }
  const changing = mealButtons('slot--changing');
  for (let i = 0; i < 4; i += 1) expectEqual(await changing.nth(i).getAttribute('aria-pressed'), 'true', 'aria-pressed of a day to reserve');
  await waitText(page.locator('#modifications'), '4 prestations (4 jours)', 'running total');
  const total = normalize(await page.locator('#modifications').innerText());
  if (!total.includes(`4 prestations (4 jours) — ${euros(4 * price)}`) || !total.includes(`Montant à payer : ${euros(4 * price)}`)) throw new Error(`running total: « ${total} »`);
  await waitText(page.locator('#annonces'), '4 prestations (4 jours) à réserver', 'live region');
  await checkAccessibility(page, 'Planning — modification en cours');

  // 3.1 Détail de la réservation → Payer ------------------------------------------------------
  log('request the reservation');
  await press(button('Demande de réservation'));
  await waitHeading('Détail de la réservation');
  expectEqual(await summary('Statut de la réservation'), 'En attente de paiement', 'order status');
  expectEqual(await summary('Montant total de la réservation'), euros(4 * price), 'order total');
  expectEqual(await summary('Montant à payer'), euros(4 * price), 'amount due');
  await checkAccessibility(page, 'Détail de la réservation (à payer)');
  await download(/Télécharger le détail des réservations en PDF/, 'order-detail');
  if ((await button(/^OK$/).count()) !== 0) throw new Error('« OK » must not show when something is to pay');

  log('pay on the payment page');
  await press(button(/^Payer$/));
  await page.waitForURL(/\/pay\//, { timeout: TIMEOUT });
  await checkAccessibility(page, 'Paiement (site de paiement simulé)');
  await press(page.getByRole('button', { name: /^Payer/ }));
  await page.waitForURL((url) => !url.pathname.startsWith('/pay/'), { timeout: TIMEOUT });
  await waitHeading('Détail de la réservation');
  await waitText(page.locator('main'), 'Votre réservation est validée', 'confirmation after payment');
  await button(/Ticket de paiement/).waitFor({ timeout: TIMEOUT });
  expectEqual(await summary('Statut de la réservation'), 'Validée', 'order status after payment');
  if (!/^R-\d{4}-\d{6}$/.test(await summary(/^Ticket de paiement$/))) throw new Error('ticket number missing');
  await checkAccessibility(page, 'Confirmation du paiement');
  await download(/Ticket de paiement/, 'payment-ticket');

  // 5. The days are green -----------------------------------------------------------------------
  log('check the planning');
  await press(link('Retour au planning'));
  await waitHeading('Planning de réservation');
  await waitText(page.locator('#semaine-affichee'), options.week.label, 'back to the booked week');
  await waitCount(mealButtons('slot--reserved'), 4, 'reserved days');
  const green = await mealButtons('slot--reserved').first().evaluate((el) => getComputedStyle(el).backgroundColor);
  expectEqual(green, 'rgb(201, 236, 210)', 'background of a reserved day');
  await waitText(mealButtons('slot--reserved').first(), 'Réservé', 'status text of a reserved day');
  await checkAccessibility(page, 'Planning — jours réservés');
  if (options.screenshots !== undefined) {
    result.screenshots.push(await screenshot(page, `${options.screenshots}planning-desktop`));
    await page.setViewportSize({ width: 360, height: 780 });
    await checkAccessibility(page, 'Planning à 360 px');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) throw new Error(`the planning scrolls sideways at 360 px (${overflow} px too wide)`);
    result.screenshots.push(await screenshot(page, `${options.screenshots}planning-360`));
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  // 3.2 Cancel 2 days → Validation → credit ----------------------------------------------------
  log('cancel 2 days');
  for (let i = 1; i <= 2; i += 1) {
    await press(mealButtons('slot--reserved').first(), 'Space');
    await waitCount(mealButtons('slot--to-cancel'), i, `days to cancel after ${i} toggles`);
  }
  await waitText(page.locator('#modifications'), `avoir de ${euros(2 * price)}`, 'running total of the cancellation');
  if (options.screenshots !== undefined) result.screenshots.push(await screenshot(page, `${options.screenshots}planning-modification-en-cours`));
  await press(button('Valider mes modifications'));
  await waitHeading('Détail de votre demande');
  expectEqual(await summary("Montant total de l'annulation"), euros(2 * price), 'cancellation total (before validation)');
  await checkAccessibility(page, 'Détail de la demande (annulation)');
  await press(button('Validation'));
  await waitHeading("Détail de l'annulation");
  await waitText(page.locator('main'), 'Annulation validée', 'cancellation confirmation');
  expectEqual(await summary("Montant total de l'annulation"), euros(2 * price), 'cancellation total');
  await checkAccessibility(page, "Détail de l'annulation");
  await download(/Télécharger le détail des annulations en PDF/, 'cancellation-detail');
  await press(navLink('Mes avoirs'));
  await waitHeading('Mes avoirs');
  expectEqual(await summary('Solde disponible'), euros(2 * price), 'credit balance after the cancellation');
  await checkAccessibility(page, 'Mes avoirs');

  // Reserve 1 day covered by the credit → « OK » -------------------------------------------------
  log('reserve 1 day with the credit');
  await press(navLink('Planning'));
  await waitHeading('Planning de réservation');
  await goToBookingWeek();
  await mealButtons('slot--free').first().waitFor({ timeout: TIMEOUT });
  await press(mealButtons('slot--free').first(), 'Space');
  await waitCount(mealButtons('slot--changing'), 1, 'the day to reserve with the credit');
  await waitText(page.locator('#modifications'), `Montant à payer : ${euros(0)}`, 'amount due covered by the credit');
  await press(button('Demande de réservation'));
  await waitHeading('Détail de la réservation');
  expectEqual(await summary('Montant total de la réservation'), euros(price), 'order total (credit)');
  expectEqual(await summary('Avoir appliqué'), `− ${euros(price)}`, 'credit applied');
  expectEqual(await summary('Montant à payer'), euros(0), 'amount due (credit)');
  if ((await button(/^Payer$/).count()) !== 0) throw new Error('« Payer » must be replaced by « OK » when the credit covers everything');
  await checkAccessibility(page, 'Détail de la réservation (OK)');
  await press(button(/^OK$/));
  await waitText(page.locator('main'), 'Votre réservation est validée', 'confirmation with the credit');
  expectEqual(await summary('Statut de la réservation'), 'Validée', 'order status after OK');
  await press(navLink('Mes avoirs'));
  await waitHeading('Mes avoirs');
  result.finalBalanceText = await summary('Solde disponible');
  expectEqual(result.finalBalanceText, euros(price), 'credit balance after « OK »');
  const movements = normalize(await page.locator('main table').innerText());
  for (const label of ['Avoir (annulation)', 'Avoir utilisé pour une réservation', `+${euros(2 * price)}`, euros(-price)]) {
    if (!movements.includes(label)) throw new Error(`credit movements: « ${label} » missing in « ${movements} »`);
  }

  // 5. Inscriptions périscolaires → recap PDF; Historique ---------------------------------------
  log('recap and history');
  await press(navLink('Inscriptions périscolaires'));
  await waitHeading('Inscriptions périscolaires');
  await checkAccessibility(page, 'Inscriptions périscolaires');
  await download(/Télécharger le récapitulatif en PDF/, 'recap');
  await press(navLink('Historique'));
  await waitHeading('Historique');
  await page.locator('main ol.history').waitFor({ timeout: TIMEOUT });
  // Newest first, one French sentence per thing the parent did (GET …/history, folded).
  const entries = (await page.locator('main ol.history > li .history__summary').allInnerTexts()).map(normalize);
  const expected = [
    /^Réservation validée \(« OK », réglée par l'avoir\) — /,
    /^Demande de réservation de 1 jour — .* \(avoir déduit : .*, reste à payer : 0,00 €\)$/,
    /^Annulation de 2 jours — /,
    // One entry per payment: received, reservation validated, its ticket.
    /^Paiement reçu — .* : réservation validée, ticket de paiement R-\d{4}-\d{6}$/,
    /^Demande de réservation de 4 jours — /,
    /^Famille inscrite aux services périscolaires/,
  ];
  let from = 0;
  for (const pattern of expected) {
    const at = entries.findIndex((text, i) => i >= from && pattern.test(text));
    if (at === -1) throw new Error(`history: no « ${pattern.source} » after entry ${from} in ${JSON.stringify(entries)}`);
    from = at + 1;
  }
  if (!entries.includes(`Demande de réservation de 4 jours — ${euros(4 * price)}`)) throw new Error(`history: the first order's total is missing in ${JSON.stringify(entries)}`);
  await checkAccessibility(page, 'Historique');
  return result;
}
