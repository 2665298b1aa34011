import { Module } from '@nestjs/common';
import { WaitingListController } from './waiting-list.controller';
import { JoinWaitingListHandler, WithdrawFromWaitingListHandler } from './waiting-list.handlers';

/** R23: the waiting list of a full day (the `WaitingList` of the application layer does the work). */
@Module({
  controllers: [WaitingListController],
  providers: [JoinWaitingListHandler, WithdrawFromWaitingListHandler],
})
export class WaitingListModule {}
