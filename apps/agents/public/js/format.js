// French formatting: 3,50 €, dates and instants in the town's time zone.

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** @param {number} cents */
export function formatEuros(cents) {
  return euros.format(cents / 100).replace(/\u202f|\u00a0/g, '\u00a0');
}

/** « lundi 7 décembre 2026 » from `2026-12-07`. */
export function formatDate(isoDate) {
  const [y, m, d] = String(isoDate).split('-').map(Number);
  return new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** « 26/11/2026 à 10:00 » in `timeZone`. */
export function formatInstant(instant, timeZone = 'Europe/Paris') {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return String(instant);
  const day = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone }).format(date);
  const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone }).format(date);
  return `${day} à ${time}`;
}

/** Today's civil date in `timeZone` (YYYY-MM-DD), from the browser's clock. */
export function todayIn(timeZone = 'Europe/Paris', now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(now);
}

/** A CSV file as French spreadsheets read it: `;` between fields, CRLF, a byte-order mark. */
export function toCsv(rows) {
  const cell = (value) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return '\ufeff' + rows.map((row) => row.map(cell).join(';')).join('\r\n') + '\r\n';
}
