import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { renderCancellationDetail, renderOrderDetail, renderPaymentTicket } from '@periscol/documents';
import { isIsoWeek, type IsoWeek, type PlanningSlotStatus, type PlanningView } from '@periscol/reservation-domain';
import { cancellationDetailInput, orderDetailInput, paymentTicketInput } from '@periscol/application';
import { familyAsOf, type AsOfView } from '../../history/as-of';
import { fileNameOf } from '../../documents/regenerate-document';
import { flag, listOption, parseInstant, stringOption, UsageError, type ParsedArgs } from '../args';
import type { AuditContext } from '../audit-context';
import { euros, EXIT_OK, printJson, println, type CliIo } from '../cli-io';

export const AS_OF_OPTIONS = {
  family: { value: true },
  week: { value: true, repeat: true },
  out: { value: true },
} as const;

const STATUS_MARK: Record<PlanningSlotStatus, string> = { reserved: 'R', pending: 'P', free: '.', closed: '-', locked: 'x' };

export interface WrittenDocument {
  readonly file: string;
  readonly sha256: string;
}

/** The documents that existed at the instant, as PDFs of that moment. */
export async function writeDocumentsAsOf(view: AsOfView, outDir: string): Promise<WrittenDocument[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const sources = { catalog: view.catalog, person: view.personState ?? undefined };
  const written: WrittenDocument[] = [];
  const write = (name: string, bytes: Uint8Array) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, bytes);
    written.push({ file, sha256: createHash('sha256').update(bytes).digest('hex') });
  };
  for (const order of view.orders) {
    const input = orderDetailInput(sources, view.state, order.orderId, view.instant);
    if (input) write(fileNameOf({ kind: 'order', sourceId: order.orderId }), await renderOrderDetail(input));
  }
  for (const cancellation of view.cancellations) {
    const input = cancellationDetailInput(sources, view.state, cancellation.cancellationId);
    if (input) write(fileNameOf({ kind: 'cancellation', sourceId: cancellation.cancellationId }), await renderCancellationDetail(input));
  }
  for (const payment of view.payments) {
    const input = paymentTicketInput(sources, view.state, payment.paymentId);
    if (input) write(fileNameOf({ kind: 'ticket', sourceId: payment.paymentId, number: input.ticket.ticketNumber }), await renderPaymentTicket(input));
  }
  return written;
}

export async function asOfCommand(args: ParsedArgs, context: AuditContext, io: CliIo): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('as-of needs one instant: periscol-audit as-of 2026-09-10T12:00:00Z --family <id>');
  const instant = parseInstant(args.positionals[0], 'the instant');
  const familyId = stringOption(args, 'family');
  if (familyId === undefined) throw new UsageError('as-of needs --family <id>');
  const weeks = listOption(args, 'week').map((week): IsoWeek => {
    if (!isIsoWeek(week)) throw new UsageError(`--week must be an ISO week such as 2026-W38, got ${week}`);
    return week;
  });
  const view = await familyAsOf(context.store, context.catalog, familyId, instant, { weeks });
  const out = stringOption(args, 'out');
  const documents = out === undefined ? [] : await writeDocumentsAsOf(view, path.resolve(io.cwd, out));

  if (flag(args, 'json')) {
    const { state: _state, personState: _person, catalog: _catalog, ...rest } = view;
    printJson(io.stdout, { store: context.storeLabel, ...rest, documents });
    return EXIT_OK;
  }
  printAsOf(io, context.storeLabel, view);
  if (documents.length > 0) {
    println(io.stdout);
    println(io.stdout, `Documents as of ${view.instant}:`);
    for (const doc of documents) println(io.stdout, `  ${doc.file}  sha256 ${doc.sha256}`);
  }
  return EXIT_OK;
}

function printAsOf(io: CliIo, storeLabel: string, view: AsOfView): void {
  const out = io.stdout;
  const name = view.person === null ? 'données effacées / none recorded' : (view.person.name ?? '—');
  println(out, `periscol-audit as-of ${view.instant} — family ${view.familyId} (${name}) — ${storeLabel}`);
  println(out, view.lastEvent ? `${view.eventsIncluded} events recorded by then, the last: #${view.lastEvent.position} ${view.lastEvent.type} at ${view.lastEvent.recordedAt}; ${view.eventsAfter} later events not shown` : `nothing recorded yet for this family at that instant (${view.eventsAfter} later events)`);
  println(out);
  println(out, `Credit balance: ${euros(view.credit.balanceCents)} (held by pending orders: ${euros(view.credit.heldCents)})`);
  for (const movement of view.credit.movements) {
    println(out, `  ${movement.at}  ${movement.kind.padEnd(20)} ${euros(movement.amountCents).padStart(12)}  → ${euros(movement.balanceAfterCents).padStart(12)}  ${movement.sourceId}`);
  }
  println(out);
  println(out, `Orders (${view.orders.length}):`);
  for (const order of [...view.orders].reverse()) {
    println(out, `  ${order.orderId}  ${order.status.padEnd(21)} ${String(order.lines.length).padStart(3)} slots  total ${euros(order.totalCents)}, credit ${euros(order.creditAppliedCents)}, due ${euros(order.amountDueCents)}${order.ticketNumber ? `  ticket ${order.ticketNumber}` : ''}`);
  }
  if (view.cancellations.length > 0) {
    println(out, `Cancellations (${view.cancellations.length}):`);
    for (const c of view.cancellations) println(out, `  ${c.cancellationId}  ${c.cancelledAt}  ${c.lines.length} slots  credited ${euros(c.totalCents)}${c.creditNoteNumber ? `  credit note ${c.creditNoteNumber}` : ''}`);
  }
  if (view.payments.length > 0) {
    println(out, `Payments (${view.payments.length}):`);
    for (const p of view.payments) println(out, `  ${p.paymentId}  ${p.paidAt}  ${euros(p.amountCents)}  ${p.outcome}  ticket ${p.ticketNumber ?? '(not numbered yet)'}`);
  }
  for (const planning of view.planning) printPlanning(io, planning, view);
}

function printPlanning(io: CliIo, planning: PlanningView, view: AsOfView): void {
  const out = io.stdout;
  println(out);
  println(out, `Planning ${planning.week}  (R reserved, P pending, . free, x locked, - closed)`);
  for (const child of planning.children) {
    const childName = view.person?.children.find((c) => c.childId === child.childId)?.name ?? child.childId;
    const header = child.days.map((day) => day.date.slice(5)).join(' ');
    println(out, `  ${childName.padEnd(30)} ${header}`);
    const activityIds = [...new Set(child.days.flatMap((day) => day.slots.map((slot) => slot.activityId)))];
    for (const activityId of activityIds) {
      const cells = child.days.map((day) => {
        const slot = day.slots.find((s) => s.activityId === activityId);
        return (slot ? STATUS_MARK[slot.status] : ' ').padEnd(5);
      });
      println(out, `    ${activityId.padEnd(28)} ${cells.join(' ').trimEnd()}`);
    }
  }
}
