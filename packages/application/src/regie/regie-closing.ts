/**
 * Closing a day of the régie's journal (R18): reads the books up to the store's head, takes the
 * figures of the day (late receipts waiting on it included), and lets the domain's régie decider
 * decide on the `regie-journal` stream (once, when the day is over in the town, in order).
 */
import { handleCommand, type EventStore } from '@periscol/event-store';
import { readRegieDayClosed, REGIE_DAY_CLOSED_SCHEMA_VERSION, regieDecider, type RegieDayClosedData, type Refusal } from '@periscol/reservation-domain';
import { isLeft, right, type Either } from 'fp-ts/Either';
import type { CommandContext } from '../commands/command-context';
import { REGIE_STREAM } from '../streams/stream-names';
import { readRegieBooks } from './regie-books';
import { closingFigures } from './regie-journal';

export class RegieDayClosing {
  constructor(
    private readonly store: EventStore,
    private readonly timeZone: string,
  ) {}

  async close(date: string, now: string, ctx: CommandContext): Promise<Either<Refusal, RegieDayClosedData>> {
    const books = await readRegieBooks(this.store, this.timeZone);
    const result = await handleCommand(this.store, regieDecider(this.timeZone), {
      streamId: REGIE_STREAM,
      command: { date, figures: closingFigures(books, date), now },
      idempotencyKey: ctx.idempotencyKey,
      metadata: { correlationId: ctx.correlationId, causationId: ctx.causationId, actor: ctx.actor },
      schemaVersionOf: () => REGIE_DAY_CLOSED_SCHEMA_VERSION,
      upcast: readRegieDayClosed,
    });
    if (isLeft(result)) return result;
    const closed = result.right.state.closedDays.get(date);
    if (!closed) throw new Error(`The closing of ${date} was not recorded`);
    return right(closed);
  }
}
