import { Inject, Injectable } from '@nestjs/common';
import { ReadModels, truncateReadDatabaseWal } from '@periscol/application';
import type { FamilyState } from '@periscol/reservation-domain';
import type { MailServices } from '../platform/mail/mail.config';
import { eraseMail } from '../platform/mail/mail-erasure';
import { MAIL_SERVICES } from '../platform/mail/mail.module';
import { creditSettledOrderMessageId } from '../platform/mail/credit-settled-order.email';
import { ticketMessageId } from '../platform/mail/payment-ticket.email';

/**
 * R17 beyond the person stream: the copies of a family's identity made along the way. Its
 * payment ticket e-mails (Message-ID from the ticket number, all numbered in the family stream
 * before they are e-mailed) and the validation e-mails of its orders settled by credit
 * (Message-ID from the order) leave the outbox and the `.eml` folder; the read database, whose
 * rows the erasure event already zeroed (`secure_delete`), has its WAL emptied of the frames
 * written before. The event store does the same for the person stream in `deleteStream`.
 * Idempotent: an erasure retried after a failure here completes it.
 */
@Injectable()
export class PersonalDataCopies {
  constructor(
    @Inject(MAIL_SERVICES) private readonly mail: MailServices,
    private readonly readModels: ReadModels,
  ) {}

  async erase(state: FamilyState): Promise<void> {
    const messageIds = [
      ...[...state.payments.values()].flatMap((payment) => (payment.ticketNumber === undefined ? [] : [ticketMessageId(payment.ticketNumber)])),
      ...[...state.orders.values()].flatMap((order) => (order.status === 'confirmed' && order.via === 'credit' ? [creditSettledOrderMessageId(order.orderId)] : [])),
    ];
    await eraseMail(this.mail, messageIds);
    if (!truncateReadDatabaseWal(this.readModels.db)) throw new Error('Personal data erased, but a reader kept the read database WAL that still holds it: erase again');
  }
}
