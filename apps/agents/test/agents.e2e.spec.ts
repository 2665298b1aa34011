/**
 * The back office in Debian's Chromium against the REAL API (createApp, SQLite in a temp dir,
 * demo mode, a ManualClock on 2026-11-26 10:00 Paris time, when the canteen days of the week of
 * 7 December are open), with 20,000 more families seeded through the store: each role's
 * journey, axe-core on every screen, screenshots at 1280 px and 768 px.
 */
import { readFile } from 'node:fs/promises';
import { Browser, Page } from 'playwright-core';
import { axeFindings, checkAccessibility, launchChromium, openBackOffice, screenshots, tabTo } from './support/browser';
import { callApi, demoToken, RunningApi, startRealApi } from './support/real-api';
import { seedFamilies } from './support/seed-families';

jest.setTimeout(300_000);

const NOW = new Date('2026-11-26T10:00:00+01:00');
const SEEDED = Number(process.env.AGENTS_E2E_FAMILIES ?? 20_000);
const CLOSED_DAY = '2026-12-10';
const MEAL_DAY = '2026-12-07';

type Family = { familyId: string; name: string; quotientFamilial: number | null; quotientFamilialEffectiveAt: string | null; children: { firstName: string; school: string; activityIds: string[] }[] };
type Credits = { balanceCents: number; movements: { kind: string; amountCents: number }[] };

