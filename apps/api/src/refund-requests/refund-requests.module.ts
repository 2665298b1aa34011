import { Module } from '@nestjs/common';
import { ListRefundRequestsHandler } from './list-refund-requests.query';
import { DecideRefundRequestHandler, RequestRefundHandler } from './refund-request.commands';
import { RefundRequestsController } from './refund-requests.controller';

@Module({ controllers: [RefundRequestsController], providers: [RequestRefundHandler, DecideRefundRequestHandler, ListRefundRequestsHandler] })
export class RefundRequestsModule {}
