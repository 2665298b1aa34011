import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { paymentsView } from '@periscol/reservation-domain';
import type { z } from 'zod';
import { FamilyReads } from '@periscol/application';
import { requireFamilyState } from '../families/family-lookup';
import { paymentListSchema } from './payments.routes';

export type PaymentListDto = z.infer<typeof paymentListSchema>;

export class ListPaymentsQuery extends Query<PaymentListDto> {
  constructor(readonly familyId: string) {
    super();
  }
}

@QueryHandler(ListPaymentsQuery)
export class ListPaymentsHandler implements IQueryHandler<ListPaymentsQuery> {
  constructor(private readonly reads: FamilyReads) {}

  async execute({ familyId }: ListPaymentsQuery): Promise<PaymentListDto> {
    return paymentsView(await requireFamilyState(this.reads, familyId)).map(({ paymentId, orderId, amountCents, paidAt, ticketNumber, provider, outcome }) => ({
      paymentId,
      orderId,
      amountCents,
      paidAt,
      ticketNumber,
      provider,
      outcome,
    }));
  }
}
