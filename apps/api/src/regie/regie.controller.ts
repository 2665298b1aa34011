import { Controller, Param, Query, StreamableFile } from '@nestjs/common';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { contentDisposition } from '../documents/document-pdf';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import type { ParamsOf, QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { closeDayRoute, creditStatementCsvRoute, creditStatementRoute, journalRoute, packCsvRoute, packPdfRoute, packRoute, positionRoute, reconciliationRoute } from './regie.routes';
import { RegieService } from './regie.service';

function file(bytes: Uint8Array | string, type: string, fileName: string): StreamableFile {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  return new StreamableFile(buffer, { type, disposition: contentDisposition(fileName), length: buffer.length });
}

/** The régie's books (R18): journal and its closing, monthly pack, état des avoirs, reconciliation. */
@Controller()
export class RegieController {
  constructor(private readonly regie: RegieService) {}

  @Route(journalRoute)
  journal(@Query() query: QueryOf<typeof journalRoute>) {
    return this.regie.journal(query.from, query.to);
  }

  @Route(closeDayRoute)
  close(@Param() params: ParamsOf<typeof closeDayRoute>, @CurrentActor() actor: Actor, @IdempotencyCtx() idem: IdempotencyContext, @RequestId() requestId?: string) {
    return this.regie.closeDay(params.date, actor, idem, requestId);
  }

  @Route(packRoute)
  pack(@Param() params: ParamsOf<typeof packRoute>) {
    return this.regie.pack(params.month);
  }

  @Route(packPdfRoute)
  async packPdf(@Param() params: ParamsOf<typeof packPdfRoute>): Promise<StreamableFile> {
    return file(await this.regie.packPdf(params.month), 'application/pdf', `regie-${params.month}.pdf`);
  }

  @Route(packCsvRoute)
  async packCsv(@Param() params: ParamsOf<typeof packCsvRoute>): Promise<StreamableFile> {
    return file(await this.regie.packCsv(params.month), 'text/csv; charset=utf-8', `regie-${params.month}.csv`);
  }

  @Route(creditStatementRoute)
  credits(@Query() query: QueryOf<typeof creditStatementRoute>) {
    return this.regie.credits(query.asOf);
  }

  @Route(creditStatementCsvRoute)
  async creditsCsv(@Query() query: QueryOf<typeof creditStatementCsvRoute>): Promise<StreamableFile> {
    return file(await this.regie.creditsCsv(query.asOf), 'text/csv; charset=utf-8', 'etat-des-avoirs.csv');
  }

  @Route(positionRoute)
  position() {
    return this.regie.position();
  }

  @Route(reconciliationRoute)
  reconciliation(@Query() query: QueryOf<typeof reconciliationRoute>) {
    return this.regie.reconciliation(query.from, query.to);
  }
}
