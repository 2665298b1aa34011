/**
 * The régie's cash at the top of « Argent », in Debian's Chromium against the REAL API (createApp,
 * SQLite in a temp dir, demo mode, simulated payments, a ManualClock on 26 November 2026): a town
 * whose arrêté sets a plafond d'encaisse of 10 € with an alert from 4 €. Before any payment the
 * screen says no versement is due; after 4,20 € it says, in words, a versement is to plan; after
 * 10,70 € that the plafond is reached and a versement is due. axe-core clean; screenshots at
 * 1280 px and 768 px.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { demoMunicipality } from '@periscol/reservation-domain';
import { checkAccessibility, launchChromium, openBackOffice, screenshots } from './support/browser';
import { callApi, demoToken, RunningApi, startRealApi } from './support/real-api';

jest.setTimeout(120_000);

const NOW = new Date('2026-11-26T10:00:00+01:00');

describe('the régie’s cash against its plafond d’encaisse (Chromium)', () => {
  let browser: Browser;
  let api: RunningApi;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'periscol-agents-plafond-'));
    const file = join(dir, 'municipality.json');
    const town = structuredClone(demoMunicipality) as unknown as { regie: Record<string, unknown> };
    town.regie = { ...town.regie, plafondEncaisseCents: 1000, versement: { frequency: 'monthly', thresholdCents: 400 } };
    writeFileSync(file, JSON.stringify(town));
    browser = await launchChromium();
    api = await startRealApi(NOW, { PERISCOL_MUNICIPALITY_FILE: file });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A family books canteen days and pays on the simulated site; the amount paid. */
  async function pays(familyId: string, childIds: string[], key: string): Promise<number> {
    const parent = await demoToken(api.baseUrl, { role: 'parent', familyId });
    const order = await callApi<{ orderId: string; totalCents: number }>(api.baseUrl, 'POST', `/api/families/${familyId}/reservations`, parent, { slots: childIds.map((childId) => ({ childId, activityId: 'restauration', date: '2026-12-10' })) }, `${key}-reserve`);
    expect(order.status).toBe(201);
    const checkout = await callApi<{ checkoutUrl: string }>(api.baseUrl, 'POST', `/api/orders/${order.body.orderId}/checkout`, parent, {}, `${key}-pay`);
    expect(checkout.status).toBe(200);
    const paid = await fetch(`${checkout.body.checkoutUrl}/pay`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    expect(paid.status).toBe(303);
    return order.body.totalCents;
  }

  async function openMoney(role: 'regisseur' | 'auditor') {
    const opened = await openBackOffice(browser, api.baseUrl, NOW);
    await opened.page.goto('/agents/');
    await opened.page.locator(`button[data-role="${role}"]`).click();
    await opened.page.getByRole('heading', { level: 1, name: 'Rechercher une famille' }).waitFor();
    await opened.page.getByRole('navigation', { name: /./ }).getByRole('link', { name: 'Argent' }).click();
    await opened.page.getByRole('heading', { level: 1, name: 'Argent' }).waitFor();
    await opened.page.getByRole('heading', { level: 2, name: 'Encaisse de la régie' }).waitFor();
    return opened;
  }

  const text = (s: string) => s.replace(/\s+/g, ' ').trim();
  /** The section under « Encaisse de la régie », as read. */
  const section = async (page: Page) => text(await page.locator('main').innerText()).split('Encaisse de la régie')[1]?.split('Demandes de remboursement')[0] ?? '';

  it('says no versement is due under the threshold, a versement to plan from it, and a versement due at the plafond', async () => {
    const { page, context, errors } = await openMoney('regisseur');
    try {
      expect(await page.locator('main h2').first().innerText()).toBe('Encaisse de la régie');
      let read = await section(page);
      expect(read).toContain('Encaisse sous le seuil d’alerte : aucun versement n’est dû avant le lundi 30 novembre 2026.');
      expect(read).toMatch(/Encaisse depuis le dimanche 1 novembre 2026 0,00\s€ \(0 recette\)/);
      expect(read).toMatch(/Plafond d’encaisse 10,00\s€ \(0 % atteint\)/);
      expect(read).toContain('Régisseur Claire Martin (depuis le mercredi 1 juillet 2026)');
      expect(read).toContain('Mandataires Sophie Leroy');
      await checkAccessibility(page, 'argent-encaisse');
      await screenshots(page, 'argent-encaisse');

      const first = await pays('famille-martin', ['lea-martin', 'hugo-martin'], 'martin');
      expect(first).toBe(420);
      await page.reload();
      await page.getByText('Versement à prévoir.').waitFor();
      read = await section(page);
      expect(read).toMatch(/Versement à prévoir\. L’encaisse \(4,20\s€\) atteint le seuil d’alerte de 4,00\s€, proche du plafond de 10,00\s€ : un versement au comptable est dû au plus tard le lundi 30 novembre 2026\./);
      expect(read).toMatch(/\(42 % atteint\)/);
      await checkAccessibility(page, 'argent-encaisse-seuil');
      await screenshots(page, 'argent-encaisse-seuil');

      const second = await pays('famille-nguyen', ['lina-nguyen'], 'nguyen');
      await page.reload();
      await page.getByText('Plafond d’encaisse atteint : versement dû.').waitFor();
      read = await section(page);
      const euros = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')}\\s€`;
      expect(read).toMatch(new RegExp(`L’encaisse \\(${euros(first + second)}\\) atteint ou dépasse le plafond de 10,00\\s€\\. Versez les fonds au comptable sans attendre\\.`));
      expect(read).toMatch(/\(2 recettes\)/);
      await checkAccessibility(page, 'argent-encaisse-plafond');
      await screenshots(page, 'argent-encaisse-plafond');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the auditor reads the same alert', async () => {
    const { page, context, errors } = await openMoney('auditor');
    try {
      await page.getByText('Plafond d’encaisse atteint : versement dû.').waitFor();
      await checkAccessibility(page, 'argent-encaisse-auditeur');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
