import { z } from 'zod';
import { PAYMENT_METHODS } from '../regie/regie-day-closed.event';
import { CentsSchema, DEFAULT_MAX_AMOUNT_CENTS } from '../shared/money';
import { IsoDateSchema } from '../shared/iso-date';

/**
 * The régie de recettes as its arrêté constitutif sets it (docs/rules.md §2, R18): what it may
 * collect, how, how much cash it may hold before paying in, and who holds it. Collecting
 * anything else is *gestion de fait*, so a payment start outside it is refused (R7).
 */

const NameSchema = z.string().trim().min(1).max(200);

/** An agent in office from `from` to `to` (both included; no `to`: still in office). */
export const OfficeHolderSchema = z.strictObject({
  name: NameSchema.meta({ description: 'Nom de l’agent, tel que l’arrêté de nomination l’écrit.' }),
  from: IsoDateSchema.meta({ description: 'Premier jour en fonction (YYYY-MM-DD).' }),
  to: IsoDateSchema.optional().meta({ description: 'Dernier jour en fonction (YYYY-MM-DD) ; absent : toujours en fonction.' }),
});

export const VERSEMENT_FREQUENCIES = ['weekly', 'monthly'] as const;

export const RegieArreteSchema = z
  .strictObject({
    arrete: z
      .strictObject({ reference: NameSchema, date: IsoDateSchema })
      .meta({ description: 'L’arrêté constitutif de la régie : référence (« Arrêté n° 2025-112 ») et date.' }),
    revenueTypes: z
      .array(z.string())
      .min(1)
      .meta({ description: 'Les recettes encaissées : identifiants des activités du fichier. Les avoirs (paiements portés en avoir) en font toujours partie.' }),
    paymentMethods: z
      .array(z.enum(PAYMENT_METHODS))
      .min(1)
      .meta({ description: 'Modes de paiement acceptés : "card" et "direct_debit" (PayFiP ; l’un ou l’autre ouvre PayFiP), "payfip", "stripe", "simulated".' }),
    plafondEncaisseCents: CentsSchema.min(100)
      .max(DEFAULT_MAX_AMOUNT_CENTS)
      .meta({ description: 'Plafond d’encaisse en centimes (2 287 € = 228700) : au-delà, un versement au comptable est dû.' }),
    versement: z
      .strictObject({
        frequency: z.enum(VERSEMENT_FREQUENCIES).meta({ description: 'Versement au comptable au moins chaque semaine ("weekly") ou chaque mois ("monthly").' }),
        thresholdCents: CentsSchema.min(1)
          .max(DEFAULT_MAX_AMOUNT_CENTS)
          .optional()
          .meta({ description: 'Encaisse à partir de laquelle l’alerte « versement à prévoir » s’affiche (2 000 € = 200000) ; absent : 80 % du plafond.' }),
      })
      .default({ frequency: 'monthly' }),
    regisseurs: z.array(OfficeHolderSchema).min(1).meta({ description: 'Le régisseur titulaire, avec ses dates de fonction (un seul à la fois).' }),
    mandataires: z.array(OfficeHolderSchema).default([]).meta({ description: 'Les mandataires (et suppléants), avec leurs dates de fonction.' }),
  })
  .meta({ description: 'La régie de recettes selon son arrêté constitutif : recettes, modes de paiement, plafond d’encaisse, versement, régisseur et mandataires.' });

export type RegieArreteFile = z.infer<typeof RegieArreteSchema>;

type IssueAt = (path: (string | number)[], message: string) => void;

/** What the section cannot say alone: known activities, no repeats, a threshold under the plafond, one régisseur at a time. */
export function checkRegieArrete(regie: RegieArreteFile, activityIds: readonly string[], issue: IssueAt): void {
  const at = (...path: (string | number)[]) => ['regie', ...path];
  const known = new Set(activityIds);
  const seenTypes = new Set<string>();
  regie.revenueTypes.forEach((type, i) => {
    if (seenTypes.has(type)) issue(at('revenueTypes', i), `"${type}" is listed twice; remove one`);
    seenTypes.add(type);
    if (type === 'avoir') issue(at('revenueTypes', i), 'credits ("avoir") always belong to the régie; remove "avoir"');
    else if (!known.has(type)) issue(at('revenueTypes', i), `"${type}" is not an activity of this file; write one of ${activityIds.map((id) => `"${id}"`).join(', ')}`);
  });
  const seenMethods = new Set<string>();
  regie.paymentMethods.forEach((method, i) => {
    if (seenMethods.has(method)) issue(at('paymentMethods', i), `"${method}" is listed twice; remove one`);
    seenMethods.add(method);
  });
  const threshold = regie.versement.thresholdCents;
  if (threshold !== undefined && threshold > regie.plafondEncaisseCents) {
    issue(at('versement', 'thresholdCents'), `the alert threshold (${threshold}) is above the plafond d'encaisse (${regie.plafondEncaisseCents}); write at most ${regie.plafondEncaisseCents}`);
  }
  const checkPeriods = (key: 'regisseurs' | 'mandataires') =>
    regie[key].forEach((holder, i) => {
      if (holder.to !== undefined && holder.to < holder.from) issue(at(key, i, 'to'), `${holder.name}: "to" (${holder.to}) is before "from" (${holder.from})`);
    });
  checkPeriods('regisseurs');
  checkPeriods('mandataires');
  const sorted = regie.regisseurs.map((holder, index) => ({ holder, index })).sort((a, b) => (a.holder.from < b.holder.from ? -1 : a.holder.from > b.holder.from ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1].holder;
    if (before.to === undefined || before.to >= sorted[i].holder.from) {
      issue(at('regisseurs', sorted[i].index, 'from'), `two régisseurs in office on ${sorted[i].holder.from}: end ${before.name}'s period ("to") before ${sorted[i].holder.name} starts`);
    }
  }
}
