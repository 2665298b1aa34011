/**
 * R14 for one school, in Debian's Chromium against the REAL API (createApp, SQLite in a temp
 * dir, demo mode, a ManualClock on 2026-11-26 10:00 Paris time): the administrator closes a
 * canteen day for the Jules-Ferry school only (« École »), the child of another school keeps
 * its reservation, and the family reached sees its credit in the parents' portal. axe-core on
 * every screen, screenshots at 1280 px and 768 px.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { checkAccessibility, launchChromium, openBackOffice, screenshots, SCREENSHOTS_DIR, WIDTHS } from './support/browser';
import { callApi, demoToken, RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-26T10:00:00+01:00');
const SCHOOL_DAY = '2026-12-08';
const FERRY = 'École élémentaire Jules-Ferry';
const REASON = 'Sortie de fin de trimestre';

type Credits = { balanceCents: number; movements: { kind: string; amountCents: number }[] };
type Planning = { children: { childId: string; days: { date: string; slots: { activityId: string; status: string }[] }[] }[] };

describe('closing a service day for one school (Chromium, real API)', () => {
  let browser: Browser;
  let api: RunningApi;

  beforeAll(async () => {
    browser = await launchChromium();
    api = await startRealApi(NOW);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  /** Books and pays (with credit) `childId`'s canteen on the day, for a demo family. */
  async function reservePaid(familyId: string, childId: string, admin: string): Promise<string> {
    expect((await callApi(api.baseUrl, 'POST', `/api/admin/families/${familyId}/credits`, admin, { amountCents: 2000, reason: 'Avance' }, `seed-credit-${familyId}`)).status).toBe(201);
    const parent = await demoToken(api.baseUrl, { role: 'parent', familyId });
    const order = await callApi<{ orderId: string; action: string }>(api.baseUrl, 'POST', `/api/families/${familyId}/reservations`, parent, { slots: [{ childId, activityId: 'restauration', date: SCHOOL_DAY }] }, `reserve-${childId}`);
    expect(order.body.action).toBe('ok');
    expect((await callApi(api.baseUrl, 'POST', `/api/orders/${order.body.orderId}/confirm`, parent, {}, `ok-${childId}`)).status).toBe(200);
    return parent;
  }

  const slotStatus = async (familyId: string, token: string, childId: string) => {
    const planning = (await callApi<Planning>(api.baseUrl, 'GET', `/api/families/${familyId}/planning?week=2026-W50`, token)).body;
    return planning.children.find((c) => c.childId === childId)?.days.find((d) => d.date === SCHOOL_DAY)?.slots.find((s) => s.activityId === 'restauration')?.status;
  };

  it("administrator: closes a day for one school; the other school's child keeps its day; the family sees its credit in the portal", async () => {
    const admin = await demoToken(api.baseUrl, { role: 'admin' });
    const martin = await reservePaid('famille-martin', 'lea-martin', admin); // Jules-Ferry
    const bernard = await reservePaid('famille-bernard', 'ines-bernard', admin); // Louise-Michel
    const before = (await callApi<Credits>(api.baseUrl, 'GET', '/api/families/famille-martin/credits', martin)).body;

    const office = await openBackOffice(browser, api.baseUrl, NOW);
    try {
      const { page, errors } = office;
      await page.goto('/agents/');
      await page.locator('button[data-role="admin"]').click();
      await page.getByRole('heading', { level: 1, name: 'Rechercher une famille' }).waitFor();
      await page.getByRole('link', { name: 'Jours de service' }).click();
      await page.getByRole('heading', { level: 1, name: 'Jours de service' }).waitFor();
      const school = page.getByLabel('École');
      expect(await school.locator('option').allInnerTexts()).toEqual(['Toutes les écoles', FERRY, 'École élémentaire Louise-Michel', 'École maternelle Les Tilleuls']);
      expect(await school.inputValue()).toBe('');
      await page.getByLabel('Activité').selectOption('restauration');
      await page.getByLabel('Jour (obligatoire)').fill(SCHOOL_DAY);
      await school.selectOption(FERRY);
      await page.getByLabel('Motif (obligatoire)').fill(REASON);
      await checkAccessibility(page, 'fermeture-ecole-formulaire');
      await page.getByRole('button', { name: 'Prévisualiser la fermeture' }).click();
      await page.getByRole('heading', { level: 2, name: `Aperçu : fermer Restauration scolaire du mardi 8 décembre 2026 — ${FERRY}` }).waitFor();
      const rows = await page.getByRole('table', { name: /Familles concernées par la fermeture \(1\)/ }).locator('tbody tr').allInnerTexts();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatch(new RegExp(`^Camille Martin\\tLéa Martin \\(${FERRY}\\)\\t1\\t`));
      await checkAccessibility(page, 'fermeture-ecole-apercu');
      await screenshots(page, 'fermeture-ecole-apercu');

      await page.getByRole('button', { name: /^Confirmer la fermeture/ }).click();
      await page.locator('#contenu').getByText(`Le jour est fermé pour l’école ${FERRY} : 1 réservation annulée`, { exact: false }).waitFor();
      await page
        .getByRole('table', { name: 'Jours de service fermés' })
        .getByRole('row', { name: new RegExp(`mardi 8 décembre 2026 Restauration scolaire ${FERRY} ${REASON}`) })
        .waitFor();
      await checkAccessibility(page, 'jours-fermes-ecole');
      await screenshots(page, 'jours-fermes-ecole');
      expect(errors).toEqual([]);
    } finally {
      await office.context.close();
    }

    // Léa's day is closed and credited; Inès (another school) keeps hers, and her brother may still book it.
    expect(await slotStatus('famille-martin', martin, 'lea-martin')).toBe('closed');
    expect(await slotStatus('famille-bernard', bernard, 'ines-bernard')).toBe('reserved');
    expect(await slotStatus('famille-bernard', bernard, 'nathan-bernard')).toBe('free');
    const after = (await callApi<Credits>(api.baseUrl, 'GET', '/api/families/famille-martin/credits', martin)).body;
    const closure = after.movements.filter((m) => m.kind === 'closure');
    expect(closure).toHaveLength(1);
    expect(after.balanceCents).toBe(before.balanceCents + closure[0].amountCents);

    // The parents' portal: Camille Martin signs in and finds the credit among her movements.
    const portal = await openBackOffice(browser, api.baseUrl, NOW);
    try {
      const { page, errors } = portal;
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: 'Le prépaiement' }).waitFor();
      await page.getByLabel(/Camille Martin/).check();
      await page.getByRole('button', { name: /J.accède au planning/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Planning de réservation' }).waitFor();
      await page.goto('/#/avoirs');
      await page.getByRole('heading', { level: 1, name: 'Mes avoirs' }).waitFor();
      const row = page.getByRole('table', { name: 'Mouvements de vos avoirs' }).getByRole('row', { name: /Avoir \(fermeture du service\)/ });
      await row.waitFor();
      expect((await row.innerText()).replace(/[\u00a0\u202f]/g, ' ')).toContain(`${(closure[0].amountCents / 100).toFixed(2).replace('.', ',')} €`);
      // The portal's own page: axe and a screenshot at both widths (the back office's helper reads `main`).
      mkdirSync(SCREENSHOTS_DIR, { recursive: true });
      for (const width of [WIDTHS.desktop, WIDTHS.tablet]) {
        await page.setViewportSize({ width, height: 900 });
        await checkAccessibility(page, `portail-avoir-fermeture-ecole (${width} px)`);
        await page.screenshot({ path: join(SCREENSHOTS_DIR, `portail-avoir-fermeture-ecole-${width}.png`), fullPage: true });
      }
      expect(errors).toEqual([]);
    } finally {
      await portal.context.close();
    }
  });
});
