/**
 * The parents' journey through the portal in Debian's Chromium, against the REAL API
 * (createApp, SQLite in a temp dir, demo mode, simulated payments, ManualClock on
 * 2026-11-26 10:00 Paris time, when the canteen weeks of December are open).
 */
import { Browser } from 'playwright-core';
import { axeFindings, launchChromium, openPortal } from './support/browser';
import { runJourney } from './support/journey';
import { RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(180_000);

const NOW = new Date('2026-11-26T10:00:00+01:00');
// Canteen: reserve by Tuesday 23:59 for next week → on Thursday 26 November, the week of
// 7 December (2026-W50) is open; the planning opens on this week (W48), two weeks before.
const WEEK = { monday: '2026-12-07', label: /Semaine du lundi 7 décembre/, nextPressesFromDefault: 2 };

describe('portal against the real API (Chromium)', () => {
  let browser: Browser;
  let api: RunningApi | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    const notable = axeFindings.filter((f) => f.impact !== 'minor');
    if (notable.length) console.info(`axe findings (moderate and above):\n${notable.map((f) => `${f.page}: ${f.id} (${f.impact}) ${f.targets.join(' ')}`).join('\n')}`);
  });
  afterEach(async () => {
    await api?.stop();
    api = undefined;
  });

  for (const mode of ['mouse', 'keyboard'] as const) {
    it(`runs the whole journey with the ${mode === 'mouse' ? 'mouse' : 'keyboard alone'}`, async () => {
      api = await startRealApi(NOW);
      const { context, page, errors } = await openPortal(browser, api.baseUrl, NOW);
      const posts: Array<{ path: string; key?: string }> = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (request.method() === 'POST' && url.pathname.startsWith('/api/')) posts.push({ path: url.pathname, key: request.headers()['idempotency-key'] });
      });
      try {
        const result = await runJourney(page, { mode, week: WEEK, activityLabel: 'Restauration scolaire', screenshots: mode === 'mouse' ? '' : undefined });
        expect(Object.keys(result.documents).sort()).toEqual(['cancellation-detail', 'order-detail', 'payment-ticket', 'recap']);
        // R12: every mutating request carried its own key; quotes and demo tokens append nothing and carry none.
        const mutating = posts.filter((p) => !/\/(quote|demo-token)$/.test(p.path));
        expect(mutating.map((p) => p.path.replace(/\/(families|orders)\/[^/]+/, '/$1/:id'))).toEqual([
          '/api/families/:id/reservations',
          '/api/orders/:id/checkout',
          '/api/families/:id/cancellations',
          '/api/families/:id/reservations',
          '/api/orders/:id/confirm',
        ]);
        expect(mutating.every((p) => typeof p.key === 'string' && p.key.length >= 32)).toBe(true);
        expect(new Set(mutating.map((p) => p.key)).size).toBe(mutating.length);
        expect(posts.filter((p) => /\/(quote|demo-token)$/.test(p.path)).every((p) => p.key === undefined)).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
