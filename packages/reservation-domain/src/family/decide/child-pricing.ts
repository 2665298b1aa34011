import type { Payer } from '../../catalog';
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
