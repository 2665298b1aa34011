import { Controller, Get, Param, Res } from '@nestjs/common';
import { Public } from '../platform/auth/access.decorators';
import type { HttpResponse } from '../platform/http/api-request';
import { ApiError } from '../platform/http/api-error';
import { PayfipReturnService } from './payfip-return.service';

/** PayFiP's `urlredirect`: a browser comes back here, and is sent on to the order's page (303). */
@Controller()
export class PayfipReturnController {
  constructor(private readonly returns: PayfipReturnService) {}

  @Get('/api/payments/payfip/return/:orderId/:paymentId')
  @Public()
  async back(@Param('orderId') orderId: string, @Param('paymentId') paymentId: string, @Res() res: HttpResponse): Promise<void> {
    const location = await this.returns.returnTo(orderId, paymentId);
    if (location === undefined) throw new ApiError('NOT_FOUND', 'Not a PayFiP payment of ours');
    res.statusCode = 303;
    res.setHeader('Location', location);
    res.setHeader('Cache-Control', 'no-store');
    res.end();
  }
}
