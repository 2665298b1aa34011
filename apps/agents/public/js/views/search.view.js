// « Rechercher une famille »: by family or parent name, child, school or class
// (GET /api/admin/families/search). The query stays in the address (#/familles?q=…).
import { h, table } from '../dom.js';
import { notice, pageHeading } from '../ui.js';

export async function searchView(ctx, _params, query) {
  const q = (query.get('q') ?? '').trim();
  const input = h('input', { id: 'recherche', name: 'q', type: 'search', value: q, required: true, maxlength: '200', 'aria-describedby': 'recherche-aide', autocomplete: 'off' });
  const form = h(
    'form',
    {
      class: 'search-form',
      role: 'search',
      'aria-label': 'Familles',
      onsubmit: (event) => {
        event.preventDefault();
        const value = /** @type {HTMLInputElement} */ (input).value.trim();
        if (value) ctx.go(`#/familles?q=${encodeURIComponent(value)}`);
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'recherche' }, 'Nom de la famille, d’un parent ou d’un enfant, école ou classe'), h('span', { class: 'hint', id: 'recherche-aide' }, 'Par exemple « martin », « léa martin » ou « jules ferry cm1 ». Majuscules et accents sont ignorés.'), input),
    h('button', { type: 'submit', class: 'button' }, 'Rechercher'),
  );
  const content = [pageHeading('Rechercher une famille'), form];
  if (ctx.can('families.register')) content.push(h('p', null, h('a', { href: '#/nouvelle-famille' }, 'Inscrire une nouvelle famille')));
  if (!q) return { content };

  const result = await ctx.api.get(`/api/admin/families/search?q=${encodeURIComponent(q)}&limit=50`);
  const said = result.total === 0 ? `Aucune famille ne correspond à « ${q} ».` : `${result.total} famille${result.total > 1 ? 's' : ''} trouvée${result.total > 1 ? 's' : ''} pour « ${q} ».`;
  ctx.announce(said);
  content.push(h('h2', { id: 'resultats' }, 'Résultats'), h('p', null, said));
  if (result.total > result.families.length) content.push(notice('info', `Seules les ${result.families.length} premières sont affichées : précisez la recherche (un prénom, une école, une classe).`));
  if (result.families.length > 0) {
    content.push(
      table({
        caption: `Familles trouvées pour « ${q} »`,
        columns: ['Famille', 'Enfants', 'École et classe', 'Dossier'],
        rows: result.families.map((family) => [
          family.name ?? 'Données effacées',
          family.children.map((c) => `${c.firstName} ${c.lastName}`).join(', ') || '—',
          family.children.map((c) => `${c.school} (${c.grade})`).join(', ') || '—',
          h('a', { href: `#/famille/${encodeURIComponent(family.familyId)}` }, 'Ouvrir le dossier', h('span', { class: 'sr-only' }, ` (famille ${family.name ?? family.familyId})`)),
        ]),
      }),
    );
  }
  return { title: q ? `Recherche « ${q} »` : undefined, content };
}
