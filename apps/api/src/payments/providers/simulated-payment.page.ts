import { formatEuros } from '@periscol/reservation-domain';
import type { SimulatedSession } from './simulated-session-store.port';

export interface SimulatedPaymentPageOptions {
  readonly now: Date;
  /** For the expiry time shown to the parent. */
  readonly timeZone?: string;
}

/**
 * The simulated payment site's page for `/pay/<sessionId>`, in French. Pure: the same session
 * and `now` give the same HTML. *Payer* and *Annuler* are real forms posting to
 * `/pay/<sessionId>/pay` and `/pay/<sessionId>/cancel`, so the page works without JavaScript.
 */
export function renderSimulatedPaymentPage(session: SimulatedSession, options: SimulatedPaymentPageOptions): string {
  const amount = formatEuros(session.amountCents);
  const base = `/pay/${encodeURIComponent(session.sessionId)}`;
  const expiresAt = formatInstant(session.expiresAt, options.timeZone ?? 'Europe/Paris');
  const expired = session.status === 'open' && options.now.getTime() >= session.expiresAt.getTime();

  let action: string;
  if (session.status === 'paid') {
    action = `<p role="status">Ce paiement a déjà été effectué.</p>
      <p><a href="${esc(session.successUrl)}">Retour à vos réservations</a></p>`;
  } else if (expired) {
    action = `<p role="alert">Cette session de paiement a expiré le ${esc(expiresAt)} : aucun montant n’a été débité.</p>
      <p><a href="${esc(session.cancelUrl)}">Retour à vos réservations</a></p>`;
  } else {
    action = `<p>Vous pouvez payer jusqu’au <time datetime="${session.expiresAt.toISOString()}">${esc(expiresAt)}</time>.</p>
      <div class="actions">
        <form method="post" action="${esc(base)}/pay"><button type="submit" class="pay">Payer</button></form>
        <form method="post" action="${esc(base)}/cancel"><button type="submit" class="cancel">Annuler</button></form>
      </div>`;
  }

  const linesTotal = session.lines.reduce((sum, line) => sum + line.amountCents, 0);
  const credit = linesTotal - session.amountCents;
  const rows = session.lines
    .map((line) => `<tr><td>${esc(line.label)}</td><td class="amount">${formatEuros(line.amountCents)}</td></tr>`)
    .join('\n          ');
  const creditRow =
    credit > 0
      ? `<tr><th scope="row">Avoir déduit</th><td class="amount">${formatEuros(-credit)}</td></tr>\n          `
      : '';

  return `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Paiement de ${esc(amount)} – site de paiement simulé</title>
  <style>
    body { font-family: system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1b1b1b; }
    main { max-width: 36rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px; }
    .notice { background: #fff4e5; border-left: 4px solid #b34000; padding: .5rem .75rem; }
    table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
    caption { text-align: left; font-weight: 600; padding-bottom: .5rem; }
    td, th { padding: .4rem 0; border-bottom: 1px solid #ddd; text-align: left; }
    .amount { text-align: right; white-space: nowrap; }
    tfoot th, tfoot td { font-weight: 400; border-bottom: none; }
    tfoot tr:last-child th, tfoot tr:last-child td { font-weight: 700; font-size: 1.15rem; }
    .actions { display: flex; gap: 1rem; }
    button { font: inherit; font-size: 1rem; padding: .6rem 1.4rem; border-radius: 4px; cursor: pointer; }
    button.pay { background: #000091; color: #fff; border: 2px solid #000091; }
    button.cancel { background: #fff; color: #000091; border: 2px solid #000091; }
    button:focus-visible, a:focus-visible { outline: 3px solid #0a76f6; outline-offset: 2px; }
  </style>
</head>
<body>
  <main>
    <h1>Paiement de vos réservations</h1>
    <p class="notice" role="note">Site de paiement simulé : aucune carte n’est demandée et aucun argent n’est débité.</p>
    <p class="total">Montant à payer : <strong class="amount">${esc(amount)}</strong></p>
    <table>
      <caption>Détail des réservations</caption>
      <thead><tr><th scope="col">Réservation</th><th scope="col" class="amount">Montant</th></tr></thead>
      <tbody>
          ${rows}
      </tbody>
      <tfoot>
          ${creditRow}<tr><th scope="row">Montant à payer</th><td class="amount">${esc(amount)}</td></tr>
      </tfoot>
    </table>
    ${action}
  </main>
</body>
</html>
`;
}

function formatInstant(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(at);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
