import { Module } from '@nestjs/common';
import { AbandonOrderHandler } from './abandon-order.handler';
import { ConfirmOrderHandler } from './confirm-order.handler';
import { GetOrderHandler } from './get-order.query';
import { OrdersController } from './orders.controller';

@Module({ controllers: [OrdersController], providers: [GetOrderHandler, ConfirmOrderHandler, AbandonOrderHandler] })
export class OrdersModule {}
