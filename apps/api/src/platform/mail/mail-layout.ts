import { formatEuros, type ServiceContact } from '@periscol/reservation-domain';
import { z } from 'zod';

/** What every automatic e-mail says last, above the municipality's name. */
export const AUTOMATIC_NOTICE = 'Ce message est envoyé automatiquement, merci de ne pas y répondre.';

/** Integer cents, as every e-mail input carries amounts. */
export const emailCentsSchema = z.number().int().safe().nonnegative();

/** A reserved line as e-mails list it (child's name or « données effacées », activity, date, price). */
export const emailLineSchema = z.object({
  childName: z.string().trim().min(1),
  activityLabel: z.string().trim().min(1),
  date: z.iso.date(),
  unitPriceCents: emailCentsSchema,
});

/** Text for an HTML e-mail body. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The municipality file's service contact, as e-mail inputs carry it (each part optional). */
export const emailContactSchema = z
  .object({ service: z.string().trim().min(1).optional(), phone: z.string().trim().min(1).optional(), email: z.email().optional() })
  .optional();

/**
 * Whom to ask, as the portal's footer says it: `{ service: 'Service enfance-jeunesse', parts:
 * ['03 85 00 12 34', 'periscolaire@…'] }`; undefined when the file gives neither a phone nor an
 * e-mail (an automatic e-mail asks not to reply: it must say where to write instead).
 */
function askWhom(contact: ServiceContact | undefined): { service: string; phone?: string; email?: string } | undefined {
  const phone = contact?.phone?.trim() || undefined;
  const email = contact?.email?.trim() || undefined;
  if (!phone && !email) return undefined;
  const named = contact?.service?.trim() || 'service périscolaire';
  const service = /^service\b/i.test(named) ? named : `service ${named}`;
  return { service: service.charAt(0).toUpperCase() + service.slice(1), phone, email };
}

/** « Une question ? Service enfance-jeunesse : 03 85 00 12 34 · periscolaire@… », or undefined. */
export function contactLine(contact: ServiceContact | undefined): string | undefined {
  const whom = askWhom(contact);
  return whom && `Une question ? ${whom.service} : ${[whom.phone, whom.email].filter(Boolean).join(' · ')}`;
}

/** A text e-mail's last lines: `footer`, whom to ask, the municipality, a final newline. */
export function textFooter(footer: readonly string[], municipality: string, contact?: ServiceContact): string[] {
  const ask = contactLine(contact);
  return [...footer, ...(ask ? [ask] : []), municipality, ''];
}

function htmlContactLine(contact: ServiceContact | undefined): string | undefined {
  const whom = askWhom(contact);
  if (!whom) return undefined;
  const links = [
    whom.phone && `<a href="tel:${escapeHtml(whom.phone.replace(/[^+0-9]/g, ''))}">${escapeHtml(whom.phone)}</a>`,
    whom.email && `<a href="mailto:${escapeHtml(whom.email)}">${escapeHtml(whom.email)}</a>`,
  ].filter(Boolean);
  return `Une question ? ${escapeHtml(whom.service)} : ${links.join(' · ')}`;
}

/**
 * The HTML page of an e-mail: « Bonjour, », `content` (HTML, escaped by the caller), then the
 * grey footer lines (text, escaped here), whom to ask (with tel: and mailto: links), the
 * municipality last.
 */
export function htmlEmail(subject: string, content: string, footer: readonly string[], municipality: string, contact?: ServiceContact): string {
  const ask = htmlContactLine(contact);
  const lines = [...footer.map(escapeHtml), ...(ask ? [ask] : []), escapeHtml(municipality)];
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, sans-serif; color: #1b1b1b;">
<p>Bonjour,</p>
${content}
<p style="color: #555;">${lines.join('<br>')}</p>
</body>
</html>
`;
}

export interface EmailLine {
  /** As documents show it: the child's name, or « données effacées » after erasure (R17). */
  readonly childName: string;
  readonly activityLabel: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly unitPriceCents: number;
}

/** The lines grouped by child, each child's in date order. */
export function byChild<L extends EmailLine>(lines: readonly L[]): { childName: string; lines: L[] }[] {
  const groups = new Map<string, L[]>();
  for (const line of lines) groups.set(line.childName, [...(groups.get(line.childName) ?? []), line]);
  return [...groups].map(([childName, childLines]) => ({
    childName,
    lines: [...childLines].sort((a, b) => a.date.localeCompare(b.date) || a.activityLabel.localeCompare(b.activityLabel, 'fr')),
  }));
}

/** `2026-03-16` → `lundi 16 mars 2026` (a calendar date: no time zone shift). */
export function longDate(date: string): string {
  return new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** The reserved days, child by child, as text lines (a blank line after each child). */
export function reservedDaysText(lines: readonly EmailLine[]): string[] {
  return byChild(lines).flatMap(({ childName, lines: days }) => [
    childName,
    ...days.map((l) => `  - ${longDate(l.date)} : ${l.activityLabel}, ${formatEuros(l.unitPriceCents)}`),
    '',
  ]);
}

/** The reserved days, child by child, as HTML. */
export function reservedDaysHtml(lines: readonly EmailLine[]): string {
  return byChild(lines)
    .map(
      ({ childName, lines: days }) => `<h2 style="font-size: 1.1em;">${escapeHtml(childName)}</h2>
<ul>
${days.map((l) => `  <li>${escapeHtml(longDate(l.date))} : ${escapeHtml(l.activityLabel)}, ${escapeHtml(formatEuros(l.unitPriceCents))}</li>`).join('\n')}
</ul>`,
    )
    .join('\n');
}
