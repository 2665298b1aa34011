import { Module } from '@nestjs/common';
import { RefundCampaignController } from './refund-campaign.controller';
import { RefundCampaignService } from './refund-campaign.service';

@Module({ controllers: [RefundCampaignController], providers: [RefundCampaignService] })
export class RefundCampaignModule {}
