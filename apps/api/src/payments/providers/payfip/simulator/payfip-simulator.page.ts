/** The simulated PayFiP payment page and its error pages (French, as PayFiP's). */

const OUTCOMES = [
  { resultrans: 'P', label: 'Payer par carte (accepté)' },
  { resultrans: 'V', label: 'Payer par prélèvement (accepté)' },
  { resultrans: 'R', label: 'Carte refusée' },
  { resultrans: 'Z', label: 'Prélèvement refusé' },
  { resultrans: 'A', label: 'Abandonner' },
] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font-size:1rem}.test{background:#fff3cd;padding:.5rem}</style></head>
<body>
<p class="test">Simulateur PayFiP — aucun paiement réel n'est effectué.</p>
${body}
</body>
</html>`;
}

export interface PageOperation {
  readonly idOp: string;
  readonly montantCents: number;
  readonly objet: string;
  readonly refdet: string;
  readonly mel: string;
}

function euros(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}\u00a0€`;
}

export function paymentPage(operation: PageOperation, formAction: string): string {
  const buttons = OUTCOMES.map(
    ({ resultrans, label }) =>
      `<form method="post" action="${escapeHtml(formAction)}"><input type="hidden" name="idop" value="${escapeHtml(operation.idOp)}"><input type="hidden" name="resultrans" value="${resultrans}"><button type="submit" data-resultrans="${resultrans}">${escapeHtml(label)}</button></form>`,
  ).join('\n');
  return layout(
    'Paiement PayFiP',
    `<h1>Paiement de ${euros(operation.montantCents)}</h1>
<p>${escapeHtml(operation.objet)}</p>
<p>Référence ${escapeHtml(operation.refdet)} — ${escapeHtml(operation.mel)}</p>
${buttons}`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
