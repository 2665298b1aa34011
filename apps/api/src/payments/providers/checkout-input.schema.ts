import { z } from 'zod';
import { InvalidCheckoutInputError } from './payment.errors';
import type { CheckoutInput } from './payment-provider.port';

const cents = z.number().int().safe();
const id = z.string().min(1).max(200);
const url = z.url({ protocol: /^https?$/ });

const checkoutInputSchema = z
  .object({
    orderId: id,
    paymentId: id,
    familyId: id,
    amountCents: cents.positive(),
    currency: z.literal('eur'),
    lines: z.array(z.object({ label: z.string().trim().min(1).max(500), amountCents: cents.positive() })).min(1),
    expiresAt: z.date(),
    successUrl: url,
    cancelUrl: url,
    idempotencyKey: z.string().min(1).max(255),
  })
  .refine((input) => input.lines.reduce((sum, line) => sum + line.amountCents, 0) >= input.amountCents, {
    message: 'the lines add up to less than the amount to pay',
    path: ['lines'],
  });

/** Validates a checkout request; throws InvalidCheckoutInputError (zod issues in details). */
export function parseCheckoutInput(input: CheckoutInput): CheckoutInput {
  const result = checkoutInputSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidCheckoutInputError('invalid checkout request', result.error.issues);
  }
  return input;
}
