/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), accessibility
 * checks with axe-core, keyboard-only helpers and download checks.
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Download, Locator, Page } from 'playwright-core';

// Browser globals used inside page.evaluate callbacks (the repo's typecheck has no DOM lib).
declare const window: object;
declare const document: { activeElement: unknown };

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS_DIR = join(__dirname, '..', '..', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium); the tests never download a browser.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A French, Paris-time browser context whose clock shows `now` (the server's manual clock). */
export async function openPortal(browser: Browser, baseUrl: string, now: Date): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  await page.clock.setFixedTime(now);
  return { context, page, errors };
}

export interface AxeFinding { page: string; id: string; impact: string; help: string; targets: string[] }

/** Every axe finding seen, for the report; serious and critical ones fail the test. */
export const axeFindings: AxeFinding[] = [];

/**
 * Runs axe (WCAG 2.0/2.1 A and AA rules, plus best practices) on the page as it is now.
 * @axe-core/playwright 4.14 (which declares Node ≥ 22) does run here on Node 20, but its
 * analyze() re-injects axe into every frame and finishes in a new page each time: ~2 s a page.
 * Injecting axe.min.js once per document and calling axe.run gives the same rules and results
 * in a fraction of that, which keeps the journey tests fast. PORTAL_AXE=builder uses the builder.
 */
export async function checkAccessibility(page: Page, label: string): Promise<void> {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
  let violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown }> }> = [];
  if (process.env.PORTAL_AXE === 'builder') {
    violations = (await new AxeBuilder({ page }).withTags(tags).analyze()).violations;
  } else {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8')); // not a script tag: the portal's CSP refuses inline scripts
    violations = await page.evaluate(
      (runTags) =>
        (window as { axe: { run: (ctx: unknown, o: object) => Promise<{ violations: never[] }> } }).axe
          .run(document, { runOnly: { type: 'tag', values: runTags } })
          .then((r) => r.violations),
      tags,
    );
  }
  const findings = violations.map((v) => ({ page: label, id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  axeFindings.push(...findings);
  const blocking = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  if (blocking.length > 0) {
    throw new Error(`axe: serious/critical violations on « ${label} »:\n${blocking.map((f) => `- ${f.id} (${f.impact}): ${f.help} at ${f.targets.join(', ')}`).join('\n')}`);
  }
}

/**
 * Moves the keyboard focus to `target` with Tab alone (no click, no programmatic focus), the
 * way a keyboard user reaches it. Fails if the element is not reachable in `maxPresses`.
 */
export async function tabTo(page: Page, target: Locator, maxPresses = 250): Promise<void> {
  await target.waitFor({ state: 'visible' });
  for (let presses = 0; presses < maxPresses; presses += 1) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with Tab in ${maxPresses} presses: ${target.toString()}`);
}

/** Starts a download with `trigger` and returns the file's bytes. */
export async function downloadBytes(page: Page, trigger: () => Promise<void>): Promise<{ bytes: Buffer; download: Download }> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
  const path = await download.path();
  return { bytes: await readFile(path), download };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  // A viewport as tall as the page, so sticky parts sit where a reader scrolling down sees them.
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  const height = await page.evaluate(() => (document as unknown as { documentElement: { scrollHeight: number } }).documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) });
  await page.screenshot({ path, fullPage: true });
  await page.setViewportSize(viewport);
  return path;
}
