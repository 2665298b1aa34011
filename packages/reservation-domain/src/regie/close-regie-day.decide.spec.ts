import { deciderSpecification } from '../testing';
import { regieDecider, regieDateOf, type CloseRegieDay, type RegieDayFigures } from './close-regie-day.decide';
import { prescriptionDateOf } from './prescription';
import { paymentMethodOf } from './payment-method';
import { REGIE_DAY_CLOSED, type RegieDayClosed } from './regie-day-closed.event';

const tz = 'Europe/Paris';
const spec = deciderSpecification(regieDecider(tz));
const figures: RegieDayFigures = {
  totalsByMethod: { card: 1200, simulated: 350 },
  totalCents: 1550,
  receiptCount: 3,
  firstReceipt: 'R-2026-000004',
  lastReceipt: 'R-2026-000006',
  unnumberedReceipts: 0,
  asOfPosition: 42,
};
const noReceipt: RegieDayFigures = { totalsByMethod: {}, totalCents: 0, receiptCount: 0, firstReceipt: null, lastReceipt: null, unnumberedReceipts: 0, asOfPosition: 42 };
const nextMorning = '2026-09-10T06:00:00.000Z';
const close = (date: string, over: Partial<CloseRegieDay> = {}): CloseRegieDay => ({ date, figures, now: nextMorning, ...over });
const closed = (date: string, closedAt = nextMorning): RegieDayClosed => {
  const { unnumberedReceipts: _, ...recorded } = figures;
  return { type: REGIE_DAY_CLOSED, data: { date, ...recorded, closedAt } };
};

describe('closing a day of the régie journal (R18)', () => {
  it('records the day figures once the day is over in the town', () => {
    spec.given([]).when(close('2026-09-09')).then([closed('2026-09-09')]);
  });

  it('closes a day without receipts', () => {
    spec
      .given([])
      .when(close('2026-09-09', { figures: noReceipt }))
      .then((events) => expect(events[0].data).toMatchObject({ receiptCount: 0, totalCents: 0, firstReceipt: null, lastReceipt: null }));
  });

  it('closes the day after the last one closed', () => {
    spec.given([closed('2026-09-08', '2026-09-09T06:00:00.000Z')]).when(close('2026-09-09')).then((events) => expect(events).toHaveLength(1));
  });

  it('refuses a day not over yet in the town time zone, even when over in UTC', () => {
    // 23:30 UTC on 9 September is already 10 September 01:30 in Paris; 9 September is over.
    spec.given([]).when(close('2026-09-09', { now: '2026-09-09T23:30:00.000Z' })).then((events) => expect(events).toHaveLength(1));
    // 21:30 UTC on 9 September is 23:30 in Paris: the day is not over.
    spec.given([]).when(close('2026-09-09', { now: '2026-09-09T21:30:00.000Z' })).thenFails('REGIE_DAY_NOT_OVER');
    spec.given([]).when(close('2026-09-11')).thenFails('REGIE_DAY_NOT_OVER');
  });

  it('closes a day once', () => {
    spec.given([closed('2026-09-09')]).when(close('2026-09-09')).thenFails('REGIE_DAY_ALREADY_CLOSED');
  });

  it('closes days in order: never a day skipped, never an earlier day', () => {
    spec
      .given([closed('2026-09-07')])
      .when(close('2026-09-09'))
      .thenFails('REGIE_DAY_OUT_OF_ORDER', (refusal) => expect(refusal.details).toEqual([{ date: '2026-09-09', expectedDate: '2026-09-08' }]));
    spec.given([closed('2026-09-08')]).when(close('2026-09-05')).thenFails('REGIE_DAY_OUT_OF_ORDER');
  });

  it('waits for every receipt of the day to be numbered', () => {
    spec.given([]).when(close('2026-09-09', { figures: { ...figures, unnumberedReceipts: 2 } })).thenFails('RECEIPTS_NOT_NUMBERED');
  });

  it.each([
    ['a total that is not the sum', { totalCents: 1 }],
    ['a negative amount', { totalsByMethod: { card: -5 }, totalCents: -5 }],
    ['an unknown method', { totalsByMethod: { cheque: 1550 } as never }],
    ['receipts without a first number', { firstReceipt: null }],
    ['a fractional amount', { totalsByMethod: { card: 0.5 }, totalCents: 0.5 }],
  ])('refuses malformed figures: %s', (_, over) => {
    spec.given([]).when(close('2026-09-09', { figures: { ...figures, ...over } })).thenFails('INVALID_COMMAND');
  });

  it('refuses a date that does not exist', () => {
    spec.given([]).when(close('2026-02-30')).thenFails('INVALID_DATE');
  });
});

describe('régie helpers', () => {
  it('reads dates in the town time zone', () => {
    expect(regieDateOf('2026-12-31T23:30:00.000Z', tz)).toBe('2027-01-01');
    expect(regieDateOf('2026-07-01T21:59:00.000Z', tz)).toBe('2026-07-01');
  });

  it('dates the prescription quadriennale 4 years from 1 January after the credit arose', () => {
    expect(prescriptionDateOf('2026-03-15')).toBe('2031-01-01');
    expect(prescriptionDateOf('2026-12-31')).toBe('2031-01-01');
    expect(prescriptionDateOf('2027-01-01')).toBe('2032-01-01');
  });

  it('groups payments by method', () => {
    expect(paymentMethodOf('stripe')).toBe('stripe');
    expect(paymentMethodOf('simulated')).toBe('simulated');
    expect(paymentMethodOf('payfip')).toBe('payfip');
    expect(paymentMethodOf('payfip', 'direct_debit')).toBe('direct_debit');
  });
});
