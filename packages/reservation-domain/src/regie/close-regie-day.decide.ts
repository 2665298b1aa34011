/**
 * R18 — closing a day of the régie's journal. The régisseur closes each day once it is over in
 * the town's time zone, in order (each closed day is the day after the last one closed; the
 * first closing may be any past day), once. The command carries the day's figures as the
 * application read them from the history (at `asOfPosition`); the event records them, and the
 * journal shows them for that day from then on. A receipt of the day not yet numbered (its ticket
 * is on its way, R8) makes the closing wait: a closed day's first and last receipts are final.
 */
import { right, type Either } from 'fp-ts/Either';
import { refuse, type Refusal } from '../family/refusal';
import type { Instant } from '../shared/instant';
import { addDays, isIsoDate, type IsoDate } from '../shared/iso-date';
import { PAYMENT_METHODS, REGIE_DAY_CLOSED, type PaymentMethod, type RegieDayClosed, type RegieDayClosedData } from './regie-day-closed.event';

export interface RegieDayFigures {
  readonly totalsByMethod: Readonly<Partial<Record<PaymentMethod, number>>>;
  readonly totalCents: number;
  readonly receiptCount: number;
  readonly firstReceipt: string | null;
  readonly lastReceipt: string | null;
  /** Confirmed payments of the day without a receipt number yet. */
  readonly unnumberedReceipts: number;
  readonly asOfPosition: number;
}

export interface CloseRegieDay {
  readonly date: string;
  readonly figures: RegieDayFigures;
  readonly now: Instant;
}

export interface RegieState {
  /** Every day closed so far, with its recorded figures, by date. */
  readonly closedDays: ReadonlyMap<IsoDate, RegieDayClosedData>;
  readonly lastClosed: IsoDate | null;
}

export const initialRegieState = (): RegieState => ({ closedDays: new Map(), lastClosed: null });

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The town's civil date of an instant (`YYYY-MM-DD` in `timeZone`). */
export function regieDateOf(instant: string | Date, timeZone: string): IsoDate {
  let format = dateFormats.get(timeZone);
  if (!format) dateFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(typeof instant === 'string' ? new Date(instant) : instant);
}

const MAX_DAY_CENTS = 1_000_000_000_000;

function figuresProblem(figures: RegieDayFigures): string | undefined {
  const cents = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_DAY_CENTS;
  const entries = Object.entries(figures.totalsByMethod);
  if (entries.some(([method, amount]) => !(PAYMENT_METHODS as readonly string[]).includes(method) || !cents(amount))) return 'totals by method must be known methods with whole cents';
  if (!cents(figures.totalCents) || entries.reduce((sum, [, amount]) => sum + (amount ?? 0), 0) !== figures.totalCents) return 'the total must be the sum of the totals by method';
  if (!Number.isSafeInteger(figures.receiptCount) || figures.receiptCount < 0) return 'the receipt count must be a whole number';
  if (!Number.isSafeInteger(figures.unnumberedReceipts) || figures.unnumberedReceipts < 0) return 'the unnumbered count must be a whole number';
  if (!Number.isSafeInteger(figures.asOfPosition) || figures.asOfPosition < 0) return 'the position must be a whole number';
  if ((figures.receiptCount === 0) !== (figures.firstReceipt === null) || (figures.receiptCount === 0) !== (figures.lastReceipt === null)) return 'first and last receipts are set exactly when there are receipts';
  if (figures.receiptCount === 0 && figures.totalCents !== 0) return 'a day without receipts totals 0';
  return undefined;
}

export function decideRegieDayClosure(timeZone: string, command: CloseRegieDay, state: RegieState): Either<Refusal, readonly RegieDayClosed[]> {
  const { date, figures, now } = command;
  if (!isIsoDate(date)) return refuse('INVALID_DATE', `${date} is not a date (YYYY-MM-DD)`);
  const problem = figuresProblem(figures);
  if (problem) return refuse('INVALID_COMMAND', `The day's figures are malformed: ${problem}`);
  if (state.closedDays.has(date)) return refuse('REGIE_DAY_ALREADY_CLOSED', `The journal of ${date} is already closed`, [{ date }]);
  const today = regieDateOf(now, timeZone);
  if (date >= today) return refuse('REGIE_DAY_NOT_OVER', `${date} is not over yet in ${timeZone} (today is ${today})`, [{ date, today }]);
  if (state.lastClosed !== null) {
    const expected = addDays(state.lastClosed, 1);
    if (date !== expected) return refuse('REGIE_DAY_OUT_OF_ORDER', `Days close in order: the next day to close is ${expected}`, [{ date, expectedDate: expected }]);
  }
  if (figures.unnumberedReceipts > 0) {
    return refuse('RECEIPTS_NOT_NUMBERED', `${figures.unnumberedReceipts} payment(s) of ${date} still await their receipt number: retry in a moment`, [{ date, unnumberedReceipts: figures.unnumberedReceipts }]);
  }
  const { totalsByMethod, totalCents, receiptCount, firstReceipt, lastReceipt, asOfPosition } = figures;
  return right([{ type: REGIE_DAY_CLOSED, data: { date, totalsByMethod: { ...totalsByMethod }, totalCents, receiptCount, firstReceipt, lastReceipt, asOfPosition, closedAt: now } }]);
}

export function evolveRegie(state: RegieState, event: RegieDayClosed): RegieState {
  if (event.type !== REGIE_DAY_CLOSED) return state;
  const closedDays = new Map(state.closedDays);
  closedDays.set(event.data.date, event.data);
  const lastClosed = state.lastClosed === null || event.data.date > state.lastClosed ? event.data.date : state.lastClosed;
  return { closedDays, lastClosed };
}

/** The régie stream's decider for a town's time zone, in the shape the store's command loop takes. */
export function regieDecider(timeZone: string) {
  return {
    initialState: initialRegieState,
    evolve: evolveRegie,
    decide: (command: CloseRegieDay, state: RegieState) => decideRegieDayClosure(timeZone, command, state),
  };
}
