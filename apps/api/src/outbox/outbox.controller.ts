import { Controller, Inject, Param, Query } from '@nestjs/common';
import { notFound } from '../platform/http/api-error';
import type { MailOutbox, MailRecord } from '../platform/mail/mail-outbox.port';
import { MAIL_OUTBOX, MAIL_SERVICES } from '../platform/mail/mail.module';
import type { MailServices } from '../platform/mail/mail.config';
import type { QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { listOutboxRoute, requeueMailRoute } from './outbox.routes';

export interface OutboxMessageDto {
  readonly messageId: string;
  readonly to: string;
  readonly subject: string;
  readonly status: MailRecord['status'];
  readonly attempts: number;
  readonly enqueuedAt: string;
  readonly dueAt: string;
  readonly deliveredAt?: string;
  readonly lastError?: string;
  readonly response?: string;
}

/**
 * The e-mail outbox for the town's staff: what is waiting, what the mail server refused (an
 * address mistyped, a full mailbox), and « send again » once fixed. Operations records, not
 * events: no business rule here, the outbox decides what a requeue changes.
 */
@Controller()
export class OutboxController {
  constructor(
    @Inject(MAIL_OUTBOX) private readonly outbox: MailOutbox,
    @Inject(MAIL_SERVICES) private readonly mail: MailServices,
  ) {}

  @Route(listOutboxRoute)
  async list(@Query() query: QueryOf<typeof listOutboxRoute>): Promise<{ counts: Record<MailRecord['status'], number>; messages: OutboxMessageDto[] }> {
    const [counts, messages] = await Promise.all([this.outbox.counts(), this.outbox.list({ status: query.status, limit: query.limit })]);
    return { counts, messages: messages.map(dtoOf) };
  }

  @Route(requeueMailRoute)
  async requeue(@Param('messageId') messageId: string): Promise<OutboxMessageDto> {
    if (await this.outbox.requeue(messageId)) this.mail.timer.kick();
    const record = await this.outbox.get(messageId);
    if (record === undefined) throw notFound('No such message in the outbox');
    return dtoOf(record);
  }
}

function dtoOf(record: MailRecord): OutboxMessageDto {
  return {
    messageId: record.messageId,
    to: record.to,
    subject: record.subject,
    status: record.status,
    attempts: record.attempts,
    enqueuedAt: record.enqueuedAt.toISOString(),
    dueAt: record.dueAt.toISOString(),
    ...(record.deliveredAt ? { deliveredAt: record.deliveredAt.toISOString() } : {}),
    ...(record.lastError !== undefined ? { lastError: record.lastError } : {}),
    ...(record.response !== undefined ? { response: record.response } : {}),
  };
}
