import { InvalidSignatureError } from './payment.errors';
import { checkoutEvent, stripeSignature, WEBHOOK_SECRET } from './stripe-events.fixture';
import { DEFAULT_TOLERANCE_SECONDS, verifySignedEvent } from './signed-webhook';

const NOW = new Date('2026-03-12T10:00:00Z');
const payload = checkoutEvent('checkout.session.completed');

function verify(signedAt: Date, header = stripeSignature(payload, signedAt, WEBHOOK_SECRET)) {
  return verifySignedEvent(Buffer.from(payload), header, WEBHOOK_SECRET, { now: NOW });
}

const seconds = (n: number) => new Date(NOW.getTime() + n * 1000);

describe('verifySignedEvent: the replay window', () => {
  it('accepts a signature dated within the tolerance on either side of now', () => {
    expect(verify(seconds(-DEFAULT_TOLERANCE_SECONDS)).id).toBe('evt_checkout_session_completed');
    expect(verify(seconds(DEFAULT_TOLERANCE_SECONDS)).id).toBe('evt_checkout_session_completed');
  });

  it('refuses a signature dated further in the future than the tolerance, like a too-old one', () => {
    for (const offset of [DEFAULT_TOLERANCE_SECONDS + 1, 24 * 3600, -(DEFAULT_TOLERANCE_SECONDS + 1)]) {
      expect(() => verify(seconds(offset))).toThrow(InvalidSignatureError);
    }
  });

  it('judges every timestamp of a header that carries several', () => {
    const future = Math.floor(seconds(24 * 3600).getTime() / 1000);
    expect(() => verify(NOW, `t=${future},${stripeSignature(payload, NOW, WEBHOOK_SECRET)}`)).toThrow('too far in the future');
  });
});
