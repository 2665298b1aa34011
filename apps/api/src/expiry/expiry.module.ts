import { Module } from '@nestjs/common';
import { OrderExpiryScheduler } from './order-expiry.scheduler';

@Module({ providers: [OrderExpiryScheduler], exports: [OrderExpiryScheduler] })
export class ExpiryModule {}
