import { Inject, Injectable } from '@nestjs/common';
import {
  CatalogSource,
  closingFigures,
  CREDITED_REVENUE,
  creditStatement,
  creditStatementCsv,
  journalDays,
  journalReceipts,
  monthBounds,
  monthlyPack,
  monthlyPackCsv,
  providerPayments,
  readRegieBooks,
  reconcile,
  RegieDayClosing,
  regiePosition,
  requestCommandContext,
  type CreditStatement,
  type MonthlyPack,
  type Reconciliation,
  type RegieBooks,
} from '@periscol/application';
import { renderRegiePack } from '@periscol/documents';
import type { EventStore } from '@periscol/event-store';
import { PAYMENT_METHOD_LABELS, regieDateOf, regieOfficeOn, tryEpochDay, type PaymentMethod, type RegieDayClosedData } from '@periscol/reservation-domain';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { ApiError } from '../platform/http/api-error';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { OPERATIONS_DB } from '../platform/operations/operations-database';
import { EVENT_STORE } from '../platform/store/event-store.token';
import type { journalSchema, positionSchema } from './regie.routes';

/** Days one journal or reconciliation request may span. */
export const MAX_REGIE_PERIOD_DAYS = 93;

export type JournalDto = z.infer<typeof journalSchema>;
export type PositionDto = z.infer<typeof positionSchema>;

const frenchDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** The régie's books over HTTP (R18): the figures come from `@periscol/application`, as `periscol-audit` computes them. */
@Injectable()
export class RegieService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(OPERATIONS_DB) private readonly operations: Database.Database,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly catalogs: CatalogSource,
  ) {}

  private get timeZone(): string {
    return this.catalogs.base.timezone;
  }

  private books(): Promise<RegieBooks> {
    return readRegieBooks(this.store, this.timeZone);
  }

  private period(from: string, to: string): void {
    const days = tryEpochDay(to) - tryEpochDay(from);
    if (!(days >= 0 && days < MAX_REGIE_PERIOD_DAYS)) throw new ApiError('VALIDATION_FAILED', `from must be on or before to, at most ${MAX_REGIE_PERIOD_DAYS} days`, [{ location: 'query', path: ['to'], code: 'custom', message: 'period out of bounds' }]);
  }

  async journal(from: string, to: string): Promise<JournalDto> {
    this.period(from, to);
    const books = await this.books();
    const days = journalDays(books, from, to, journalReceipts(books)).map((day) => ({
      ...day,
      receipts: day.receipts.map(({ receiptNumber, date, journalDate, late, familyId, paymentId, orderId, provider, method, amountCents, paidAt }) => ({
        receiptNumber,
        date,
        journalDate,
        late,
        familyId,
        paymentId,
        orderId,
        provider,
        method,
        amountCents,
        paidAt,
      })),
    }));
    return { from, to, days, totalCents: days.reduce((sum, day) => sum + day.totalCents, 0), lastClosed: books.closings.at(-1)?.date ?? null };
  }

  async closeDay(date: string, actor: Actor, idempotency: IdempotencyContext, requestId?: string): Promise<RegieDayClosedData> {
    const closing = new RegieDayClosing(this.store, this.timeZone);
    return fromEither(await closing.close(date, this.clock.now().toISOString(), requestCommandContext(actor, idempotency, requestId)));
  }

  private revenueLabel(revenueType: string): string {
    if (revenueType === CREDITED_REVENUE) return 'Paiement porté en avoir';
    return this.catalogs.base.activities.find((activity) => activity.id === revenueType)?.label ?? revenueType;
  }

  async pack(month: string): Promise<MonthlyPack & { byRevenue: (MonthlyPack['byRevenue'][number] & { label: string })[] }> {
    const pack = monthlyPack(await this.books(), month);
    return { ...pack, byRevenue: pack.byRevenue.map((line) => ({ ...line, label: this.revenueLabel(line.revenueType) })) };
  }

  async packCsv(month: string): Promise<string> {
    return monthlyPackCsv(monthlyPack(await this.books(), month), (type) => this.revenueLabel(type));
  }

  async packPdf(month: string): Promise<Uint8Array> {
    const pack = monthlyPack(await this.books(), month);
    const label = (method: string) => PAYMENT_METHOD_LABELS[method as PaymentMethod] ?? method;
    return renderRegiePack({
      municipality: { name: this.catalogs.base.municipality.name },
      month,
      asOf: pack.asOf,
      firstReceipt: pack.firstReceipt,
      lastReceipt: pack.lastReceipt,
      methods: Object.keys(pack.byMethod).map((key) => ({ key, label: label(key) })),
      revenue: pack.byRevenue.map((line) => ({ label: this.revenueLabel(line.revenueType), byMethod: line.byMethod as Record<string, number>, totalCents: line.totalCents })),
      byMethod: pack.byMethod as Record<string, number>,
      totalCents: pack.totalCents,
      payers: pack.payers.map((payer) => ({ receiptNumber: payer.receiptNumber, date: payer.date, late: payer.late, payer: payer.payer, methodLabel: label(payer.method), amountCents: payer.amountCents })),
      bordereau: pack.bordereau.lines.map((line) => ({ label: label(line.method), receiptCount: line.receiptCount, amountCents: line.amountCents })),
      receiptCount: pack.receiptCount,
      openDaysWithReceipts: pack.openDaysWithReceipts,
      ...this.packRegie(month),
    });
  }

  /** The arrêté and the régisseur in office on the month's last day (or today, for the month under way), for the pack's signature. */
  private packRegie(month: string) {
    const regie = this.catalogs.base.regie;
    if (!regie) return {};
    const today = regieDateOf(this.clock.now(), this.timeZone);
    const { to } = monthBounds(month);
    const signedOn = to < today ? to : today;
    return { regie: { arrete: `${regie.arrete.reference} du ${frenchDate(regie.arrete.date)}`, regisseur: regieOfficeOn(regie, signedOn).regisseur?.name ?? null } };
  }

  /** The régie summary and its cash position today (R18); `arrete` and `cash` null when the file states no régie. */
  async position(): Promise<PositionDto> {
    const asOf = regieDateOf(this.clock.now(), this.timeZone);
    const regie = this.catalogs.base.regie;
    if (!regie) return { asOf, arrete: null, revenueTypes: [], paymentMethods: [], versementFrequency: null, regisseur: null, mandataires: [], cash: null };
    const position = regiePosition(await this.books(), regie, asOf);
    return { ...position, revenueTypes: [...position.revenueTypes], paymentMethods: [...position.paymentMethods], mandataires: [...position.mandataires] };
  }

  async credits(asOf?: string): Promise<CreditStatement> {
    return creditStatement(await this.books(), asOf ?? regieDateOf(this.clock.now(), this.timeZone));
  }

  async creditsCsv(asOf?: string): Promise<string> {
    return creditStatementCsv(await this.credits(asOf));
  }

  async reconciliation(from: string, to: string): Promise<Reconciliation> {
    this.period(from, to);
    return reconcile(await this.books(), providerPayments(this.operations), from, to);
  }

  /** The figures a closing of `date` would record now (for tests and the back office). */
  async figures(date: string) {
    return closingFigures(await this.books(), date);
  }
}
