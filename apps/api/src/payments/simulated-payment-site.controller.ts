import { Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import type { Logger } from 'pino';
import { Public } from '../platform/auth/access.decorators';
import type { HttpResponse } from '../platform/http/api-request';
import { Idempotency } from '../platform/idempotency/idempotency.decorators';
import { LOGGER } from '../platform/logging/logger';
import { CheckoutSessionError, PaymentError } from './providers/payment.errors';
import type { SimulatedPaymentProvider } from './providers/simulated-payment-provider.adapter';
import { SIMULATED_PAYMENTS } from './providers/payment-providers.module';

/**
 * The simulated payment site (the default provider), served by the API under `/pay`:
 * `GET /pay/<sessionId>` shows the amount with « Payer » / « Annuler »; their forms post back
 * here. « Payer » marks the session paid and hands its signed notification to the webhook
 * in-process (same path and checks as Stripe's), then sends the parent back to the order's page
 * (303). Answers are HTML pages, errors included. 404 while Stripe is the enabled provider.
 */
@Controller()
export class SimulatedPaymentSiteController {
  constructor(
    @Inject(SIMULATED_PAYMENTS) private readonly simulated: SimulatedPaymentProvider | null,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('/pay/:sessionId')
  @Public()
  page(@Param('sessionId') sessionId: string, @Res() res: HttpResponse): void {
    this.answer(res, () => {
      const site = this.site();
      return { status: 200, html: site.renderPage(sessionId) };
    });
  }

  @Post('/pay/:sessionId/pay')
  @Public()
  @Idempotency('none')
  async pay(@Param('sessionId') sessionId: string, @Res() res: HttpResponse): Promise<void> {
    let redirectUrl: string;
    try {
      ({ redirectUrl } = await this.site().pay(sessionId));
    } catch (error) {
      this.answer(res, () => {
        throw error;
      });
      return;
    }
    redirect(res, redirectUrl);
  }

  @Post('/pay/:sessionId/cancel')
  @Public()
  @Idempotency('none')
  cancel(@Param('sessionId') sessionId: string, @Res() res: HttpResponse): void {
    try {
      redirect(res, this.site().cancel(sessionId).redirectUrl);
    } catch (error) {
      this.answer(res, () => {
        throw error;
      });
    }
  }

  private site(): SimulatedPaymentProvider {
    if (!this.simulated) throw new CheckoutSessionError('CHECKOUT_SESSION_NOT_FOUND', 'the simulated payment site is disabled');
    return this.simulated;
  }

  private answer(res: HttpResponse, render: () => { status: number; html: string }): void {
    let page: { status: number; html: string };
    try {
      page = render();
    } catch (error) {
      page = errorPage(error);
      if (page.status >= 500) this.logger.error({ err: error }, 'simulated payment site failed');
    }
    res.statusCode = page.status;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(page.html);
  }
}

function redirect(res: HttpResponse, url: string): void {
  res.statusCode = 303;
  res.setHeader('Location', url);
  res.setHeader('Cache-Control', 'no-store');
  res.end();
}

const MESSAGES: Record<string, string> = {
  CHECKOUT_SESSION_NOT_FOUND: 'Cette session de paiement est introuvable.',
  CHECKOUT_SESSION_EXPIRED: 'Cette session de paiement a expiré : aucun montant n’a été débité. Revenez à votre commande pour payer à nouveau.',
};

function errorPage(error: unknown): { status: number; html: string } {
  const known = error instanceof PaymentError && error.httpStatus < 500;
  const status = known ? error.httpStatus : 502;
  const message = known
    ? (MESSAGES[error.code] ?? 'Ce paiement ne peut pas être effectué.')
    : 'Le paiement a peut-être été pris en compte mais sa confirmation n’a pas abouti. Réessayez « Payer » : vous ne serez pas débité deux fois.';
  const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Paiement — erreur</title></head>
<body style="font-family: Arial, sans-serif; max-width: 40rem; margin: 2rem auto; color: #1b1b1b;">
<h1>Paiement</h1>
<p role="alert">${message}</p>
<p><a href="/">Retour au portail</a></p>
</body>
</html>
`;
  return { status, html };
}
