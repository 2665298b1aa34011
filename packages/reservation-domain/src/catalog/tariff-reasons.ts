import { indexOf } from './catalog-index';
import type { Catalog } from './catalog.types';
import type { IsoDate } from '../shared/iso-date';

/** The tariff a reservation line froze (R3): its grid's start and the rule label `priceSlot` built. */
export interface TariffRef {
  readonly effectiveFrom: IsoDate;
  readonly bracket: string;
}

const SIMPLE: Readonly<Record<string, string>> = {
  'no-qf': 'sans quotient familial connu (tarif maximal)',
  'taux-effort': 'taux d’effort',
  'non-resident': 'hors commune',
  'hors-commune': 'hors commune',
  pai: 'PAI (panier repas)',
  occasionnel: 'tarif occasionnel',
  maternelle: 'maternelle',
  elementaire: 'élémentaire',
  'plafond-mensuel': 'plafond mensuel atteint',
};

/** One part of a label in French; undefined for a part that says nothing to a family ('fixe', 'unknown'). */
function reasonOf(part: string): string | undefined {
  const simple = SIMPLE[part];
  if (simple) return simple;
  let m = /^qf<=(\d+(?:\.\d+)?)$/.exec(part);
  if (m) return `QF jusqu’à ${m[1].replace('.', ',')} €`;
  m = /^qf>(\d+(?:\.\d+)?)$/.exec(part);
  if (m) return `QF au-delà de ${m[1].replace('.', ',')} €`;
  m = /^hors-commune-plus(\d+)%$/.exec(part);
  if (m) return `hors commune (+${m[1]} %)`;
  m = /^(\d+)j-(\d+)%$/.exec(part);
  if (m) return `${m[1]} jours dans la semaine (-${m[2]} %)`;
  m = /^rank(\d+)-(\d+)%$/.exec(part);
  if (m) return `réduction fratrie à partir du ${m[1]}e enfant (-${m[2]} %)`;
  // Late booking (late-booking.ts): « tarif majoré — réservation tardive », with its surcharge.
  if (part === 'tardif-prix') return 'tarif majoré — réservation tardive';
  m = /^tardif-plus(\d+)(%|c)$/.exec(part);
  if (m) return `tarif majoré — réservation tardive (+${m[2] === '%' ? `${m[1]} %` : `${(Number(m[1]) / 100).toFixed(2).replace('.', ',')} €`})`;
  m = /^rank(\d+)-prix$/.exec(part);
  if (m) return `tarif fratrie à partir du ${m[1]}e enfant`;
  return undefined;
}

/** Why a line costs what it costs, in French, one reason per rule applied (« QF jusqu’à 700 € », « PAI (panier repas) »…).
 * Only characters the PDFs' WinAnsi fonts carry (no ≤, no −). */
export function tariffReasons(bracket: string): string[] {
  return bracket.split('+').flatMap((part) => reasonOf(part) ?? []);
}

/** The délibération of the grid a line was priced with, when the catalog still holds that grid and names one. */
export function tariffDeliberation(catalog: Catalog, activityId: string, tariff: TariffRef): string | undefined {
  const activity = indexOf(catalog).activities.get(activityId)?.activity;
  return activity?.tariffs.find((grid) => grid.effectiveFrom === tariff.effectiveFrom)?.deliberation;
}

// Labels the grids could already give before the price shapes and délibérations (and what a v1
// event upcasts to): a line with only these says nothing, so the documents of the orders of
// earlier files keep their bytes (a document is regenerated from the history).
const EARLIER_PART = /^(?:qf<=[\d.]+|qf>[\d.]+|qf-any|taux-effort|non-resident|no-qf|unknown|rank\d+-\d+%)$/;

/**
 * The note printed for a line: its reasons then its délibération, « · »-separated — or '' when
 * the grid names no délibération and the label holds only parts of earlier grids (see above).
 */
export function tariffNote(catalog: Catalog, activityId: string, tariff: TariffRef): string {
  const deliberation = tariffDeliberation(catalog, activityId, tariff);
  if (!deliberation && tariff.bracket.split('+').every((part) => EARLIER_PART.test(part))) return '';
  return [...tariffReasons(tariff.bracket), ...(deliberation ? [deliberation] : [])].join(' · ');
}
