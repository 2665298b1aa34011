/**
 * The example files of real towns (examples/towns/*.json): each loads, and prices a few families
 * and days as computed by hand from the town's published rules — through the decider, so the
 * days held that week and month are counted as in production. Deadlines are checked on a week
 * with a public holiday and across the clock changes of 2024-10-27 and 2025-03-30.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { createFamilyDecider, type Pricing, type ReservationRequested } from '../family';
import { checkLedger } from '../ledger';
import { planningView } from '../projections';
import { familyCommand as cmd, FamilyHistory, slot } from '../testing';
import type { Catalog, Payer } from './catalog.types';
import { cancellationDeadline, lateBookingLimit, reservationDeadline } from './deadline';
import { loadCatalog } from './load-catalog';
import { priceSlot } from './pricing';
import { serviceDayStatus } from './service-day';
import { tariffNote } from './tariff-reasons';

const TOWNS_DIR = path.join(__dirname, '..', '..', 'examples', 'towns');
const townFiles = fs.readdirSync(TOWNS_DIR).filter((name) => name.endsWith('.json'));

function town(name: string): Catalog {
  const result = loadCatalog(JSON.parse(fs.readFileSync(path.join(TOWNS_DIR, `${name}.json`), 'utf8')));
  if (E.isLeft(result)) throw new Error(`${name}: ${result.left.message}`);
  return result.right;
}

/** Before every deadline of the weeks used below (school year 2024–2025). */
const EARLY = '2024-09-02T06:00:00.000Z';
const FAMILY = 'fam-1';

/** A registered family with children enrolled in every activity, the given resident flag. */
function family(catalog: Catalog, resident: boolean, children: string[]) {
  const history = new FamilyHistory(createFamilyDecider({ catalog, holdMinutes: 60 }));
  history.run(cmd('RegisterFamily', { familyId: FAMILY, resident }, EARLY));
  for (const childId of children) history.run(cmd('EnrolChild', { childId, activityIds: catalog.activities.map((a) => a.id) }, EARLY));
  return history;
}

/** Runs a request and returns its lines' prices, in slot order, and its total. */
function reserve(history: FamilyHistory, orderId: string, slots: ReturnType<typeof slot>[], pricing: Pricing, now = EARLY) {
  const events = history.run(cmd('RequestReservation', { orderId, slots, pricing }, now));
  const requested = events.find((e): e is ReservationRequested => e.type === 'ReservationRequested');
  if (!requested) throw new Error('no ReservationRequested');
  return { cents: requested.data.lines.map((l) => l.unitPriceCents), total: requested.data.totalCents, brackets: requested.data.lines.map((l) => l.tariff.bracket), lines: requested.data.lines };
}

const days = (childId: string, activityId: string, dates: string[]) => dates.map((date) => slot(childId, activityId, date));

