/**
 * Debian's Chromium driven by playwright-core (a browser is never downloaded), axe-core run in
 * the page, keyboard helpers and screenshots at the two widths the back office is made for.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS_DIR = join(__dirname, '..', '..', 'screenshots');
export const WIDTHS = { desktop: 1280, tablet: 768 } as const;

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium); the tests never download a browser.`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=fr-FR'] });
}

/** A French, Paris-time context at 1280 px whose clock shows `now` (the server's manual clock). */
export async function openBackOffice(browser: Browser, baseUrl: string, now: Date): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: WIDTHS.desktop, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Refused requests (403 tried on purpose, 404 of demo detection) log "Failed to load resource".
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  await page.clock.setFixedTime(now);
  return { context, page, errors };
}

type AxeResult = { violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown }> }> };

/** Every axe finding of the run, by screen. */
export const axeFindings: Array<{ screen: string; id: string; impact: string; targets: string[] }> = [];

/**
 * axe-core (WCAG 2.0/2.1 A and AA rules, and best practices) on the page as it is now: injected
 * once per document (not as a script tag: the CSP refuses inline scripts) and run in place.
 * Any violation fails, whatever its impact.
 */
export async function checkAccessibility(page: Page, screen: string): Promise<void> {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(
    (runTags) => (globalThis as unknown as { axe: { run(ctx: unknown, options: object): Promise<AxeResult> }; document: unknown }).axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: runTags } }),
    tags,
  );
  const findings = result.violations.map((v) => ({ screen, id: v.id, impact: v.impact ?? 'unknown', targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  axeFindings.push(...findings);
  if (findings.length > 0) throw new Error(`axe: violations on « ${screen} »:\n${findings.map((f) => `- ${f.id} (${f.impact}) at ${f.targets.join(', ')}`).join('\n')}`);
}

/** Moves the focus to `target` with Tab alone, as a keyboard user does; fails if unreachable. */
export async function tabTo(page: Page, target: Locator, maxPresses = 200): Promise<void> {
  await target.waitFor({ state: 'visible' });
  for (let presses = 0; presses < maxPresses; presses += 1) {
    if (await target.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with Tab in ${maxPresses} presses: ${target.toString()}`);
}

/** The whole page at 1280 px and at 768 px (`<name>-1280.png`, `<name>-768.png`), axe checked at both widths. */
export async function screenshots(page: Page, name: string): Promise<void> {
  // A value the API left out must never print as « null » or « undefined ».
  const text = await page.locator('main').innerText();
  if (/\b(null|undefined|NaN)\b|\[object /.test(text)) throw new Error(`« ${name} » shows a raw value: ${text.match(/.{0,40}\b(null|undefined|NaN)\b.{0,40}|.{0,40}\[object .{0,40}/)?.[0]}`);
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const viewport = page.viewportSize() ?? { width: WIDTHS.desktop, height: 900 };
  for (const width of [WIDTHS.desktop, WIDTHS.tablet]) {
    await page.setViewportSize({ width, height: 900 });
    if (width !== WIDTHS.desktop) await checkAccessibility(page, `${name} (${width} px)`);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(viewport);
}
