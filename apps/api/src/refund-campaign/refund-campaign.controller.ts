import { Body, Controller, Query, StreamableFile } from '@nestjs/common';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { contentDisposition } from '../documents/document-pdf';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import type { BodyOf, QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { refundCampaignCsvRoute, refundCampaignPdfRoute, refundCampaignRoute, requestCampaignRefundsRoute } from './refund-campaign.routes';
import { RefundCampaignService } from './refund-campaign.service';

function file(bytes: Uint8Array | string, type: string, fileName: string): StreamableFile {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  return new StreamableFile(buffer, { type, disposition: contentDisposition(fileName), length: buffer.length });
}

/** The year-end refund campaign (R19): the list for the comptable's mandats, and its requests in one action. */
@Controller()
export class RefundCampaignController {
  constructor(private readonly campaigns: RefundCampaignService) {}

  @Route(refundCampaignRoute)
  campaign(@Query() query: QueryOf<typeof refundCampaignRoute>) {
    return this.campaigns.campaign(query.asOf, query.minAgeDays);
  }

  @Route(refundCampaignCsvRoute)
  async csv(@Query() query: QueryOf<typeof refundCampaignCsvRoute>): Promise<StreamableFile> {
    const campaign = await this.campaigns.csv(query.asOf, query.minAgeDays);
    return file(campaign, 'text/csv; charset=utf-8', 'campagne-remboursements.csv');
  }

  @Route(refundCampaignPdfRoute)
  async pdf(@Query() query: QueryOf<typeof refundCampaignPdfRoute>): Promise<StreamableFile> {
    return file(await this.campaigns.pdf(query.asOf, query.minAgeDays), 'application/pdf', 'campagne-remboursements.pdf');
  }

  @Route(requestCampaignRefundsRoute)
  request(@Body() body: BodyOf<typeof requestCampaignRefundsRoute>, @CurrentActor() actor: Actor, @IdempotencyCtx() idempotency: IdempotencyContext, @RequestId() requestId?: string) {
    return this.campaigns.requestAll(actor, idempotency, body, requestId);
  }
}
