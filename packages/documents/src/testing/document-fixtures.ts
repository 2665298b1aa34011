/**
 * Sample inputs for tests and benchmarks: realistic, already resolved view data.
 * Not part of the published package (excluded from the library build).
 */
import type { CancellationDetailInput } from '../cancellation-detail.document';
import type { OrderDetailInput } from '../order-detail.document';
import type { PaymentTicketInput } from '../payment-ticket.document';
import type { RecapChild, RecapInput } from '../recap.document';
import type { MunicipalityInfo, ReservedLine } from '../document-inputs';

export const MUNICIPALITY: MunicipalityInfo = {
  name: 'Ville de Villebelle-sur-Loire',
  address: 'Hôtel de ville, 1 place de la République\n45000 Villebelle-sur-Loire',
};

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** `count` lines over two children from Tuesday 1 December 2026, canteen and after-school care. */
export function orderLines(count: number): ReservedLine[] {
  const lines: ReservedLine[] = [];
  for (let i = 0; lines.length < count; i++) {
    const date = addDays('2026-12-01', Math.floor(i / 2));
    if (isoWeekday(date) > 5) continue;
    lines.push(
      i % 2 === 0
        ? { childId: 'child-lea', childName: 'Léa Dupré', activityLabel: 'Restauration scolaire', date, unitPriceCents: 385 }
        : { childId: 'child-noe', childName: 'Noé Dupré', activityLabel: 'Accueil périscolaire du soir', date, unitPriceCents: 215 },
    );
  }
  return lines;
}

export function orderDetailInput(lineCount = 8, overrides: Partial<OrderDetailInput['order']> = {}): OrderDetailInput {
  const lines = overrides.lines ?? orderLines(lineCount);
  const totalCents = lines.reduce((sum, line) => sum + line.unitPriceCents, 0);
  const creditAppliedCents = Math.min(500, totalCents);
  return {
    municipality: MUNICIPALITY,
    family: { familyId: 'fam-0042', name: 'Famille Dupré' },
    timeZone: 'Europe/Paris',
    issuedAt: '2026-11-24T13:30:05Z',
    order: {
      orderId: 'ord-7f3a9c',
      status: 'awaiting_payment',
      requestedAt: '2026-11-24T13:30:05Z',
      expiresAt: '2026-11-24T14:30:05Z',
      lines,
      totalCents,
      creditAppliedCents,
      amountDueCents: totalCents - creditAppliedCents,
      ...overrides,
    },
  };
}

export function cancellationDetailInput(): CancellationDetailInput {
  return {
    municipality: MUNICIPALITY,
    family: { familyId: 'fam-0042', name: 'Famille Dupré' },
    timeZone: 'Europe/Paris',
    cancellation: {
      cancellationId: 'can-51b2',
      creditNoteNumber: 'A-2026-000045',
      cancelledAt: '2026-12-07T07:15:00Z',
      lines: [
        { childName: 'Léa Dupré', activityLabel: 'Restauration scolaire', date: '2026-12-10', creditCents: 385 },
        { childName: 'Noé Dupré', activityLabel: 'Accueil périscolaire du soir', date: '2026-12-10', creditCents: 215 },
        { childName: 'Léa Dupré', activityLabel: 'Restauration scolaire', date: '2026-12-11', creditCents: 385 },
      ],
      totalCents: 985,
      creditBalanceCents: 1485,
    },
  };
}

export function paymentTicketInput(): PaymentTicketInput {
  const lines = orderLines(6);
  const totalCents = lines.reduce((sum, line) => sum + line.unitPriceCents, 0);
  return {
    municipality: MUNICIPALITY,
    family: { familyId: 'fam-0042', name: 'Famille Dupré' },
    timeZone: 'Europe/Paris',
    ticket: {
      ticketNumber: 'R-2026-000123',
      paymentId: 'pay-cs_test_a1b2c3',
      orderId: 'ord-7f3a9c',
      paidAt: '2026-11-24T13:41:27Z',
      amountCents: totalCents - 500,
      provider: 'stripe',
      lines,
      totalCents,
      creditAppliedCents: 500,
      amountPaidCents: totalCents - 500,
    },
  };
}

const SCHOOL_YEAR = { from: '2025-09-01', to: '2026-07-04' };
const ACTIVITIES = [
  { activityLabel: 'Restauration scolaire', weekdays: [1, 2, 4, 5], priceCents: 385 },
  { activityLabel: 'Accueil du matin', weekdays: [1, 2, 4, 5], priceCents: 150 },
  { activityLabel: 'Accueil du soir', weekdays: [1, 2, 4, 5], priceCents: 215 },
  { activityLabel: 'Mercredi loisirs', weekdays: [3], priceCents: 1200 },
];
/** Rough school holidays of zone B 2025–2026, so the calendars look like a real year. */
const HOLIDAYS: [string, string][] = [
  ['2025-10-18', '2025-11-02'],
  ['2025-12-20', '2026-01-04'],
  ['2026-02-14', '2026-03-01'],
  ['2026-04-11', '2026-04-26'],
  ['2026-05-14', '2026-05-17'],
];

/** A full school year for `childNames.length` children, each in all four activities. */
export function fullYearRecapInput(childNames: (string | null)[] = ['Léa Dupré', 'Noé Dupré', 'Inès Dupré']): RecapInput {
  const children: RecapChild[] = childNames.map((childName, c) => ({
    childId: `child-${c + 1}`,
    childName,
    activities: ACTIVITIES.map((activity, a) => {
      const dates: string[] = [];
      for (let date = SCHOOL_YEAR.from; date <= SCHOOL_YEAR.to; date = addDays(date, 1)) {
        if (!activity.weekdays.includes(isoWeekday(date))) continue;
        if (HOLIDAYS.some(([start, end]) => date >= start && date <= end)) continue;
        // Not every child every day: skip a deterministic few.
        if ((Date.parse(date) / DAY_MS + c + a) % 5 === 0) continue;
        dates.push(date);
      }
      return { activityLabel: activity.activityLabel, dates, totalCents: dates.length * activity.priceCents };
    }),
  }));
  return {
    municipality: MUNICIPALITY,
    family: { familyId: 'fam-0042', name: 'Famille Dupré' },
    timeZone: 'Europe/Paris',
    period: SCHOOL_YEAR,
    children,
    issuedAt: '2026-07-04T16:00:00Z',
  };
}

/** The same year in layout 2: holidays shaded and listed, « 1er ». */
export function fullYearRecapInputLayout2(childNames?: (string | null)[]): RecapInput {
  const labels = ['Vacances de la Toussaint', 'Vacances de Noël', "Vacances d'hiver", 'Vacances de printemps', "Pont de l'Ascension"];
  return { ...fullYearRecapInput(childNames), layout: 2, holidays: HOLIDAYS.map(([from, to], i) => ({ from, to, label: labels[i] })) };
}
