/**
 * What a parent on a phone (390 × 844) sees, against the REAL API (as portal.e2e.spec.ts): the
 * detail of an order at each status, back from the payment site without paying, a day past its
 * cancellation deadline, a deadline passing mid-selection, a day taken from another device while
 * the draft was open, and a payment by credit with its e-mail. Time is the API's ManualClock and
 * the browser's fixed clock, moved together; nothing sleeps.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { checkAccessibility, launchChromium, screenshot } from './support/browser';
import { euros, normalize, parseCents } from './support/journey';
import { RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-26T10:00:00+01:00'); // Thursday: the week of 7 December is open
const PHONE = { width: 390, height: 844 };
const MEAL = 'Restauration scolaire';
/** The demo municipality file's service contact. */
const CONTACT = { service: 'service enfance-jeunesse', phone: '03 85 00 12 34', email: 'periscolaire@saint-aubin-sur-loire.example.fr' };

describe('portal on a phone, against the real API (Chromium, 390 × 844)', () => {
  let browser: Browser;
  let api: RunningApi;
  const contexts: BrowserContext[] = [];
  let errors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    api = await startRealApi(NOW);
    errors = [];
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await api?.stop();
  });

  async function openPhone(now = NOW): Promise<Page> {
    const context = await browser.newContext({ baseURL: api.baseUrl, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: PHONE, isMobile: true, hasTouch: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    await page.clock.setFixedTime(now);
    return page;
  }

  async function signInOnWeek(page: Page) {
    await page.goto('/');
    await page.getByRole('button', { name: /J.accède au planning/ }).click();
    await openWeek(page);
  }

  async function openWeek(page: Page, monday = '2026-12-07') {
    await page.getByRole('heading', { level: 1, name: 'Planning de réservation' }).waitFor();
    // On a phone the date form is folded under the one-line week switcher.
    await page.locator('summary', { hasText: 'Aller à une autre date' }).click();
    await page.getByLabel('Aller à la semaine du').fill(monday);
    await page.getByRole('button', { name: 'Afficher la semaine' }).click();
    await page.locator('#semaine-affichee', { hasText: /Semaine du lundi 7 décembre/ }).waitFor();
  }

  const meals = (page: Page, state: string) => page.locator('section.child').first().locator(`.slot.${state}`, { hasText: MEAL });
  const summaryValue = async (page: Page, label: string) => normalize(await page.locator('.summary__row').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).first().locator('dd').innerText());

  /** Reserves the first `count` free meals of the week and lands on the order's detail. */
  async function reserve(page: Page, count: number) {
    for (let i = 1; i <= count; i += 1) {
      await meals(page, 'slot--free').first().click();
      await meals(page, 'slot--changing').nth(i - 1).waitFor();
    }
    await page.locator('#modifications', { hasText: `${count} prestation` }).waitFor();
    await page.getByRole('button', { name: 'Demande de réservation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Détail de la réservation' }).waitFor();
  }

  async function payOnPaymentSite(page: Page) {
    await page.getByRole('button', { name: /^Payer$/ }).click();
    await page.waitForURL(/\/pay\//);
    // The payment site's lines name the child and the day; no technical order id.
    const rows = (await page.locator('table tbody tr td:first-child').allInnerTexts()).map(normalize);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^(Léa|Hugo) — Restauration scolaire — \S+ \d+(er)? \S+ 2026$/);
    expect(await page.locator('main').innerText()).not.toMatch(/ord-|Commande n°/);
    await page.getByRole('button', { name: /^Payer/ }).click();
    await page.getByText('Votre réservation est validée').waitFor();
  }

  /** Cancels the first reserved meal of the shown week, through the request and its « Validation ». */
  async function cancelFirstReserved(page: Page) {
    await meals(page, 'slot--reserved').first().click();
    await meals(page, 'slot--to-cancel').first().waitFor();
    await page.getByRole('button', { name: 'Valider mes modifications' }).click();
    await page.getByRole('heading', { level: 1, name: 'Détail de votre demande' }).waitFor();
    await page.getByRole('button', { name: 'Validation' }).click();
    await page.getByRole('heading', { level: 1, name: "Détail de l'annulation" }).waitFor();
  }

  /** Moves the API's clock and the page's together. */
  async function moveClocks(page: Page, to: Date) {
    api.clock.set(to);
    await page.clock.setFixedTime(to);
  }

  /** The `.eml` the API wrote for `messageId` (demo mode: the outbox folder), once the dispatcher sent it. */
  async function sentEmail(messageId: string) {
    const file = join(api.dataDir, 'outbox', `${messageId.replace(/^<|>$/g, '')}.eml`);
    for (const started = Date.now(); !existsSync(file); ) {
      if (Date.now() - started > 10_000) throw new Error(`no e-mail ${messageId} in ${api.dataDir}/outbox`);
      await new Promise((resolve) => setImmediate(resolve)); // polls a file the API's timer writes
    }
    return simpleParser(readFileSync(file));
  }

  /** How many pixels the page would scroll sideways (0: none). */
  const sidewaysOverflow = (page: Page) => page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);

  async function box(locator: Locator) {
    const found = await locator.boundingBox();
    if (!found) throw new Error(`not laid out: ${locator.toString()}`);
    return found;
  }

  async function gap(above: Locator, below: Locator) {
    const a = await box(above);
    const b = await box(below);
    return b.y - (a.y + a.height);
  }

  it('shows the days first, and an order detail that tells the truth before and after payment', async () => {
    const page = await openPhone();
    await page.goto('/');
    await page.getByRole('button', { name: /J.accède au planning/ }).click();
    // First screen: the one-line week switcher, the legend folded, then days.
    await page.locator('section.child').first().waitFor();
    expect(await page.locator('details.legend').getAttribute('open')).toBeNull();
    expect((await box(page.locator('.day').first())).y).toBeLessThan(PHONE.height);
    await checkAccessibility(page, 'Planning (390 px)');

    await openWeek(page);
    const price = parseCents(await meals(page, 'slot--free').first().locator('.slot__price').innerText());
    await reserve(page, 2);
    expect(await summaryValue(page, 'Montant à payer')).toBe(euros(2 * price));
    // « Payer » and the PDF sit right under the total, not below the list of days.
    const total = page.locator('.summary');
    expect(await gap(total, page.getByRole('button', { name: /^Payer$/ }))).toBeLessThan(120);
    expect(await gap(total, page.getByRole('button', { name: /Télécharger le détail des réservations/ }))).toBeLessThan(260);
    await checkAccessibility(page, 'Détail de la réservation à payer (390 px)');
    await screenshot(page, 'commande-a-payer-390');

    await payOnPaymentSite(page);
    await page.getByRole('button', { name: /Ticket de paiement/ }).waitFor();
    expect(await summaryValue(page, 'Statut de la réservation')).toBe('Validée');
    expect(await summaryValue(page, 'Montant payé')).toBe(euros(2 * price));
    expect(await summaryValue(page, 'Reste à payer')).toBe(euros(0));
    expect(await page.locator('.summary dt', { hasText: 'Montant à payer' }).count()).toBe(0);
    await checkAccessibility(page, 'Détail de la réservation payée (390 px)');
    await screenshot(page, 'commande-payee-390');
    expect(errors).toEqual([]);
  });

  it('says « Paiement non effectué » with the hold time when the parent comes back without paying', async () => {
    const page = await openPhone();
    await signInOnWeek(page);
    await reserve(page, 1);
    const heldUntil = await summaryValue(page, "Jours retenus jusqu'au");
    expect(heldUntil).toMatch(/, 11:00$/); // the API's default hold: 60 minutes from 10:00 Paris

    // The browser's Back button on the payment page: no return parameter at all.
    await page.getByRole('button', { name: /^Payer$/ }).click();
    await page.waitForURL(/\/pay\//);
    await page.goBack();
    const notPaid = page.locator('main .notice', { hasText: "Paiement non effectué — vos jours sont retenus jusqu'à 11:00" });
    await notPaid.waitFor({ timeout: 5_000 });
    expect(await page.getByText('Paiement en cours de validation').count()).toBe(0);
    await page.getByRole('button', { name: /^Payer$/ }).waitFor();
    await checkAccessibility(page, 'Retour sans paiement (390 px)');
    await screenshot(page, 'retour-sans-paiement-390');

    // « Annuler » on the payment site: the provider's cancel address says the same.
    await page.getByRole('button', { name: /^Payer$/ }).click();
    await page.waitForURL(/\/pay\//);
    await page.getByRole('button', { name: /Annuler/ }).click();
    await page.waitForURL(/paiement=annule/);
    await notPaid.waitFor({ timeout: 5_000 });
    expect(await page.getByText('Paiement en cours de validation').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('locks a reserved day past its cancellation deadline and says since when', async () => {
    const page = await openPhone();
    await signInOnWeek(page);
    await reserve(page, 1); // Monday 7 December's meal
    await payOnPaymentSite(page);

    // Friday 4 December: Monday's cancellation deadline (2 working days before, 12:00) is past.
    const later = new Date('2026-12-04T10:00:00+01:00');
    api.clock.set(later);
    await page.clock.setFixedTime(later);
    await signInOnWeek(page); // a demo token lasts 12 hours: sign in again, eight days later
    const frozen = meals(page, 'slot--frozen').first();
    await frozen.waitFor({ timeout: 5_000 }).catch(async (error) => {
      throw new Error(`${(error as Error).message}\n${normalize(await page.locator('main').innerText())}`);
    });
    expect(await frozen.evaluate((el) => el.tagName)).toBe('DIV');
    expect(normalize(await frozen.locator('.slot__status').innerText())).toBe('Réservé');
    expect(normalize(await frozen.locator('.slot__deadline').innerText())).toBe('Délai dépassé depuis le jeudi 3 décembre, 12:00');
    expect(await page.locator('section.child').first().getByText(/modifiable jusqu'au jeudi 3 décembre/).count()).toBe(0);
    // A free day of that week is past its reservation deadline too.
    const locked = meals(page, 'slot--locked').first();
    expect(normalize(await locked.locator('.slot__deadline').innerText())).toBe('Délai dépassé depuis le mardi 1er décembre, 23:59');
    // Whom to contact, from the municipality file: on the locked days and in the footer.
    for (const card of [frozen, locked]) {
      expect(normalize(await card.locator('.slot__contact').innerText())).toBe(`— contactez le ${CONTACT.service} au ${CONTACT.phone}`);
      expect(await card.locator('.slot__contact a').getAttribute('href')).toBe('tel:0385001234');
    }
    expect(normalize(await page.locator('#contact-service').innerText())).toBe(`Une question ? Service enfance-jeunesse : ${CONTACT.phone} · ${CONTACT.email}`);
    expect(await page.locator('#contact-service a[href^="mailto:"]').getAttribute('href')).toBe(`mailto:${CONTACT.email}`);
    await checkAccessibility(page, 'Planning, délai dépassé (390 px)');
    await screenshot(page, 'planning-delai-depasse-390');
    expect(errors).toEqual([]);
  });

  it('pins a slot taken from another device to its card and drops only that day from the draft', async () => {
    const phone = await openPhone();
    await signInOnWeek(phone);
    await meals(phone, 'slot--free').nth(0).click(); // Monday
    await meals(phone, 'slot--free').nth(0).click(); // Tuesday (Monday is now « changing »)
    await phone.locator('#modifications', { hasText: '2 prestations (2 jours)' }).waitFor();

    // The same family books Monday from another device.
    const other = await openPhone();
    await signInOnWeek(other);
    await reserve(other, 1);

    await phone.getByRole('button', { name: 'Demande de réservation' }).click();
    const alert = phone.locator('.slot-alert');
    await alert.waitFor();
    const text = normalize(await alert.innerText());
    expect(text).toMatch(/^Erreur : \S+ \S+, lundi 7 décembre \(Restauration scolaire\) : ce jour est déjà réservé ou en attente de paiement/);
    expect(text).toContain('les autres jours sont conservés');
    // On the card of that day, in view, with the focus on it; the day shows as taken.
    const card = phone.locator('.day', { has: alert });
    expect(normalize(await card.locator('.day__title').innerText()).toLowerCase()).toBe('lundi 7 décembre');
    await card.locator('.slot--pending', { hasText: MEAL }).waitFor();
    expect(await alert.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    const shown = await box(alert);
    expect(shown.y).toBeGreaterThanOrEqual(-1); // sub-pixel rounding
    expect(shown.y + shown.height).toBeLessThanOrEqual(PHONE.height + 1);
    // Only Monday left the draft: Tuesday is still there.
    await phone.locator('#modifications', { hasText: '1 prestation (1 jour)' }).waitFor();
    await checkAccessibility(phone, 'Conflit sur une carte (390 px)');
    await screenshot(phone, 'conflit-autre-appareil-390');

    // It stays until acted on, and the retry goes through with the valid day.
    await phone.getByRole('button', { name: "J'ai compris" }).click();
    await alert.waitFor({ state: 'detached' });
    await phone.getByRole('button', { name: 'Demande de réservation' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Détail de la réservation' }).waitFor();
    expect(await phone.locator('table.lines tbody tr').count()).toBe(1);
    expect(normalize(await phone.locator('table.lines tbody tr td').nth(2).innerText())).toMatch(/^mar\. 8 déc\. 2026/);
    expect(errors).toEqual([]);
  });

  /** Two meals reserved and paid, then one cancelled: an avoir of one meal; resolves with the meal's price. */
  async function paidThenOneCancelled(page: Page): Promise<number> {
    await signInOnWeek(page);
    const price = parseCents(await meals(page, 'slot--free').first().locator('.slot__price').innerText());
    await reserve(page, 2);
    await payOnPaymentSite(page);
    await page.goto('/#/planning');
    await openWeek(page);
    await cancelFirstReserved(page);
    return price;
  }

  it('shows « Mes avoirs » with the credit note number, nothing cut, and an « Historique » a parent reads, linked to its documents', async () => {
    const page = await openPhone();
    // The cancellation's credit note is completed by the PDF if the ticket process has not numbered it yet.
    const price = await paidThenOneCancelled(page);
    await page.getByRole('button', { name: /Télécharger le détail des annulations/ }).click();
    await page.locator('.pdf-status', { hasText: 'téléchargé' }).waitFor();

    await page.goto('/#/avoirs');
    await page.getByRole('heading', { level: 1, name: 'Mes avoirs' }).waitFor();
    const issued = page.locator('table.lines tbody tr', { hasText: 'Avoir (annulation)' });
    const reference = issued.locator('.lines__reference');
    // The number shows; the link's name says where it goes (« détail de l’annulation », for screen readers).
    expect(normalize(await reference.locator('a').evaluate((a) => a.firstChild?.textContent ?? ''))).toBe('A-2026-000001');
    expect(await reference.getByRole('link', { name: 'A-2026-000001 (détail de l’annulation)' }).getAttribute('href')).toMatch(/^#\/annulation\//);
    expect(normalize(await page.locator('main').innerText())).not.toMatch(/cancellation-|credit-/);
    // At 390 px nothing scrolls sideways and the reference is whole on screen.
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    const shown = await box(reference);
    expect(shown.x).toBeGreaterThanOrEqual(0);
    expect(shown.x + shown.width).toBeLessThanOrEqual(PHONE.width);
    expect(await reference.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await checkAccessibility(page, 'Mes avoirs (390 px)');
    await screenshot(page, 'avoirs-390');

    await page.goto('/#/historique');
    await page.getByRole('heading', { level: 1, name: 'Historique' }).waitFor();
    const items = page.locator('main ol.history > li');
    await items.first().waitFor();
    const summaries = (await items.locator('.history__summary').allInnerTexts()).map(normalize);
    expect(summaries.filter((text) => /^Inscription de (Léa|Hugo) : /.test(text))).toHaveLength(2);
    expect(summaries.join('\n')).not.toMatch(/Enfant n°|Ticket de paiement R-|Paiement en ligne commencé/);
    // One entry for the payment (started, received, validated, ticket), linked to the order and its ticket.
    const paid = items.filter({ hasText: /^[\s\S]*Paiement reçu/ });
    expect(await paid.count()).toBe(1);
    expect(normalize(await paid.locator('.history__summary').innerText())).toBe(`Paiement reçu — ${euros(2 * price)} : réservation validée, ticket de paiement R-2026-000001`);
    await paid.getByRole('button', { name: 'Ticket R-2026-000001 (PDF)' }).waitFor();
    // The cancellation with its credit note, linked to its detail.
    const cancelled = items.filter({ hasText: 'Annulation de 1 jour' });
    expect(normalize(await cancelled.locator('.history__summary').innerText())).toBe(`Annulation de 1 jour — ${euros(price)} ; avoir A-2026-000001`);
    expect(await cancelled.getByRole('link', { name: "Détail de l'annulation" }).getAttribute('href')).toMatch(/^#\/annulation\//);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await checkAccessibility(page, 'Historique (390 px)');
    await screenshot(page, 'historique-390');

    await paid.getByRole('link', { name: 'Détail de la réservation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Détail de la réservation' }).waitFor();
    expect(await summaryValue(page, 'Statut de la réservation')).toBe('Validée');
    expect(errors).toEqual([]);
  });

  it('pins a deadline that passes mid-selection to the cards it concerns, names child and day, and keeps it until acted on', async () => {
    // Tuesday 1 December, 23:50: ten minutes before the week of 7 December closes.
    const beforeDeadline = new Date('2026-12-01T23:50:00+01:00');
    api.clock.set(beforeDeadline);
    const page = await openPhone(beforeDeadline);
    await signInOnWeek(page);
    await meals(page, 'slot--free').nth(0).click(); // Monday
    await meals(page, 'slot--free').nth(0).click(); // Tuesday
    await page.locator('#modifications', { hasText: '2 prestations (2 jours)' }).waitFor();

    // The deadline passes while the parent hesitates.
    await moveClocks(page, new Date('2026-12-02T00:05:00+01:00'));

    // Another day touched now: refused on its own card, before any request.
    const dayCard = (title: RegExp) => page.locator('section.child').first().locator('.day', { has: page.locator('.day__title', { hasText: title }) });
    const thursdayCard = dayCard(/jeudi 10 décembre/i);
    await thursdayCard.locator('.slot--free', { hasText: MEAL }).click();
    const thursdayAlert = thursdayCard.locator('.slot-alert');
    await thursdayAlert.waitFor();
    expect(normalize(await thursdayAlert.innerText())).toMatch(/^Erreur : \S+ \S+, jeudi 10 décembre \(Restauration scolaire\) : le délai de modification de ce jour est dépassé\./);
    await page.locator('#modifications', { hasText: '2 prestations (2 jours)' }).waitFor();

    // Sending the two days selected before: the server refuses both; each card says so, in view.
    await page.getByRole('button', { name: 'Demande de réservation' }).click();
    const monday = dayCard(/lundi 7 décembre/i);
    const mondayAlert = monday.locator('.slot-alert');
    await mondayAlert.waitFor();
    expect(normalize(await mondayAlert.innerText())).toMatch(
      /^Erreur : \S+ \S+, lundi 7 décembre \(Restauration scolaire\) : le délai de modification de ce jour est dépassé\. Ce jour a été retiré de votre modification ; les autres jours sont conservés\./,
    );
    expect(await mondayAlert.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    const shown = await box(mondayAlert);
    expect(shown.y).toBeGreaterThanOrEqual(-1);
    expect(shown.y + shown.height).toBeLessThanOrEqual(PHONE.height + 1);
    await dayCard(/mardi 8 décembre/i).locator('.slot-alert').waitFor();
    await page.locator('#modifications', { hasText: 'Aucune modification en cours' }).waitFor();
    // The days are locked, with since when and whom to call.
    const locked = meals(page, 'slot--locked').first();
    expect(normalize(await locked.locator('.slot__deadline').innerText())).toBe('Délai dépassé depuis le mardi 1er décembre, 23:59');
    expect(normalize(await locked.locator('.slot__contact').innerText())).toBe(`— contactez le ${CONTACT.service} au ${CONTACT.phone}`);
    await checkAccessibility(page, 'Délai dépassé pendant la sélection (390 px)');
    await screenshot(page, 'delai-depasse-pendant-la-selection-390');

    // Selecting a day of the next week does not erase them; a reload does not either; « J'ai compris » does.
    await page.locator('#semaine-suivante').click();
    await page.locator('#semaine-affichee', { hasText: /Semaine du lundi 14 décembre/ }).waitFor();
    await meals(page, 'slot--free').first().click();
    await page.locator('#modifications', { hasText: '1 prestation (1 jour)' }).waitFor();
    await page.goBack();
    await page.locator('#semaine-affichee', { hasText: /Semaine du lundi 7 décembre/ }).waitFor();
    await page.locator('.slot-alert').first().waitFor();
    expect(await page.locator('.slot-alert').count()).toBe(3);
    await page.reload();
    await page.locator('#semaine-affichee', { hasText: /Semaine du lundi 7 décembre/ }).waitFor();
    await page.locator('.slot-alert').first().waitFor();
    expect(await page.locator('.slot-alert').count()).toBe(3);
    await monday.getByRole('button', { name: "J'ai compris" }).click();
    await monday.locator('.slot-alert').waitFor({ state: 'detached' });
    expect(await page.locator('.slot-alert').count()).toBe(2);
    expect(errors).toEqual([]);
  });

  it('validates by credit with « OK » and e-mails the detail that says what settled it', async () => {
    const page = await openPhone();
    const price = await paidThenOneCancelled(page);

    await page.goto('/#/planning');
    await openWeek(page);
    await reserve(page, 1);
    expect(await summaryValue(page, 'Montant à payer')).toBe(euros(0));
    const orderId = decodeURIComponent(/#\/commande\/([^?]+)/.exec(page.url())?.[1] ?? '');
    expect(orderId).not.toBe('');
    const ok = page.getByRole('button', { name: /^OK$/ });
    expect(await gap(page.locator('.summary'), ok)).toBeLessThan(160);
    await ok.click();
    await page.getByText('Votre réservation est validée').waitFor();
    expect(await summaryValue(page, 'Statut de la réservation')).toBe('Validée');
    expect(await summaryValue(page, 'Règlement')).toBe('Payée par avoir');
    expect(await summaryValue(page, 'Reste à payer')).toBe(euros(0));
    await page.getByText('Un e-mail vous confirme la validation').waitFor();
    await checkAccessibility(page, 'Réservation validée par avoir (390 px)');
    await screenshot(page, 'validee-par-avoir-390');

    const mail = await sentEmail(`<validation-${orderId}@periscol.local>`);
    expect(mail.subject).toBe('Vos réservations sont validées (réglées par votre avoir)');
    const text = normalize(mail.text ?? '');
    expect(text).toMatch(/^Bonjour,/);
    expect(text).toContain(`réglées par votre avoir (${euros(price)})`);
    expect(text).toContain(`Montant payé : ${euros(0)}`);
    expect(text).toContain(`Une question ? Service enfance-jeunesse : ${CONTACT.phone} · ${CONTACT.email}`);
    expect(mail.attachments.map((a) => a.filename)).toEqual([`reservations-${orderId}.pdf`]);
    expect(errors).toEqual([]);
  });

  it('lets the parent turn the deadline reminders off, and back on', async () => {
    const page = await openPhone();
    await page.goto('/');
    await page.getByRole('button', { name: /J.accède au planning/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Planning de réservation' }).waitFor();
    await page.goto('/#/inscriptions');
    await page.getByRole('heading', { level: 1, name: 'Inscriptions périscolaires' }).waitFor();
    const box = page.getByLabel('Recevoir ces rappels par e-mail');
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await page.getByRole('button', { name: 'Enregistrer mon choix' }).click();
    await page.getByText('Choix enregistré : vous ne recevrez plus les rappels par e-mail.').waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Inscriptions périscolaires' }).waitFor();
    expect(await page.getByLabel('Recevoir ces rappels par e-mail').isChecked()).toBe(false);
    await checkAccessibility(page, 'Rappels par e-mail (390 px)');
    await page.getByLabel('Recevoir ces rappels par e-mail').check();
    await page.getByRole('button', { name: 'Enregistrer mon choix' }).click();
    await page.getByText('Choix enregistré : vous recevrez les rappels par e-mail.').waitFor();
    expect(errors).toEqual([]);
  });
});
