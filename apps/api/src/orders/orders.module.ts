import { Module } from '@nestjs/common';
import { AbandonOrderHandler } from './abandon-order.handler';
import { ConfirmOrderHandler } from './confirm-order.handler';
import { GetOrderHandler } from './get-order.query';
import { OrderExpiryScheduler } from './order-expiry.scheduler';
import { OrdersController } from './orders.controller';

@Module({ controllers: [OrdersController], providers: [GetOrderHandler, ConfirmOrderHandler, AbandonOrderHandler, OrderExpiryScheduler], exports: [OrderExpiryScheduler] })
export class OrdersModule {}
