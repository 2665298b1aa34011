import { z } from 'zod';
import { CentsSchema, DEFAULT_MAX_AMOUNT_CENTS } from '../shared/money';
import { IsoDateSchema } from '../shared/iso-date';

/**
 * The tariff part of the municipality file (R3, docs/rules.md): an activity's grid history, each
 * grid a QF bracket list or a taux d'effort, plus the optional price shapes towns publish
 * (non-resident table or surcharge, PAI, occasional, school level, days per week, monthly cap,
 * sibling reduction with an exception). Every shape is optional, so a file that states none
 * prices as before. Checks spanning several fields are in `checkTariffHistory`.
 */

/** A unit price: whole cents, at most DEFAULT_MAX_AMOUNT_CENTS (1,000,000 €), so totals stay exact integers. */
const PriceCentsSchema = CentsSchema.max(DEFAULT_MAX_AMOUNT_CENTS, `A price is at most ${DEFAULT_MAX_AMOUNT_CENTS} cents (1 000 000 €)`);
/** A whole percent of a price, rounded half-up to the cent where applied. */
const PercentSchema = z.int().min(1).max(100);
/** Quotient familial in euros, the same range as a family's (0–1,000,000). */
const QfSchema = z.number().min(0).max(1_000_000);

export const SiblingReductionSchema = z
  .strictObject({
    fromRank: z.int().min(2).max(20),
    /** −percent %, half-up to the cent; or `priceCents`: « 3e enfant et plus : 3,30 € ». */
    percent: PercentSchema.optional(),
    priceCents: PriceCentsSchema.optional(),
    /** No reduction for a family whose QF is at most this: « sauf dans la tranche à 1 € ». */
    exceptQfUpTo: QfSchema.optional(),
  })
  .refine((reduction) => (reduction.percent === undefined) !== (reduction.priceCents === undefined), {
    message: 'A sibling reduction states either "percent" (e.g. 50) or "priceCents" (e.g. 330), not both',
  });

export const BracketSchema = z.strictObject({
  /** Upper bound of the quotient familial, inclusive; null on the last, open-ended bracket. */
  maxQf: z.number().min(0).nullable(),
  priceCents: PriceCentsSchema,
});

const FixedPriceSchema = z.strictObject({ priceCents: PriceCentsSchema });
const BracketsTableSchema = z.strictObject({ brackets: z.array(BracketSchema).min(1) });
const TABLE_HINT = 'Expected { "priceCents": 145 } or { "brackets": [{ "maxQf": 700, "priceCents": 250 }, { "maxQf": null, "priceCents": 400 }] }';

/** A price replacing the grid's own: a fixed price or QF brackets. */
export const PriceTableSchema = z.union([FixedPriceSchema, BracketsTableSchema], { error: TABLE_HINT });

export const NonResidentRuleSchema = z.union([FixedPriceSchema, BracketsTableSchema, z.strictObject({ surchargePercent: z.int().min(1).max(1000) })], {
  error: `${TABLE_HINT}, or { "surchargePercent": 10 } (+10 % on the resident price)`,
});

const RegularFromSchema = z.int().min(1).max(7);
export const OccasionalRuleSchema = z.union(
  [FixedPriceSchema.extend({ regularFromDaysPerWeek: RegularFromSchema }), BracketsTableSchema.extend({ regularFromDaysPerWeek: RegularFromSchema })],
  { error: 'Expected { "priceCents": 361, "regularFromDaysPerWeek": 4 } (or "brackets" instead of "priceCents")' },
);

export const DaysPerWeekReductionSchema = z.strictObject({ fromDays: z.int().min(2).max(7), percent: PercentSchema });

const gridCommon = {
  effectiveFrom: IsoDateSchema,
  /** The délibération that set the grid, printed on documents. */
  deliberation: z.string().trim().min(1).max(200).optional().meta({ description: 'Délibération qui fixe la grille, imprimée sur les documents (ex. « Délibération n° 2024/47 du 23 octobre 2024 »).' }),
  nonResidentCents: PriceCentsSchema.optional().meta({ description: 'Prix unique hors commune, en centimes (forme ancienne ; préférer nonResident).' }),
  nonResident: NonResidentRuleSchema.optional().meta({ description: 'Hors commune : { "priceCents" }, { "brackets" } par QF, ou { "surchargePercent": 10 } (+10 %).' }),
  medicalProtocol: PriceTableSchema.optional().meta({ description: 'Prix du panier repas sous protocole médical (PAI), en centimes ou par QF.' }),
  occasional: OccasionalRuleSchema.optional().meta({ description: 'Prix occasionnel : un jour est régulier si l’enfant a au moins regularFromDaysPerWeek jours réservés dans la semaine (lundi-dimanche).' }),
  schoolLevels: z
    .strictObject({ maternelle: PriceTableSchema.optional(), elementaire: PriceTableSchema.optional() })
    .optional()
    .meta({ description: 'Prix par niveau (maternelle / élémentaire), lu dans la classe de l’enfant.' }),
  daysPerWeekReductions: z
    .array(DaysPerWeekReductionSchema)
    .min(1)
    .optional()
    .meta({ description: 'Réductions selon le nombre de jours réservés dans la semaine, ex. [{ "fromDays": 4, "percent": 10 }, { "fromDays": 5, "percent": 20 }].' }),
  monthlyCapCents: PriceCentsSchema.optional().meta({ description: 'Plafond payé par enfant et par mois civil pour l’activité, en centimes.' }),
  siblingReduction: SiblingReductionSchema.optional().meta({ description: 'Réduction fratrie à partir d’un rang : percent ou priceCents, sauf pour un QF au plus exceptQfUpTo.' }),
};

