// French formatting and ISO-week arithmetic. Pure functions (no DOM), unit-tested under Node.

const NBSP = '\u00a0';
const NNBSP = '\u202f'; // narrow no-break space: the French thousands separator

/** 350 → « 3,50 € »; 123456 → « 1 234,56 € »; integer cents only (R1). */
export function formatEuros(cents) {
  if (!Number.isInteger(cents)) throw new TypeError(`montant en centimes attendu, reçu ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
  const rest = String(abs % 100).padStart(2, '0');
  return `${sign}${euros},${rest}${NBSP}€`;
}

const DAY_MS = 86_400_000;

function parseIsoDate(date) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`date invalide : ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function toIsoDate(epochMs) {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function addDays(date, days) {
  return toIsoDate(parseIsoDate(date) + days * DAY_MS);
}

/** 1 = lundi … 7 = dimanche. */
export function isoWeekday(date) {
  const day = new Date(parseIsoDate(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The ISO-8601 week of a date, e.g. '2027-01-01' → '2026-W53' (week-numbering year). */
export function isoWeekOf(date) {
  const thursday = parseIsoDate(date) + (4 - isoWeekday(date)) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function isIsoWeek(value) {
  const match = /^(\d{4})-W(\d{2})$/.exec(value ?? '');
  if (!match) return false;
  const week = Number(match[2]);
  return week >= 1 && isoWeekOf(isoWeekMonday(value)) === value;
}

/** The Monday of an ISO week. */
export function isoWeekMonday(week) {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new RangeError(`semaine invalide : ${week}`);
  const jan4 = `${match[1]}-01-04`;
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4));
  return addDays(week1Monday, (Number(match[2]) - 1) * 7);
}

/** The 7 dates of an ISO week, Monday to Sunday. */
export function isoWeekDates(week) {
  const monday = isoWeekMonday(week);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

export function addWeeks(week, weeks) {
  return isoWeekOf(addDays(isoWeekMonday(week), weeks * 7));
}

/** Today's date in a time zone, from an instant (the browser clock by default). */
export function dateInZone(timeZone, instant = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const dayFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' });
const dayYearFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const compactDayFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const shortDayFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** French writes the first day of a month as an ordinal: « 1er décembre », « 2 décembre ». */
function frenchDate(format, at) {
  return format
    .formatToParts(at)
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

/** '2026-12-07' → « lundi 7 décembre » (with the year when asked); the 1st is « 1er ». */
export function formatDay(date, { withYear = false } = {}) {
  return frenchDate(withYear ? dayYearFormat : dayFormat, new Date(parseIsoDate(date)));
}

/** '2026-12-07' → « lun. 7 déc. 2026 » (tables, narrow screens). */
export function formatCompactDay(date) {
  return frenchDate(compactDayFormat, new Date(parseIsoDate(date)));
}

/** '2026-12-07' → « 7 décembre 2026 ». */
export function formatShortDate(date) {
  return frenchDate(shortDayFormat, new Date(parseIsoDate(date)));
}

const zonedFormats = new Map();
function zoned(timeZone) {
  let formats = zonedFormats.get(timeZone);
  if (!formats) {
    formats = {
      day: new Intl.DateTimeFormat('fr-FR', { timeZone, weekday: 'long', day: 'numeric', month: 'long' }),
      dayYear: new Intl.DateTimeFormat('fr-FR', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
      time: new Intl.DateTimeFormat('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    zonedFormats.set(timeZone, formats);
  }
  return formats;
}

/** An instant shown in the municipality's zone: « mardi 1er décembre, 23:59 ». */
export function formatInstant(instant, timeZone = 'Europe/Paris', { withYear = false } = {}) {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return '';
  const formats = zoned(timeZone);
  return `${frenchDate(withYear ? formats.dayYear : formats.day, at)}, ${formats.time.format(at)}`;
}

/** An instant's time of day in a time zone: « 11:00 ». */
export function formatTime(instant, timeZone = 'Europe/Paris') {
  const at = new Date(instant);
  return Number.isNaN(at.getTime()) ? '' : zoned(timeZone).time.format(at);
}

/** « Délai dépassé depuis le mardi 1er décembre, 23:59 » — a day whose deadline has passed. */
export function formatLockedSince(instant, timeZone = 'Europe/Paris') {
  const text = formatInstant(instant, timeZone);
  return text ? `Délai dépassé depuis le ${text}` : '';
}

/** « jusqu'au mardi 1er décembre, 23:59 » — the deadline line of a day in the planning. */
export function formatDeadline(instant, timeZone = 'Europe/Paris') {
  const text = formatInstant(instant, timeZone);
  return text ? `modifiable jusqu'au ${text}` : '';
}

/** « réservation tardive possible jusqu'au lundi 7 décembre, 09:00 » — a day past its deadline that the town still takes late. */
export function formatLateDeadline(instant, timeZone = 'Europe/Paris') {
  const text = formatInstant(instant, timeZone);
  return text ? `réservation tardive possible jusqu'au ${text}` : '';
}

export function plural(count, singular, pluralForm = `${singular}s`) {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}
