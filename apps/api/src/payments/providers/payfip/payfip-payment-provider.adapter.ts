import { parseCheckoutInput } from '../checkout-input.schema';
import { CheckoutSessionError, InvalidCheckoutInputError, InvalidNotificationError, PaymentProviderUnavailableError } from '../payment.errors';
import type { CheckoutInput, CheckoutSession, PaymentNotification, PaymentProvider, PaymentReference } from '../payment-provider.port';
import { exerOf, isPayfipMel, objetOf, PAYFIP_MAX_CENTS, PAYFIP_MIN_CENTS, refdetOf, transactionInstant } from './payfip-fields';
import { PayfipFaultError, type PayfipSoapClient, PayfipTransportError } from './payfip-soap.client';
import type { PaiementSecuriseDetail, PayfipSaisie } from './payfip-soap.messages';
import type { PayfipTransaction, PayfipTransactionStore } from './payfip-transaction-store.port';
import { payfipEventId } from './sqlite-payfip-transaction-store.adapter';

/** An idOp is valid 15 minutes at PayFiP. */
export const PAYFIP_IDOP_LIFETIME_MS = 15 * 60_000;
/** Past this age an idOp PayFiP still calls in progress (P5) is over: treated as abandoned. */
export const PAYFIP_EXPIRED_AFTER_MS = 20 * 60_000;
/** First re-query of a new idOp, if no notification came by then. */
export const PAYFIP_FIRST_CHECK_MS = 2 * 60_000;

const IDOP_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface PayfipSettings {
  /** The régie's 6-digit client number. */
  readonly numcli: string;
  readonly saisie: PayfipSaisie;
  /** SOAP endpoint of `PaiementSecuriseService`. */
  readonly serviceUrl: string;
  /** The payment page; the family goes to `<paymentPageUrl>?idop=<idOp>`. */
  readonly paymentPageUrl: string;
}

export interface PayfipPaymentProviderOptions {
  readonly settings: PayfipSettings;
  readonly client: PayfipSoapClient;
  readonly store: PayfipTransactionStore;
  /** `urlnotif`: where PayFiP posts `idop` (`<PUBLIC_URL>/api/payments/payfip/webhook`). */
  readonly notificationUrl: string;
  /**
   * `urlredirect`: where PayFiP sends the family back, whatever happened on its page (it says
   * nothing of the outcome). Without it, the checkout's `successUrl`.
   */
  readonly returnUrl?: (orderId: string, paymentId: string) => string;
  readonly clock?: () => Date;
}

/**
 * PayFiP (the DGFiP's online payment service for régies), web-service mode.
 *
 * Checkout: `creerPaiementSecurise` for the amount due, `refdet` derived from the payment id,
 * the family's e-mail as `mel` → an `idOp`, recorded with the order's ids, and the family sent
 * to the payment page with `?idop=`. PayFiP then posts only `idop` to the notification URL: the
 * adapter asks `recupererDetailPaiementSecurise` for the outcome and maps it to the notification
 * every provider produces (paid: P card, V debit; failed: R, Z refused, A abandoned). The idOp is
 * the provider payment id: whoever reports it (the notification, a second one, the re-query
 * job), the payment is recorded once.
 */
export class PayfipPaymentProvider implements PaymentProvider {
  readonly name = 'payfip' as const;
  private readonly clock: () => Date;