describe('example files of real towns', () => {
  it('ship at least six towns, each with its source and the date read', () => {
    expect(townFiles.length).toBeGreaterThanOrEqual(6);
    for (const name of townFiles) {
      const raw = JSON.parse(fs.readFileSync(path.join(TOWNS_DIR, name), 'utf8')) as { sources?: { url: string; readOn: string }[] };
      expect(raw.sources?.[0]?.url).toMatch(/^https?:\/\//);
      expect(raw.sources?.[0]?.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(() => town(name.replace(/\.json$/, ''))).not.toThrow();
    }
  });

  it('bracket grids are monotone in QF wherever the town\'s grid is (every table, residents and not)', () => {
    const qfs = Array.from({ length: 400 }, (_, i) => i * 7.5);
    for (const name of townFiles) {
      const catalog = town(name.replace(/\.json$/, ''));
      for (const activity of catalog.activities) {
        for (const grid of activity.tariffs) {
          const date = grid.effectiveFrom;
          const variants: Partial<Payer>[] = [{}, { resident: false }, { schoolLevel: 'maternelle' }, { schoolLevel: 'elementaire' }, { childRank: 3 }];
          for (const variant of variants) {
            let previous = -1;
            for (const qf of qfs) {
              const price = priceSlot(catalog, activity.id, date, { quotientFamilial: qf, resident: true, childRank: 1, ...variant, usage: () => ({ daysInWeek: 5, paidCentsInMonth: 0 }) });
              if (E.isLeft(price)) throw new Error(price.left.message);
              // Bubry's 3rd-child rule is the one published exception: the 1 € bracket keeps 1 €, the next pays 1,53 €, still never less.
              expect(price.right.unitPriceCents).toBeGreaterThanOrEqual(previous);
              previous = price.right.unitPriceCents;
            }
          }
        }
      }
    }
  });

  describe('Saint-Caprais-de-Bordeaux: resident 2,85 €, outside 4 €, PAI 1,45 €', () => {
    const catalog = town('saint-caprais-de-bordeaux');

    it('prices a resident family, a PAI child and a family from outside; the PAI shows on the line', () => {
      const resident = family(catalog, true, ['lea', 'tom']);
      const pricing: Pricing = { quotientFamilial: 900, children: { tom: { medicalProtocol: true } } };
      // Week of 2024-09-09: Mon, Tue, Thu, Fri (no canteen on Wednesdays).
      const order = reserve(resident, 'o1', [...days('lea', 'restauration', ['2024-09-09', '2024-09-10']), ...days('tom', 'restauration', ['2024-09-09'])], pricing);
      expect(order.cents).toEqual([285, 285, 145]);
      expect(order.total).toBe(715);
      expect(tariffNote(catalog, 'restauration', order.lines[2].tariff)).toBe('PAI (panier repas)');

      const outside = family(catalog, false, ['ines']);
      expect(reserve(outside, 'o2', days('ines', 'restauration', ['2024-09-09', '2024-09-12']), { quotientFamilial: null }).cents).toEqual([400, 400]);
    });

    it('closes the public holiday of 11 November, and the next days keep their J-1 18:00 deadline', () => {
      expect(serviceDayStatus(catalog, 'restauration', '2024-11-11')).toEqual({ open: false, reason: 'closed', label: 'Armistice (férié)' });
      expect(serviceDayStatus(catalog, 'restauration', '2024-11-12')).toEqual({ open: true });
      // Tuesday 12 November: Monday 11, 18:00 Paris (UTC+1) — a holiday does not move a calendar-day deadline.
      expect(reservationDeadline(catalog, 'restauration', '2024-11-12')).toBe('2024-11-11T17:00:59.999Z');
    });

    it('reads J-1 18:00 in Paris time across the clock change of 30 March 2025', () => {
      expect(reservationDeadline(catalog, 'restauration', '2025-03-28')).toBe('2025-03-27T17:00:59.999Z'); // UTC+1
      expect(reservationDeadline(catalog, 'restauration', '2025-03-31')).toBe('2025-03-30T16:00:59.999Z'); // Sunday after the change: UTC+2
    });
  });

  describe('Oudon: taux d’effort 1,85 %, −10 % / −20 % for 4 / 5 days, +10 % outside the commune', () => {
    const catalog = town('oudon');

    it('prices the page\'s own example (QF 1 050 → 19,43 €) and its cap (QF 3 000 → 27,49 €)', () => {
      const history = family(catalog, true, ['a']);
      expect(reserve(history, 'o1', days('a', 'journee', ['2024-09-09']), { quotientFamilial: 1050 }).cents).toEqual([1943]);
      expect(reserve(history, 'o2', days('a', 'journee', ['2024-09-16']), { quotientFamilial: 3000 }).cents).toEqual([2749]);
    });

    it('a full week of 5 days is −20 %, 4 days −10 %: 1 943 → 1 554 (1 554,4) and 1 749 (1 748,7)', () => {
      const history = family(catalog, true, ['a', 'b']);
      const week = ['2024-09-09', '2024-09-10', '2024-09-11', '2024-09-12', '2024-09-13'];
      const five = reserve(history, 'o1', days('a', 'journee', week), { quotientFamilial: 1050 });
      expect(five.cents).toEqual([1554, 1554, 1554, 1554, 1554]);
      expect(five.brackets[0]).toBe('taux-effort+5j-20%');
      const four = reserve(history, 'o2', days('b', 'journee', week.slice(0, 4)), { quotientFamilial: 1050 });
      expect(four.cents).toEqual([1749, 1749, 1749, 1749]);
    });

    it('the week of 11 November has 4 days open: booking all of them is −10 %; a non-resident pays +10 % first', () => {
      expect(serviceDayStatus(catalog, 'journee', '2024-11-11').open).toBe(false);
      const history = family(catalog, false, ['a']);
      const order = reserve(history, 'o1', days('a', 'journee', ['2024-11-12', '2024-11-13', '2024-11-14', '2024-11-15']), { quotientFamilial: 1050 });
      // 1 943 → +10 % 2 137,3 → 2 137 → −10 % 1 923,3 → 1 923.
      expect(order.cents).toEqual([1923, 1923, 1923, 1923]);
      expect(order.brackets[0]).toBe('taux-effort+hors-commune-plus10%+4j-10%');
    });

    it('a day added later to a week already held counts the held days (and keeps the earlier prices)', () => {
      const history = family(catalog, true, ['a']);
      expect(reserve(history, 'o1', days('a', 'journee', ['2024-09-09', '2024-09-10', '2024-09-11']), { quotientFamilial: 1050 }).cents).toEqual([1943, 1943, 1943]);
      expect(reserve(history, 'o2', days('a', 'journee', ['2024-09-12']), { quotientFamilial: 1050 }).cents).toEqual([1749]);
      // The planning shows Friday at the 5-day price: 4 held + itself.
      const planning = planningView(catalog, history.state, '2024-W37', EARLY, { quotientFamilial: 1050 });
      if (E.isLeft(planning)) throw new Error(planning.left.message);
      const friday = planning.right.children[0].days.find((d) => d.date === '2024-09-13')?.slots.find((s) => s.activityId === 'journee');
      expect(friday?.priceCents).toBe(1554);
    });

    it('reads J-2 working days 12:00 in Paris time across the clock change of 30 March 2025', () => {
      // Tuesday 1 April: two working days before is Friday 28 March, 12:00 Paris, still UTC+1.
      expect(reservationDeadline(catalog, 'journee', '2025-04-01')).toBe('2025-03-28T11:00:59.999Z');
      // Wednesday 2 April: Monday 31 March, 12:00 Paris, now UTC+2.
      expect(reservationDeadline(catalog, 'journee', '2025-04-02')).toBe('2025-03-31T10:00:59.999Z');
    });

    it('does not count the Toussaint holidays (and their clock change) as working days', () => {
      // Monday 4 November 2024: the working days before are Friday 18 and Thursday 17 October, 12:00 Paris (UTC+2).
      expect(reservationDeadline(catalog, 'journee', '2024-11-04')).toBe('2024-10-17T10:00:59.999Z');
    });
  });

  describe('RPI du Val: their own grid for families outside the regroupement', () => {
    const catalog = town('rpi-du-val');

    it('morning 2,00 € / 2,20 € inside, 3,00 € / 3,20 € outside; evening one euro more', () => {
      const inside = family(catalog, true, ['a']);
      expect(reserve(inside, 'o1', [slot('a', 'accueil-matin', '2024-09-09'), slot('a', 'accueil-soir', '2024-09-09')], { quotientFamilial: 799 }).cents).toEqual([200, 300]);
      expect(reserve(inside, 'o2', [slot('a', 'accueil-matin', '2024-09-10'), slot('a', 'accueil-soir', '2024-09-10')], { quotientFamilial: 800 }).cents).toEqual([220, 320]);
      const outside = family(catalog, false, ['b']);
      const order = reserve(outside, 'o3', [slot('b', 'accueil-matin', '2024-09-09'), slot('b', 'accueil-soir', '2024-09-09')], { quotientFamilial: 500 });
      expect(order.cents).toEqual([300, 400]);
      expect(tariffNote(catalog, 'accueil-soir', order.lines[1].tariff)).toBe('QF jusqu’à 799 € · hors commune');
    });
  });

  describe('CC Les Pieux: taux d’effort 0,55 % capped at 3,19 €, occasional 3,61 €, packed lunch 1,62 €', () => {
    const catalog = town('cc-les-pieux');

    it('a regular week at the taux d’effort, a single day at the occasional price, a PAI child', () => {
      const history = family(catalog, true, ['a', 'b']);
      // QF 480 × 0,55 % = 2,64 €; QF 700 → 3,85 € capped at 3,19 €.
      expect(reserve(history, 'o1', days('a', 'restauration', ['2024-09-09', '2024-09-10']), { quotientFamilial: 480 }).cents).toEqual([264, 264]);
      expect(reserve(history, 'o2', days('a', 'restauration', ['2024-09-16', '2024-09-17']), { quotientFamilial: 700 }).cents).toEqual([319, 319]);
      const single = reserve(history, 'o3', days('a', 'restauration', ['2024-09-23']), { quotientFamilial: 480 });
      expect(single.cents).toEqual([361]);
      expect(single.brackets).toEqual(['fixe+occasionnel']);
      expect(reserve(history, 'o4', days('b', 'restauration', ['2024-09-23']), { quotientFamilial: 480, children: { b: { medicalProtocol: true } } }).cents).toEqual([162]);
    });
  });

  describe('2C2R: pause méridienne and the evening by the half hour, by QF, doubled outside the 2C2R', () => {
    const catalog = town('2c2r');

    it('prices the three brackets inside and outside', () => {
      const inside = family(catalog, true, ['a']);
      const dates = ['2024-09-09', '2024-09-10', '2024-09-12'];
      expect([650, 651, 1151].map((qf, i) => reserve(inside, `o${i}`, days('a', 'pause-meridienne', [dates[i]]), { quotientFamilial: qf }).cents[0])).toEqual([120, 192, 252]);
      const outside = family(catalog, false, ['b']);
      expect([650, 1150, 5000].map((qf, i) => reserve(outside, `p${i}`, days('b', 'pause-meridienne', [dates[i]]), { quotientFamilial: qf }).cents[0])).toEqual([240, 384, 504]);
    });

    it('bills the evening by the half hour reserved: 16 h 30 to 17 h 30 at QF 700 is 2 × 0,48 €, outside 2 × 0,96 €', () => {
      const evening = (childId: string) => [slot(childId, 'soir-16-30', '2024-09-09'), slot(childId, 'soir-17-00', '2024-09-09')];
      expect(reserve(family(catalog, true, ['a']), 'o1', evening('a'), { quotientFamilial: 700 })).toMatchObject({ cents: [48, 48], total: 96 });
      expect(reserve(family(catalog, false, ['b']), 'o1', evening('b'), { quotientFamilial: 700 })).toMatchObject({ cents: [96, 96], total: 192 });
    });
  });

  describe('Bubry: regular brackets, 3rd child half price except in the 1 € bracket, occasional 3,70 €, PAI 0,64 €', () => {
    const catalog = town('bubry');
    const week = (childId: string) => days(childId, 'restauration', ['2024-09-09', '2024-09-10', '2024-09-12', '2024-09-13']);

    it('prices three children of a family at QF 1 200 for a regular week', () => {
      const history = family(catalog, true, ['a', 'b', 'c']);
      const order = reserve(history, 'o1', [...week('a'), ...week('b'), ...week('c')], { quotientFamilial: 1200 });
      // 3,10 € for the 1st and 2nd, 1,55 € for the 3rd: 4 × (310 + 310 + 155) = 3 100.
      expect(order.total).toBe(3100);
      expect(order.brackets[8]).toBe('qf<=1499+rank3-50%');
    });

    it('keeps 1,00 € for the 3rd child in the lowest bracket, rounds 3,05 € / 2 half-up to 1,53 €', () => {
      const low = family(catalog, true, ['a', 'b', 'c']);
      expect(reserve(low, 'o1', week('c'), { quotientFamilial: 599 }).cents).toEqual([100, 100, 100, 100]);
      const next = family(catalog, true, ['a', 'b', 'c']);
      expect(reserve(next, 'o1', week('c'), { quotientFamilial: 600 }).cents).toEqual([153, 153, 153, 153]);
    });

    it('charges 3,70 € for a day in a week of fewer than 4, and 0,64 € under a medical protocol', () => {
      const history = family(catalog, true, ['a']);
      expect(reserve(history, 'o1', days('a', 'restauration', ['2024-09-09', '2024-09-10']), { quotientFamilial: 1200 }).cents).toEqual([370, 370]);
      expect(reserve(history, 'o2', days('a', 'restauration', ['2024-09-16']), { quotientFamilial: 1200, children: { a: { medicalProtocol: true } } }).cents).toEqual([64]);
    });

    it('in the week of 11 November only 3 canteen days are open: every one is occasional', () => {
      const history = family(catalog, true, ['a']);
      expect(reserve(history, 'o1', days('a', 'restauration', ['2024-11-12', '2024-11-14', '2024-11-15']), { quotientFamilial: 1200 }).cents).toEqual([370, 370, 370]);
    });
  });

  describe('La Selle-Craonnaise: maternelle 3,30 €, élémentaire 3,70 €, 3rd child 3,30 € (délibération n° 2024/47)', () => {
    const catalog = town('la-selle-craonnaise');

    it('prices by level from the grade, the 3rd child at 3,30 €, and prints the délibération', () => {
      const history = family(catalog, true, ['a', 'b', 'c']);
      const pricing: Pricing = { quotientFamilial: null, children: { a: { schoolLevel: 'elementaire' }, b: { schoolLevel: 'maternelle' }, c: { schoolLevel: 'elementaire' } } };
      const order = reserve(history, 'o1', [slot('a', 'restauration', '2024-09-09'), slot('b', 'restauration', '2024-09-09'), slot('c', 'restauration', '2024-09-09')], pricing);
      expect(order.cents).toEqual([370, 330, 330]);
      expect(tariffNote(catalog, 'restauration', order.lines[1].tariff)).toBe('maternelle · Délibération n° 2024/47 du 23 octobre 2024');
      expect(tariffNote(catalog, 'restauration', order.lines[2].tariff)).toBe('élémentaire · tarif fratrie à partir du 3e enfant · Délibération n° 2024/47 du 23 octobre 2024');
    });
  });

  describe('Montaren-et-Saint-Médiers: canteen by QF and by Tuesday 18:00 for next week; garderie 1,50 €, at most 32 €', () => {
    const catalog = town('montaren-et-saint-mediers');

    it('charges the garderie 1,50 € a day: a whole month of 4-day weeks (17 days, 25,50 €) stays under the 32 € cap', () => {
      const march = ['03', '04', '06', '07', '10', '11', '13', '14', '17', '18', '20', '21', '24', '25', '27', '28', '31'].map((d) => `2025-03-${d}`);
      const history = family(catalog, true, ['a']);
      const order = reserve(history, 'o1', days('a', 'garderie', march), { quotientFamilial: 600 }, '2025-02-03T08:00:00.000Z');
      expect(order.total).toBe(2550);
      expect(new Set(order.cents)).toEqual(new Set([150]));
    });

    it('closes canteen weeks on the Tuesday before at 17:59, in Paris time across the clock change', () => {
      // Week of 31 March 2025: Tuesday 25 March 17:59 (UTC+1); week of 7 April: Tuesday 1 April 17:59 (UTC+2).
      expect(reservationDeadline(catalog, 'restauration', '2025-03-31')).toBe('2025-03-25T16:59:59.999Z');
      expect(reservationDeadline(catalog, 'restauration', '2025-04-07')).toBe('2025-04-01T15:59:59.999Z');
    });

    it('prices the canteen 1,50 € up to QF 470, 2,50 € up to 700, 3,80 € above', () => {
      const history = family(catalog, true, ['a']);
      const dates = ['2024-09-09', '2024-09-10', '2024-09-12'];
      expect([470, 700, 701].map((qf, i) => reserve(history, `o${i}`, days('a', 'restauration', [dates[i]]), { quotientFamilial: qf }).cents[0])).toEqual([150, 250, 380]);
    });
  });

  describe('a monthly cap through the decider (a garderie every weekday, 1,50 €, at most 32 € a month)', () => {
    // Montaren's file, its garderie open every weekday and May 2025 without closed days: 22 days.
    const file = JSON.parse(fs.readFileSync(path.join(TOWNS_DIR, 'montaren-et-saint-mediers.json'), 'utf8'));
    file.activities[1].weekdays = [1, 2, 3, 4, 5];
    file.closedDates = file.closedDates.filter((c: { from: string }) => !c.from.startsWith('2025-05'));
    const now = '2025-04-01T08:00:00.000Z';

    it('the 22nd day of a month at 1,50 € costs the 0,50 € left, a cancelled paid day is paid again when rebooked, and the ledger balances', () => {
      const open = loadCatalog(file);
      if (E.isLeft(open)) throw new Error(open.left.message);
      const history = family(open.right, true, ['a']);
      const weekdays = Array.from({ length: 31 }, (_, i) => `2025-05-${String(i + 1).padStart(2, '0')}`).filter((d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()));
      expect(weekdays.length).toBe(22);
      const first = reserve(history, 'o1', days('a', 'garderie', weekdays.slice(0, 21)), { quotientFamilial: 600 }, now);
      expect(first.total).toBe(3150);
      const last = reserve(history, 'o2', days('a', 'garderie', weekdays.slice(21)), { quotientFamilial: 600 }, now);
      expect(last.cents).toEqual([50]);
      expect(last.brackets).toEqual(['qf-any+plafond-mensuel']);
      // Cancel a paid day (credited 1,50 €), then book it again: 31,50 − 1,50 + 0,50 = 30,50 € held → 1,50 € left is charged in full.
      history.run(cmd('StartPayment', { orderId: 'o1', paymentId: 'p1', provider: 'simulated' }, now));
      history.run(cmd('ConfirmPayment', { orderId: 'o1', paymentId: 'p1', provider: 'simulated', amountCents: 3150 }, now));
      history.run(cmd('CancelReservation', { cancellationId: 'x1', creditId: 'cr1', slots: [slot('a', 'garderie', weekdays[0])] }, now));
      expect(reserve(history, 'o3', days('a', 'garderie', [weekdays[0]]), { quotientFamilial: 600 }, now).cents).toEqual([150]);
      // The cancellation credited the frozen 1,50 € (R11): money in = reserved value + balance + held credit.
      const ledger = checkLedger(history.state);
      expect(E.isRight(ledger)).toBe(true);
    });
  });

  describe('Massingy: half-session and full session are two activities', () => {
    const catalog = town('massingy');

    it('a morning half-session 1,25 €, an evening full session 2,50 €, the canteen 5,50 €', () => {
      const history = family(catalog, true, ['a']);
      const order = reserve(history, 'o1', [slot('a', 'matin-demi-session', '2024-09-09'), slot('a', 'restauration', '2024-09-09'), slot('a', 'soir-session-pleine', '2024-09-09')], { quotientFamilial: null });
      expect(order.cents).toEqual([125, 550, 250]);
      expect(order.total).toBe(925);
    });
  });

  describe('Vailhauques: each weekday its own deadline (Friday 9:00 for Monday and Tuesday, Tuesday 9:00 for Thursday and Friday), late at +50 %, cancelled the same day before 9:00', () => {
    const catalog = town('vailhauques');

    it('closes each weekday on its own rule, in a week with the 11 November holiday and across the clock change', () => {
      expect(reservationDeadline(catalog, 'restauration', '2024-11-04')).toBe('2024-11-01T07:59:59.999Z'); // Monday → Friday 9:00
      expect(reservationDeadline(catalog, 'restauration', '2024-11-12')).toBe('2024-11-08T07:59:59.999Z'); // Tuesday → Friday 9:00
      expect(reservationDeadline(catalog, 'restauration', '2024-11-14')).toBe('2024-11-12T07:59:59.999Z'); // Thursday → Tuesday 9:00
      expect(serviceDayStatus(catalog, 'restauration', '2024-11-11')).toMatchObject({ open: false, label: 'Armistice (férié)' });
      expect(reservationDeadline(catalog, 'restauration', '2025-03-31')).toBe('2025-03-28T07:59:59.999Z'); // UTC+1
      expect(reservationDeadline(catalog, 'restauration', '2025-04-03')).toBe('2025-04-01T06:59:59.999Z'); // UTC+2
      expect(cancellationDeadline(catalog, 'restauration', '2024-11-18')).toBe('2024-11-18T07:59:59.999Z');
    });

    it('takes a booking past the deadline at 2,99 € + 50 % = 4,49 € (half-up) until 9:00 the same day, then refuses it', () => {
      expect(lateBookingLimit(catalog, 'restauration', '2024-11-18')).toBe('2024-11-18T07:59:59.999Z');
      const history = family(catalog, true, ['a']);
      const onTime = reserve(history, 'o1', days('a', 'restauration', ['2024-11-19']), { quotientFamilial: null }, '2024-11-14T08:00:00.000Z');
      expect(onTime.cents).toEqual([299]);
      const late = reserve(history, 'o2', days('a', 'restauration', ['2024-11-18']), { quotientFamilial: null }, '2024-11-16T09:00:00.000Z');
      expect(late.cents).toEqual([449]);
      expect(late.brackets[0]).toMatch(/tardif/);
      expect(() => reserve(history, 'o3', days('a', 'restauration', ['2024-11-21']), { quotientFamilial: null }, '2024-11-21T08:30:00.000Z')).toThrow(/DEADLINE_PASSED/);
    });
  });

  describe('La Tessoualle: « 48 h avant », each weekday its day (Friday, Saturday, Monday, Tuesday 23:59), late at +1,00 €', () => {
    const catalog = town('la-tessoualle');

    it('closes Monday on Friday, Tuesday on Saturday, Thursday on Monday, in the week of 11 November and across the clock change', () => {
      expect(reservationDeadline(catalog, 'restauration', '2022-11-07')).toBe('2022-11-04T22:58:59.999Z');
      expect(reservationDeadline(catalog, 'restauration', '2022-11-08')).toBe('2022-11-05T22:58:59.999Z');
      expect(reservationDeadline(catalog, 'restauration', '2022-11-10')).toBe('2022-11-07T22:58:59.999Z');
      expect(serviceDayStatus(catalog, 'restauration', '2022-11-11')).toMatchObject({ open: false });
      expect(reservationDeadline(catalog, 'restauration', '2023-03-28')).toBe('2023-03-25T22:58:59.999Z'); // UTC+1
      expect(reservationDeadline(catalog, 'restauration', '2023-03-30')).toBe('2023-03-27T21:58:59.999Z'); // UTC+2
    });

    it('prices 4,40 € in time and 5,40 € late, the late line saying so', () => {
      const history = family(catalog, true, ['a']);
      expect(reserve(history, 'o1', days('a', 'restauration', ['2023-03-30']), { quotientFamilial: null }, '2023-03-24T10:00:00.000Z').cents).toEqual([440]);
      const late = reserve(history, 'o2', days('a', 'restauration', ['2023-03-27']), { quotientFamilial: null }, '2023-03-25T10:00:00.000Z');
      expect(late.cents).toEqual([540]);
      expect(late.brackets[0]).toMatch(/tardif/);
    });
  });

  describe('Rovon: booked 4 days before, cancelled the day before at noon, Wednesday not a working day', () => {
    const catalog = town('rovon');

    it('books until 4 days before and cancels the working day before at 11:59, skipping Wednesdays, weekends and Easter Monday', () => {
      expect(reservationDeadline(catalog, 'restauration', '2023-11-06')).toBe('2023-11-02T22:59:59.999Z');
      expect(cancellationDeadline(catalog, 'restauration', '2023-11-07')).toBe('2023-11-06T10:59:59.999Z'); // Tuesday → Monday
      expect(cancellationDeadline(catalog, 'restauration', '2023-11-09')).toBe('2023-11-07T10:59:59.999Z'); // Thursday → Tuesday (not Wednesday)
      expect(cancellationDeadline(catalog, 'restauration', '2023-11-13')).toBe('2023-11-10T10:59:59.999Z'); // Monday → Friday
      // Across the clock change of 31 March 2024: Thursday 4 April → Tuesday 2 April (UTC+2);
      // Tuesday 2 April → Friday 29 March (UTC+1), Easter Monday being closed.
      expect(cancellationDeadline(catalog, 'restauration', '2024-04-04')).toBe('2024-04-02T09:59:59.999Z');
      expect(cancellationDeadline(catalog, 'restauration', '2024-04-02')).toBe('2024-03-29T10:59:59.999Z');
    });
  });
});