describe('the back office against the real API (Chromium)', () => {
  let browser: Browser;
  let api: RunningApi;
  let admin: string;

  beforeAll(async () => {
    browser = await launchChromium();
    api = await startRealApi(NOW);
    const started = Date.now();
    await seedFamilies(api.store, SEEDED, NOW.toISOString());
    console.info(`seeded ${SEEDED} families (${SEEDED * 2} streams) through the store in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    admin = await demoToken(api.baseUrl, { role: 'admin' });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
    const notable = axeFindings.filter((f) => f.impact !== 'minor');
    if (notable.length) console.info(`axe findings:\n${notable.map((f) => `${f.screen}: ${f.id} (${f.impact})`).join('\n')}`);
  });

  /** Opens the back office and signs in as `role` (demo mode), with the keyboard or the mouse. */
  async function signIn(role: 'agent' | 'regisseur' | 'admin' | 'auditor', mode: 'keyboard' | 'mouse' = 'mouse') {
    const opened = await openBackOffice(browser, api.baseUrl, NOW);
    const { page } = opened;
    await page.goto('/agents/');
    await page.getByRole('heading', { level: 1, name: 'Connexion au back office' }).waitFor();
    const button = page.locator(`button[data-role="${role}"]`);
    if (mode === 'keyboard') {
      await tabTo(page, button);
      await page.keyboard.press('Enter');
    } else {
      await button.click();
    }
    await page.getByRole('heading', { level: 1, name: 'Rechercher une famille' }).waitFor();
    return opened;
  }

  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  const navLabels = async (page: Page) => (await page.getByRole('navigation', { name: 'Menu principal' }).locator('li').allInnerTexts()).map((t) => t.trim());
  const tokenOf = (page: Page) => page.evaluate(() => JSON.parse((globalThis as unknown as { sessionStorage: { getItem(k: string): string } }).sessionStorage.getItem('periscol.agents.session')).token as string);

  it('signs in (axe on the sign-in page, both widths)', async () => {
    const { context, page, errors } = await openBackOffice(browser, api.baseUrl, NOW);
    try {
      await page.goto('/agents');
      await heading(page, 'Connexion au back office');
      expect(page.url()).toMatch(/\/agents\/#\/connexion$/);
      expect(await page.locator('button[data-role]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-role')))).toEqual(['agent', 'regisseur', 'admin', 'auditor']);
      await checkAccessibility(page, 'connexion');
      await screenshots(page, 'connexion');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it(`agent, keyboard alone: finds Camille Martin among ${SEEDED + 3} families and enrols a child`, async () => {
    const { context, page, errors } = await signIn('agent', 'keyboard');
    try {
      expect(await navLabels(page)).toEqual(['Familles', 'Inscrire une famille', 'Présences', 'Absences', 'Se déconnecter']);
      await checkAccessibility(page, 'recherche');
      const search = page.getByLabel(/Nom de la famille, d’un parent ou d’un enfant/);
      await tabTo(page, search);
      await page.keyboard.type('martin');
      await page.keyboard.press('Enter');
      await page.locator('#contenu').getByText(/familles trouvées pour « martin »/).waitFor();
      const many = Number((await page.locator('#contenu').getByText(/familles trouvées pour « martin »/).innerText()).match(/^(\d+)/)?.[1]);
      expect(many).toBeGreaterThan(SEEDED / 40);
      await page.locator('#contenu').getByText('Seules les 50 premières sont affichées').waitFor();
      await checkAccessibility(page, 'recherche-resultats');
      await screenshots(page, 'recherche-resultats');

      await tabTo(page, search);
      await page.keyboard.press('Control+A');
      await page.keyboard.type('camille martin jules cp');
      await page.keyboard.press('Enter');
      await page.locator('#contenu').getByText('1 famille trouvée pour « camille martin jules cp ».').waitFor();
      await tabTo(page, page.getByRole('link', { name: 'Ouvrir le dossier (famille Camille Martin)' }));
      await page.keyboard.press('Enter');
      await heading(page, 'Camille Martin');
      await page.getByRole('table', { name: 'Enfants de la famille Camille Martin' }).waitFor();
      expect(await page.locator('#quotient-familial').innerText()).toMatch(/^612 — attestation du 26\/11\/2026/);
      await checkAccessibility(page, 'dossier-famille');
      await screenshots(page, 'dossier-famille');

      await tabTo(page, page.getByRole('link', { name: 'Inscrire un enfant' }));
      await page.keyboard.press('Enter');
      await heading(page, 'Inscrire un enfant');
      await checkAccessibility(page, 'inscrire-enfant');
      await screenshots(page, 'inscrire-enfant');
      await tabTo(page, page.getByLabel('Prénom (obligatoire)'));
      await page.keyboard.type('Zoé');
      await page.keyboard.press('Tab');
      expect(await page.getByLabel('Nom (obligatoire)', { exact: true }).inputValue()).toBe('Martin');
      await page.keyboard.press('Tab');
      await page.keyboard.type('École maternelle Les Tilleuls');
      await page.keyboard.press('Tab');
      await page.keyboard.type('PS');
      await tabTo(page, page.getByLabel('Restauration scolaire'));
      await page.keyboard.press('Space');
      await tabTo(page, page.getByRole('button', { name: 'Inscrire l’enfant' }));
      await page.keyboard.press('Enter');
      await heading(page, 'Camille Martin');
      await page.locator('#contenu').getByText('Zoé Martin est inscrit(e).').waitFor();
      await page.getByRole('rowheader', { name: 'Zoé Martin' }).waitFor();

      const family = (await callApi<Family>(api.baseUrl, 'GET', '/api/families/famille-martin', admin)).body;
      expect(family.children.find((c) => c.firstName === 'Zoé')).toMatchObject({ school: 'École maternelle Les Tilleuls', activityIds: ['restauration'] });
      const found = (await callApi<{ families: { familyId: string }[] }>(api.baseUrl, 'GET', `/api/admin/families/search?q=${encodeURIComponent('zoé tilleuls ps martin')}`, admin)).body;
      expect(found.families.map((f) => f.familyId)).toContain('famille-martin');

      // Not an agent's: closing days. The menu hides it, the page says so, the API refuses it.
      await page.goto('/agents/#/jours');
      await heading(page, 'Accès non autorisé');
      await checkAccessibility(page, 'acces-non-autorise');
      const token = await tokenOf(page);
      expect((await callApi(api.baseUrl, 'POST', '/api/admin/closures/preview', token, { activityId: 'restauration', date: CLOSED_DAY })).status).toBe(403);
      expect((await callApi(api.baseUrl, 'POST', '/api/admin/closures', token, { activityId: 'restauration', date: CLOSED_DAY, reason: 'Grève' }, 'agent-try-close')).status).toBe(403);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('agent, with the mouse: registers a family, then updates its QF with the attestation date', async () => {
    const { context, page, errors } = await signIn('agent');
    try {
      await page.getByRole('link', { name: 'Inscrire une famille' }).first().click();
      await heading(page, 'Inscrire une famille');
      await checkAccessibility(page, 'inscrire-famille');
      await screenshots(page, 'inscrire-famille');
      await page.getByLabel('Nom du responsable (obligatoire)').fill('Agnès Vasseur');
      await page.getByLabel('Courriel (obligatoire)').fill('agnes.vasseur@exemple.fr');
      await page.getByLabel('Prénom').fill('Paul');
      await page.getByLabel('Nom', { exact: true }).fill('Vasseur');
      await page.getByLabel('École').fill('École primaire Marie-Curie');
      await page.getByLabel('Classe').fill('CE1');
      await page.getByLabel('Restauration scolaire').check();
      await page.getByRole('button', { name: 'Inscrire la famille' }).click();
      await heading(page, 'Agnès Vasseur');
      await page.locator('#contenu').getByText('La famille Agnès Vasseur est inscrite.').waitFor();

      await page.getByRole('link', { name: 'Mettre à jour le quotient familial' }).click();
      await heading(page, 'Mettre à jour le quotient familial');
      await checkAccessibility(page, 'quotient-familial');
      await page.getByLabel('Quotient familial').fill('845');
      await page.getByLabel('Date de l’attestation').fill('2026-11-20');
      await page.getByRole('button', { name: 'Enregistrer le quotient' }).click();
      await page.locator('#contenu').getByText('Quotient familial enregistré.').waitFor();
      expect(await page.locator('#quotient-familial').innerText()).toBe('845 — attestation du 20/11/2026 à 12:00');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('administrator: previews the closure of a day, confirms it, and the families concerned get their credit', async () => {
    // Bernard: two canteen days paid with credit (confirmed); Nguyen: one awaiting payment.
    expect((await callApi(api.baseUrl, 'POST', '/api/admin/families/famille-bernard/credits', admin, { amountCents: 5000, reason: 'Avance' }, 'seed-credit-bernard')).status).toBe(201);
    const bernard = await demoToken(api.baseUrl, { role: 'parent', familyId: 'famille-bernard' });
    const order = await callApi<{ orderId: string; action: string }>(api.baseUrl, 'POST', '/api/families/famille-bernard/reservations', bernard, { slots: ['ines-bernard', 'nathan-bernard'].map((childId) => ({ childId, activityId: 'restauration', date: CLOSED_DAY })) }, 'bernard-reserve');
    expect(order.body.action).toBe('ok');
    expect((await callApi(api.baseUrl, 'POST', `/api/orders/${order.body.orderId}/confirm`, bernard, {}, 'bernard-ok')).status).toBe(200);
    const nguyen = await demoToken(api.baseUrl, { role: 'parent', familyId: 'famille-nguyen' });
    expect((await callApi(api.baseUrl, 'POST', '/api/families/famille-nguyen/reservations', nguyen, { slots: [{ childId: 'lina-nguyen', activityId: 'restauration', date: CLOSED_DAY }] }, 'nguyen-reserve')).status).toBe(201);
    const before = (await callApi<Credits>(api.baseUrl, 'GET', '/api/families/famille-bernard/credits', bernard)).body;

    const { context, page, errors } = await signIn('admin');
    try {
      expect(await navLabels(page)).toEqual(['Familles', 'Inscrire une famille', 'Jours de service', 'Présences', 'Absences', 'Argent', 'Journal de la régie', 'Vérification', 'Se déconnecter']);
      await page.getByRole('link', { name: 'Jours de service' }).click();
      await heading(page, 'Jours de service');
      await checkAccessibility(page, 'jours-de-service');
      await page.getByLabel('Activité').selectOption('restauration');
      await page.getByLabel('Jour (obligatoire)').fill(CLOSED_DAY);
      await page.getByLabel('Motif (obligatoire)').fill('Grève du personnel de restauration');
      await page.getByRole('button', { name: 'Prévisualiser la fermeture' }).click();
      await page.getByRole('heading', { level: 2, name: /^Aperçu : fermer Restauration scolaire du jeudi 10 décembre 2026/ }).waitFor();
      const preview = page.getByRole('table', { name: /Familles concernées par la fermeture/ });
      const rows = await preview.locator('tbody tr').allInnerTexts();
      expect(rows.find((r) => r.startsWith('Sophie et Karim Bernard'))).toMatch(/Inès Bernard.*Nathan Bernard.*\t2\t/);
      expect(rows.find((r) => r.startsWith('Thomas Nguyen'))).toMatch(/\t0\t0,00\s€\t1$/);
      const credit = (await preview.locator('tfoot td').nth(2).innerText()).trim();
      await checkAccessibility(page, 'fermeture-apercu');
      await screenshots(page, 'fermeture-apercu');
      // Nothing happened yet.
      expect((await callApi<Credits>(api.baseUrl, 'GET', '/api/families/famille-bernard/credits', bernard)).body.balanceCents).toBe(before.balanceCents);

      await page.getByRole('button', { name: /^Confirmer la fermeture/ }).click();
      await page.locator('#contenu').getByText(/^Le jour est fermé : 2 réservations annulées/).waitFor();
      await page.getByRole('table', { name: 'Jours de service fermés' }).getByRole('row', { name: /jeudi 10 décembre 2026 Restauration scolaire Toutes les écoles Grève du personnel de restauration/ }).waitFor();
      await checkAccessibility(page, 'jours-fermes');
      await screenshots(page, 'jours-fermes');

      // The family's credit, through the API and in its file.
      const after = (await callApi<Credits>(api.baseUrl, 'GET', '/api/families/famille-bernard/credits', bernard)).body;
      const closure = after.movements.filter((m) => m.kind === 'closure');
      expect(closure).toHaveLength(1);
      expect(`${(closure[0].amountCents / 100).toFixed(2).replace('.', ',')}\u00a0€`).toBe(credit.replace(/\s/g, '\u00a0'));
      expect(after.balanceCents).toBe(before.balanceCents + closure[0].amountCents);
      await page.goto('/agents/#/famille/famille-bernard');
      await heading(page, 'Sophie et Karim Bernard');
      await page.getByRole('table', { name: 'Mouvements du compte d’avoirs' }).getByRole('row', { name: /Fermeture du service/ }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('auditor: reads everything, no action is offered, and the API refuses each one with 403', async () => {
    const { context, page, errors } = await signIn('auditor');
    try {
      expect(await navLabels(page)).toEqual(['Familles', 'Jours de service', 'Argent', 'Journal de la régie', 'Vérification', 'Se déconnecter']);
      await page.getByLabel(/Nom de la famille/).fill('sophie bernard');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByRole('link', { name: 'Ouvrir le dossier (famille Sophie et Karim Bernard)' }).click();
      await heading(page, 'Sophie et Karim Bernard');
      await checkAccessibility(page, 'dossier-auditeur');
      await screenshots(page, 'dossier-auditeur');
      expect(await page.getByRole('link', { name: 'Inscrire un enfant' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Mettre à jour le quotient familial' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Effacer les données personnelles' }).count()).toBe(0);

      await page.getByRole('link', { name: 'Jours de service' }).click();
      await heading(page, 'Jours de service');
      await page.locator('#contenu').getByText('Lecture seule : seul un administrateur peut fermer un jour de service.').waitFor();
      expect(await page.getByRole('button', { name: 'Prévisualiser la fermeture' }).count()).toBe(0);
      await page.getByRole('table', { name: 'Jours de service fermés' }).waitFor();
      await checkAccessibility(page, 'jours-auditeur');
      await screenshots(page, 'jours-auditeur');

      for (const hash of ['#/nouvelle-famille', '#/famille/famille-bernard/inscrire-enfant', '#/famille/famille-bernard/quotient', '#/famille/famille-bernard/effacement', '#/presences']) {
        await page.goto(`/agents/${hash}`);
        await heading(page, 'Accès non autorisé');
      }
      await checkAccessibility(page, 'acces-non-autorise-auditeur');

      const token = await tokenOf(page);
      const tries: [string, string, object | undefined][] = [
        ['POST', '/api/admin/families', { name: 'X', email: 'x@exemple.fr', resident: true, children: [] }],
        ['POST', '/api/admin/families/famille-bernard/children', { firstName: 'A', lastName: 'B', school: 'C', grade: 'CP', activityIds: [] }],
        ['PUT', '/api/admin/families/famille-bernard/quotient-familial', { quotientFamilial: 100 }],
        ['POST', '/api/admin/closures/preview', { activityId: 'restauration', date: '2026-12-11' }],
        ['POST', '/api/admin/closures', { activityId: 'restauration', date: '2026-12-11', reason: 'Sortie' }],
        ['GET', `/api/admin/attendance?date=${MEAL_DAY}&activityId=restauration`, undefined],
        ['POST', '/api/admin/families/famille-bernard/erase-personal-data', { reason: 'Fin de conservation' }],
      ];
      const head = await api.store.headPosition();
      for (const [method, path, body] of tries) {
        const res = await callApi<{ error: { code: string } }>(api.baseUrl, method, path, token, body, method === 'GET' ? undefined : `auditor-${path}`);
        expect([method, path, res.status, res.body.error.code]).toEqual([method, path, 403, 'FORBIDDEN']);
      }
      expect(await api.store.headPosition()).toBe(head);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('régisseur: searches and reads a family file, nothing else is offered', async () => {
    const { context, page, errors } = await signIn('regisseur');
    try {
      expect(await navLabels(page)).toEqual(['Familles', 'Argent', 'Journal de la régie', 'Se déconnecter']);
      await page.goto('/agents/#/famille/famille-nguyen');
      await heading(page, 'Thomas Nguyen');
      expect(await page.getByRole('link', { name: 'Inscrire un enfant' }).count()).toBe(0);
      await checkAccessibility(page, 'dossier-regisseur');
      const token = await tokenOf(page);
      expect((await callApi(api.baseUrl, 'POST', '/api/admin/families/famille-nguyen/children', token, { firstName: 'A', lastName: 'B', school: 'C', grade: 'CP', activityIds: [] }, 'regisseur-enrol')).status).toBe(403);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('agent: the meal count of a day by school, printable, exported as CSV', async () => {
    const martin = await demoToken(api.baseUrl, { role: 'parent', familyId: 'famille-martin' });
    expect((await callApi(api.baseUrl, 'POST', '/api/admin/families/famille-martin/credits', admin, { amountCents: 2000, reason: 'Avance' }, 'seed-credit-martin')).status).toBe(201);
    const order = await callApi<{ orderId: string }>(api.baseUrl, 'POST', '/api/families/famille-martin/reservations', martin, { slots: ['lea-martin', 'hugo-martin'].map((childId) => ({ childId, activityId: 'restauration', date: MEAL_DAY })) }, 'martin-reserve');
    expect((await callApi(api.baseUrl, 'POST', `/api/orders/${order.body.orderId}/confirm`, martin, {}, 'martin-ok')).status).toBe(200);

    const { context, page, errors } = await signIn('agent');
    try {
      await page.getByRole('link', { name: 'Présences' }).click();
      await heading(page, 'Présences');
      await page.getByLabel('Jour (obligatoire)').fill(MEAL_DAY);
      await page.getByLabel('Activité').selectOption('restauration');
      await page.getByRole('button', { name: 'Afficher' }).click();
      await page.getByRole('heading', { level: 2, name: 'Restauration scolaire — lundi 7 décembre 2026' }).waitFor();
      await page.locator('#contenu').getByText('2 enfants attendus (réservations confirmées).').waitFor();
      await page.getByRole('table', { name: 'École élémentaire Jules-Ferry — 2 enfants' }).waitFor();
      expect(await page.getByRole('button', { name: 'Imprimer' }).count()).toBe(1);
      await checkAccessibility(page, 'presences');
      await screenshots(page, 'presences');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporter en CSV' }).click()]);
      expect(download.suggestedFilename()).toBe(`presences-restauration-${MEAL_DAY}.csv`);
      const csv = await readFile(await download.path(), 'utf8');
      const [header, ...lines] = csv.split('\r\n');
      expect(header).toBe('\ufeffÉcole;Classe;Nom;Prénom;Famille');
      expect(lines.sort()).toEqual(['', 'École élémentaire Jules-Ferry;CE2;Martin;Léa;famille-martin', 'École élémentaire Jules-Ferry;CP;Martin;Hugo;famille-martin']);
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('administrator: sees what stands in the way of erasing a family’s personal data, then erases it once settled', async () => {
    const familyId = 'seed-000004'; // one child, enrolled at the canteen
    const parent = await demoToken(api.baseUrl, { role: 'parent', familyId });
    const order = await callApi<{ orderId: string }>(api.baseUrl, 'POST', `/api/families/${familyId}/reservations`, parent, { slots: [{ childId: `${familyId}-c1`, activityId: 'restauration', date: MEAL_DAY }] }, 'seed-4-reserve');
    expect(order.status).toBe(201);

    const { context, page, errors } = await signIn('admin');
    try {
      await page.goto(`/agents/#/famille/${familyId}`);
      await heading(page, /Dubois|Thomas|Robert|[A-Z]/);
      await page.getByRole('link', { name: 'Effacer les données personnelles' }).click();
      await heading(page, 'Effacer les données personnelles');
      const conditions = page.locator('ul.conditions > li');
      expect((await conditions.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([
        '✗ Non remplie — 1 réservation(s) en attente de paiement ou de validation : la famille doit la payer, la valider ou l’abandonner.',
        '✔ Remplie — Aucun avoir restant.',
        '✔ Remplie — Aucun jour réservé aujourd’hui ou plus tard.',
      ]);
      await page.locator('#contenu').getByText('L’effacement n’est pas possible tant qu’une condition n’est pas remplie.').waitFor();
      expect(await page.getByRole('button', { name: /Effacer définitivement/ }).count()).toBe(0);
      await checkAccessibility(page, 'effacement-conditions');
      await screenshots(page, 'effacement-conditions');

      // The family abandons its order: nothing stands in the way any more.
      expect((await callApi(api.baseUrl, 'POST', `/api/orders/${order.body.orderId}/abandon`, parent, {}, 'seed-4-abandon')).status).toBe(200);
      await page.reload();
      await heading(page, 'Effacer les données personnelles');
      expect((await conditions.allInnerTexts()).every((t) => t.startsWith('✔ Remplie'))).toBe(true);
      await page.getByLabel(/Motif/).fill('Fin de la durée de conservation (3 ans après le départ)');
      // The confirmation box is required: the browser refuses the form without it.
      await page.getByRole('button', { name: 'Effacer définitivement les données personnelles' }).click();
      expect(await page.getByLabel('Je confirme que la durée de conservation de ce dossier est écoulée.').evaluate((box) => (box as unknown as { validity: { valid: boolean } }).validity.valid)).toBe(false);
      await page.getByLabel('Je confirme que la durée de conservation de ce dossier est écoulée.').check();
      await checkAccessibility(page, 'effacement-pret');
      await screenshots(page, 'effacement-pret');
      await page.getByRole('button', { name: 'Effacer définitivement les données personnelles' }).click();
      await heading(page, 'Données personnelles effacées');
      await page.locator('#contenu').getByText('Les données personnelles de la famille sont effacées.').waitFor();
      expect(await page.getByRole('link', { name: 'Effacer les données personnelles' }).count()).toBe(0);
      const family = await callApi<{ personalDataErased: boolean; name: string | null }>(api.baseUrl, 'GET', `/api/families/${familyId}`, admin);
      expect(family.body).toMatchObject({ personalDataErased: true, name: null });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('auditor: runs the verification of the whole history and reads the report; nothing changes', async () => {
    const { context, page, errors } = await signIn('auditor');
    try {
      const head = await api.store.headPosition();
      await page.getByRole('link', { name: 'Vérification' }).click();
      await heading(page, 'Vérification de l’historique');
      await checkAccessibility(page, 'verification');
      await page.getByRole('button', { name: 'Lancer la vérification' }).click();
      await page.getByRole('heading', { level: 2, name: /^Résultat du / }).waitFor({ timeout: 120_000 });
      await page.locator('#contenu').getByText(/^Historique conforme : \d+ événements, \d+ flux, \d+ familles vérifiés\.$/).waitFor();
      const rows = await page.getByRole('table', { name: 'Contrôles effectués' }).locator('tbody tr').allInnerTexts();
      expect(rows.find((r) => r.startsWith('Chaînes d’empreintes'))).toMatch(/✔ Conforme/);
      expect(rows.find((r) => r.startsWith('Conservation des montants'))).toMatch(/✔ Conforme/);
      expect(rows.some((r) => r.includes('✗ Écart'))).toBe(false);
      await checkAccessibility(page, 'verification-resultat');
      await screenshots(page, 'verification-resultat');
      expect(await api.store.headPosition()).toBe(head);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
