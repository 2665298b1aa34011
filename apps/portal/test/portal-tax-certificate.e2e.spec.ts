/**
 * The attestation fiscale de frais de garde in the portal (R21), in Debian's Chromium against
 * the REAL API: famille-martin pays a morning care day for Hugo (born 2020, under six on
 * 1 January 2026) in December 2026; in January 2027 the parent downloads the 2026 certificate
 * from « Inscriptions périscolaires ».
 */
import { PDFParse } from 'pdf-parse';
import { Browser } from 'playwright-core';
import { checkAccessibility, downloadBytes, launchChromium, openPortal, screenshot } from './support/browser';
import { RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-26T10:00:00+01:00');
const JANUARY = new Date('2027-01-05T09:00:00+01:00');
const FAMILY = 'famille-martin';

async function api(base: string, method: string, path: string, token?: string, body?: unknown, key?: string): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(key ? { 'Idempotency-Key': key } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function json<T>(response: Response, status: number): Promise<T> {
  if (response.status !== status) throw new Error(`${response.url}: expected ${status}, got ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Hugo's morning care on Monday 7 December 2026, paid on the simulated payment site. */
async function payCareDay(base: string): Promise<void> {
  const { token } = await json<{ token: string }>(await api(base, 'POST', '/api/auth/demo-token', undefined, { role: 'parent', familyId: FAMILY }), 200);
  const order = await json<{ orderId: string }>(
    await api(base, 'POST', `/api/families/${FAMILY}/reservations`, token, { slots: [{ childId: 'hugo-martin', activityId: 'accueil-matin', date: '2026-12-07' }] }, 'tax-order'),
    201,
  );
  const { checkoutUrl } = await json<{ checkoutUrl: string }>(await api(base, 'POST', `/api/orders/${order.orderId}/checkout`, token, {}, 'tax-checkout'), 200);
  const paid = await api(base, 'POST', `${new URL(checkoutUrl).pathname}/pay`);
  if (paid.status !== 303) throw new Error(`payment page answered ${paid.status}`);
  const confirmed = await json<{ status: string }>(await api(base, 'GET', `/api/orders/${order.orderId}`, token), 200);
  if (confirmed.status !== 'confirmed') throw new Error(`order ${order.orderId} is ${confirmed.status} after payment`);
}

describe('tax certificate in the portal (Chromium)', () => {
  let browser: Browser;
  let server: RunningApi | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await server?.stop();
    await browser?.close();
  });

  it('downloads the attestation fiscale of the year just over from « Inscriptions périscolaires »', async () => {
    server = await startRealApi(NOW);
    await payCareDay(server.baseUrl);
    server.clock.set(JANUARY);

    const { context, page, errors } = await openPortal(browser, server.baseUrl, JANUARY);
    await page.goto('/');
    await page.getByRole('button', { name: /J.accède au planning/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Planning de réservation' }).waitFor();
    await page.goto('/#/inscriptions');
    const panel = page.getByRole('region', { name: 'Attestation fiscale de frais de garde' });
    await panel.waitFor();
    expect(await panel.getByLabel('Année des paiements').inputValue()).toBe('2026');
    await checkAccessibility(page, 'Inscriptions périscolaires (attestation fiscale)');

    const { bytes, download } = await downloadBytes(page, () => panel.getByRole('button', { name: /Télécharger l’attestation 2026/ }).click());
    expect(download.suggestedFilename()).toBe('attestation-fiscale-frais-de-garde-2026.pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    const text = (await parser.getText()).text.replace(/[\s\u00a0\u202f]+/g, ' ');
    await parser.destroy();
    expect(text).toContain('Attestation n° F-2026-000001');
    expect(text).toMatch(/Hugo Martin mercredi 3 juin 2020 7GA \d+,\d{2} €/);
    expect(text).not.toContain('Léa Martin');
    await panel.locator('.pdf-status').filter({ hasText: /téléchargé/ }).waitFor();

    // A year with nothing paid says so in French, next to the button.
    await panel.getByLabel('Année des paiements').selectOption('2025');
    await panel.getByRole('button', { name: /Télécharger l’attestation 2025/ }).click();
    await panel.locator('.pdf-status').filter({ hasText: /Pas d'attestation pour cette année/ }).waitFor();

    // At 360 px the panel fits: nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    await panel.scrollIntoViewIfNeeded();
    expect(await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth)).toBeLessThanOrEqual(0);
    await checkAccessibility(page, 'Attestation fiscale (360 px)');
    await screenshot(page, 'attestation-fiscale-360');
    expect(errors).toEqual([]);
    await context.close();
  });
});