  constructor(private readonly options: PayfipPaymentProviderOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async createCheckout(input: CheckoutInput): Promise<CheckoutSession> {
    parseCheckoutInput(input);
    const mel = input.payerEmail?.trim() ?? '';
    if (!isPayfipMel(mel)) {
      throw new InvalidCheckoutInputError('PayFiP needs the payer’s e-mail address (6 to 80 characters)', [{ path: ['payerEmail'], message: 'missing or not 6 to 80 characters' }]);
    }
    if (input.amountCents < PAYFIP_MIN_CENTS || input.amountCents > PAYFIP_MAX_CENTS) {
      throw new InvalidCheckoutInputError(`PayFiP takes payments from 1 € to 100,000 €, not ${input.amountCents} cents`, [{ path: ['amountCents'], message: 'out of PayFiP’s range' }]);
    }
    const now = this.clock();
    // A retried checkout (same order and payment) gets the idOp it already has while PayFiP still takes it.
    const existing = await this.options.store.latestForKey(input.idempotencyKey, new Date(now.getTime() - PAYFIP_IDOP_LIFETIME_MS + 60_000));
    if (existing !== undefined) {
      if (existing.orderId !== input.orderId || existing.paymentId !== input.paymentId || existing.amountCents !== input.amountCents) {
        throw new CheckoutSessionError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${input.idempotencyKey} belongs to another payment`);
      }
      return this.session(existing);
    }
    const refdet = refdetOf(input.paymentId);
    let idOp: string;
    try {
      idOp = await this.options.client.creerPaiementSecurise({
        exer: exerOf(now),
        mel,
        montant: input.amountCents,
        numcli: this.options.settings.numcli,
        objet: objetOf(`Reservations periscolaires commande ${input.orderId}`),
        refdet,
        saisie: this.options.settings.saisie,
        urlnotif: this.options.notificationUrl,
        urlredirect: this.options.returnUrl ? this.options.returnUrl(input.orderId, input.paymentId) : input.successUrl,
      });
    } catch (error) {
      throw unavailable('creerPaiementSecurise', error);
    }
    if (!IDOP_PATTERN.test(idOp)) throw new PaymentProviderUnavailableError(`PayFiP answered an idOp we cannot use: ${JSON.stringify(idOp.slice(0, 80))}`);
    const transaction: PayfipTransaction = {
      idOp,
      idempotencyKey: input.idempotencyKey,
      refdet,
      orderId: input.orderId,
      paymentId: input.paymentId,
      familyId: input.familyId,
      amountCents: input.amountCents,
      createdAt: now,
    };
    await this.options.store.insert(transaction, new Date(now.getTime() + PAYFIP_FIRST_CHECK_MS));
    return this.session(transaction);
  }

  /**
   * PayFiP's notification: a form with `idop` and nothing to verify, so the outcome is asked of
   * PayFiP itself. An idOp we never opened → 400 (nothing asked, nothing recorded); PayFiP
   * unreachable or the payment still in progress → 502 (nothing recorded: the re-query job asks
   * again).
   */
  async parseWebhook(rawBody: Buffer): Promise<PaymentNotification> {
    const idOp = new URLSearchParams(rawBody.toString('utf8')).get('idop')?.trim() ?? '';
    if (!IDOP_PATTERN.test(idOp)) throw new InvalidNotificationError('PayFiP notification without a valid idop');
    const transaction = await this.options.store.find(idOp);
    if (transaction === undefined) throw new InvalidNotificationError(`idop ${idOp} is not a payment of ours`);
    const now = this.clock();
    const notification = await this.outcome(transaction, now);
    if (notification === undefined) throw new PaymentProviderUnavailableError(`PayFiP says payment ${idOp} is still in progress`);
    return notification;
  }

  /**
   * The re-query job's question: the transaction's outcome, or undefined while it is in
   * progress. Past `PAYFIP_EXPIRED_AFTER_MS`, an idOp still in progress (P5) or unknown (P1) is
   * over: failed, `expired`.
   * @throws PaymentProviderUnavailableError when PayFiP did not answer
   */
  async outcome(transaction: PayfipTransaction, now: Date): Promise<PaymentNotification | undefined> {
    let detail: PaiementSecuriseDetail;
    try {
      detail = await this.options.client.recupererDetailPaiementSecurise(transaction.idOp);
    } catch (error) {
      if (error instanceof PayfipFaultError && (error.code === 'P1' || error.code === 'P5')) {
        // P1: PayFiP does not know the idOp (purged overnight, or never paid): no money was taken.
        const over = error.code === 'P1' || now.getTime() - transaction.createdAt.getTime() >= PAYFIP_EXPIRED_AFTER_MS;
        return over ? { kind: 'failed', ...this.reference(transaction), reason: 'expired', failedAt: now } : undefined;
      }
      throw unavailable('recupererDetailPaiementSecurise', error);
    }
    return this.notificationOf(transaction, detail);
  }

  private notificationOf(transaction: PayfipTransaction, detail: PaiementSecuriseDetail): PaymentNotification {
    const { idOp } = transaction;
    if (detail.numcli !== this.options.settings.numcli || detail.refdet !== transaction.refdet || (detail.idOp !== '' && detail.idOp !== idOp)) {
      throw new InvalidNotificationError(`PayFiP's detail of ${idOp} is for another payment (numcli ${detail.numcli}, refdet ${detail.refdet})`);
    }
    const ref = this.reference(transaction);
    const at = transactionInstant(detail.dattrans, detail.heurtrans);
    switch (detail.resultrans) {
      case 'P':
      case 'V': {
        const amountCents = Number(detail.montant);
        if (!/^\d+$/.test(detail.montant) || !Number.isSafeInteger(amountCents)) {
          throw new InvalidNotificationError(`PayFiP's detail of ${idOp} has no valid montant`);
        }
        if (at === undefined) throw new InvalidNotificationError(`PayFiP's detail of ${idOp} has no valid dattrans/heurtrans`);
        // The amount PayFiP took, whatever we asked: a difference is R7's business (credited).
        // R18: the journal counts a card payment and a direct debit apart.
        const method = detail.resultrans === 'P' ? 'card' : 'direct_debit';
        return { kind: 'paid', ...ref, providerPaymentId: idOp, amountCents, currency: 'eur', paidAt: at, method };
      }
      case 'R':
      case 'Z':
        return { kind: 'failed', ...ref, reason: 'payment_failed', failedAt: at ?? this.clock() };
      case 'A':
        return { kind: 'failed', ...ref, reason: 'expired', failedAt: at ?? this.clock() };
      default:
        throw new InvalidNotificationError(`PayFiP's detail of ${idOp} has an unknown resultrans ${JSON.stringify(detail.resultrans)}`);
    }
  }

  private reference(transaction: PayfipTransaction): PaymentReference {
    return {
      provider: this.name,
      eventId: payfipEventId(transaction.idOp),
      sessionId: transaction.idOp,
      orderId: transaction.orderId,
      paymentId: transaction.paymentId,
      familyId: transaction.familyId,
    };
  }

  private session(transaction: PayfipTransaction): CheckoutSession {
    const url = new URL(this.options.settings.paymentPageUrl);
    url.searchParams.set('idop', transaction.idOp);
    return { sessionId: transaction.idOp, checkoutUrl: url.toString(), expiresAt: new Date(transaction.createdAt.getTime() + PAYFIP_IDOP_LIFETIME_MS) };
  }
}

function unavailable(operation: string, error: unknown): PaymentProviderUnavailableError {
  if (error instanceof PayfipFaultError) {
    return new PaymentProviderUnavailableError(`PayFiP refused ${operation}: ${error.message}`, [{ code: error.code ?? error.fault.faultcode }], { cause: error });
  }
  const message = error instanceof PayfipTransportError || error instanceof Error ? error.message : String(error);
  return new PaymentProviderUnavailableError(`PayFiP ${operation} failed: ${message}`, [], { cause: error });
}
