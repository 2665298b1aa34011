import { quotientFamilialOnDay, type Catalog, type Payer } from '../../catalog';
import type { IsoDate } from '../../shared/iso-date';
import { isQuotientFamilial } from '../internal/command-fields';
import type { Pricing } from '../family.commands';

/**
 * The child's part of the payer (R3): school level and PAI, read from the pricing the person
 * stream gave. Anything else than the expected values counts as not given (the grid's own price).
 */
export function childPricingOf(pricing: Pricing, childId: string): Pick<Payer, 'schoolLevel' | 'medicalProtocol'> {
  const children = pricing.children;
  if (typeof children !== 'object' || children === null || !Object.hasOwn(children, childId)) return {};
  const child = children[childId];
  if (typeof child !== 'object' || child === null) return {};
  const level = child.schoolLevel === 'maternelle' || child.schoolLevel === 'elementaire' ? child.schoolLevel : undefined;
  return { ...(level ? { schoolLevel: level } : {}), ...(child.medicalProtocol === true ? { medicalProtocol: true } : {}) };
}

/**
 * The QF that prices `childId` on `date` (R3): the child's own when it has one (a fostered
 * child is priced with its own family's QF), else the family's under the town's policy
 * (`quotientFamilialOnDay`: known at booking, from the next month, or at a reference date).
 */
export function quotientFamilialFor(pricing: Pricing, childId: string, date: IsoDate, catalog: Catalog): number | null {
  const children = pricing.children;
  const own = typeof children === 'object' && children !== null && Object.hasOwn(children, childId) ? children[childId]?.quotientFamilial : undefined;
  if (typeof own === 'number' && isQuotientFamilial(own)) return own;
  return quotientFamilialOnDay(catalog.quotientFamilial, pricing.quotientFamilialHistory, pricing.quotientFamilial, date, catalog);
}

/** The child's school as the person stream gave it (R14 closures of one school), if any. */
export function schoolOf(pricing: Pricing | undefined, childId: string): string | undefined {
  const children = pricing?.children;
  if (typeof children !== 'object' || children === null || !Object.hasOwn(children, childId)) return undefined;
  const school = children[childId]?.school;
  return typeof school === 'string' && school.trim().length > 0 ? school : undefined;
}
