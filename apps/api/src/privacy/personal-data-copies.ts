import { Inject, Injectable } from '@nestjs/common';
import { ReadModels, truncateReadDatabaseWal } from '@periscol/application';
import type { Catalog, FamilyState } from '@periscol/reservation-domain';
import { CATALOG } from '../platform/application/application.module';
import { Clock, CLOCK } from '../platform/clock/clock';
import type { MailServices } from '../platform/mail/mail.config';
import { eraseMail } from '../platform/mail/mail-erasure';
import { MAIL_SERVICES } from '../platform/mail/mail.module';
import { creditSettledOrderMessageId } from '../platform/mail/credit-settled-order.email';
import { ticketMessageId } from '../platform/mail/payment-ticket.email';
import { AbsenceProofStore } from '../absences/absence-proof-store';
import { PaymentSiteCopies } from '../payments/payment-site-copies';
import { possibleReminderMessageIds } from '../reminders/deadline-reminders.job';
import { possibleTaxCertificateMessageIds } from '../tax-certificates/tax-certificate-mailing.job';

/**
 * R17 beyond the person stream: the copies of a family's identity made along the way. Its
 * payment ticket e-mails (Message-ID from the ticket number, all numbered in the family stream
 * before they are e-mailed), the validation e-mails of its orders settled by credit
 * (Message-ID from the order), its deadline reminders (from the family and the week) and its
 * January tax certificates (from the family and the year) leave the outbox and the `.eml` folder;
 * the payment site's sessions, whose lines name the children, are redacted; the read database, whose
 * rows the erasure event already zeroed (`secure_delete`), has its WAL emptied of the frames
 * written before; the proofs of its absences (R22: health data) are deleted, the history keeping
 * only their hashes. The event store does the same for the person stream in `deleteStream`.
 * Idempotent: an erasure retried after a failure here completes it.
 */
@Injectable()
export class PersonalDataCopies {
  constructor(
    @Inject(MAIL_SERVICES) private readonly mail: MailServices,
    private readonly readModels: ReadModels,
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly paymentSites: PaymentSiteCopies,
    private readonly absenceProofs: AbsenceProofStore,
  ) {}

  async erase(state: FamilyState): Promise<void> {
    const messageIds = [
      ...[...state.payments.values()].flatMap((payment) => (payment.ticketNumber === undefined ? [] : [ticketMessageId(payment.ticketNumber)])),
      ...[...state.orders.values()].flatMap((order) => (order.status === 'confirmed' && order.via === 'credit' ? [creditSettledOrderMessageId(order.orderId)] : [])),
      ...(state.status === 'registered' ? possibleReminderMessageIds(this.catalog, state.familyId, state.registeredAt, this.clock.now()) : []),
      ...(state.status === 'registered' ? possibleTaxCertificateMessageIds(state.familyId, state.registeredAt, this.clock.now(), this.catalog.timezone) : []),
    ];
    if (state.status === 'registered') this.paymentSites.eraseFamily(state.familyId);
    if (state.status === 'registered') await this.absenceProofs.eraseFamily(state.familyId);
    await eraseMail(this.mail, messageIds);
    if (!truncateReadDatabaseWal(this.readModels.db)) throw new Error('Personal data erased, but a reader kept the read database WAL that still holds it: erase again');
  }
}