export const BracketsGridSchema = z.strictObject({
  ...gridCommon,
  kind: z.literal('brackets'),
  brackets: z.array(BracketSchema).min(1),
});

/** At most 4 decimals, so `rate × 10,000` is an exact integer and pricing never drifts. */
const RatePercentSchema = z
  .number()
  .gt(0)
  .max(100)
  .refine((rate) => Math.abs(rate * 10_000 - Math.round(rate * 10_000)) < 1e-6, 'A rate has at most 4 decimals (e.g. 0.36 for 0,36 %)');

export const EffortGridSchema = z.strictObject({
  ...gridCommon,
  kind: z.literal('effort'),
  /** Percent of the quotient familial: 0.36 means 0,36 % (QF 1 000 → 3,60 €). */
  rate: RatePercentSchema,
  minCents: PriceCentsSchema,
  maxCents: PriceCentsSchema,
});

export const TariffGridSchema = z.discriminatedUnion('kind', [BracketsGridSchema, EffortGridSchema]);

type TariffGridInput = z.infer<typeof TariffGridSchema>;
type IssueAt = (path: (string | number)[], message: string) => void;
type BracketInput = z.infer<typeof BracketSchema>;

/** Brackets: maxQf increasing, only the last open-ended, and — a town's rule — a higher QF never pays less. */
function checkBrackets(activityId: string, brackets: readonly BracketInput[], path: (string | number)[], issue: IssueAt): void {
  brackets.forEach((bracket, b) => {
    const last = b === brackets.length - 1;
    if (last && bracket.maxQf !== null) issue([...path, b, 'maxQf'], `activity "${activityId}": the last bracket must have maxQf null (open-ended)`);
    if (!last && bracket.maxQf === null) issue([...path, b, 'maxQf'], `activity "${activityId}": only the last bracket may have maxQf null`);
    const before = brackets[b - 1];
    if (!before) return;
    if (before.maxQf !== null && bracket.maxQf !== null && bracket.maxQf <= before.maxQf) {
      issue([...path, b, 'maxQf'], `activity "${activityId}": bracket maxQf must increase (${before.maxQf} then ${bracket.maxQf})`);
    }
    if (bracket.priceCents < before.priceCents) {
      issue([...path, b, 'priceCents'], `activity "${activityId}": a higher quotient familial cannot pay less (${before.priceCents} then ${bracket.priceCents})`);
    }
  });
}

function checkTable(activityId: string, table: object | undefined, path: (string | number)[], issue: IssueAt): void {
  if (table && 'brackets' in table) checkBrackets(activityId, table.brackets as BracketInput[], [...path, 'brackets'], issue);
}

function checkGrid(activityId: string, grid: TariffGridInput, at: (string | number)[], issue: IssueAt): void {
  if (grid.kind === 'effort') {
    if (grid.minCents > grid.maxCents) issue(at, `activity "${activityId}": minCents is above maxCents`);
  } else {
    checkBrackets(activityId, grid.brackets, [...at, 'brackets'], issue);
  }
  if (grid.nonResidentCents !== undefined && grid.nonResident !== undefined) {
    issue([...at, 'nonResident'], `activity "${activityId}": state non-residents once: keep "nonResident" and remove "nonResidentCents"`);
  }
  checkTable(activityId, grid.nonResident, [...at, 'nonResident'], issue);
  checkTable(activityId, grid.medicalProtocol, [...at, 'medicalProtocol'], issue);
  checkTable(activityId, grid.occasional, [...at, 'occasional'], issue);
  checkTable(activityId, grid.schoolLevels?.maternelle, [...at, 'schoolLevels', 'maternelle'], issue);
  checkTable(activityId, grid.schoolLevels?.elementaire, [...at, 'schoolLevels', 'elementaire'], issue);
  grid.daysPerWeekReductions?.forEach((step, s, steps) => {
    const before = steps[s - 1];
    if (before && (step.fromDays <= before.fromDays || step.percent < before.percent)) {
      issue([...at, 'daysPerWeekReductions', s], `activity "${activityId}": days-per-week reductions must have increasing fromDays and non-decreasing percent`);
    }
  });
}

/** Grids sorted by strictly increasing effectiveFrom (the grid of a day is the latest started), each grid consistent. */
export function checkTariffHistory(activityId: string, tariffs: readonly TariffGridInput[], at: (string | number)[], issue: IssueAt): void {
  tariffs.forEach((grid, g) => {
    const previous = tariffs[g - 1];
    if (previous && previous.effectiveFrom >= grid.effectiveFrom) {
      issue([...at, g, 'effectiveFrom'], `activity "${activityId}": tariff grids must be sorted by strictly increasing effectiveFrom (${previous.effectiveFrom} then ${grid.effectiveFrom})`);
    }
    checkGrid(activityId, grid, [...at, g], issue);
  });
}
