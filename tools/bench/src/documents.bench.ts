/**
 * Documents: median milliseconds per PDF, beside a bare pdf-lib one-page document with one
 * line of text rendered in the same run (target: order detail ≤ 2× that baseline).
 */
import { renderOrderDetail, renderRecap, type OrderDetailInput, type RecapInput } from '@periscol/documents';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { BenchResult, median, medianMs } from './bench-kit';

export const title = 'Documents (pdf-lib): median ms per PDF';

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const weekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

function orderInput(lineCount: number): OrderDetailInput {
  const lines = Array.from({ length: lineCount }, (_, i) => ({
    childId: i % 2 ? 'child-noe' : 'child-lea',
    childName: i % 2 ? 'Noé Dupré' : 'Léa Dupré',
    activityLabel: i % 2 ? 'Accueil périscolaire du soir' : 'Restauration scolaire',
    date: addDays('2026-11-30', 1 + Math.floor(i / 2)),
    unitPriceCents: i % 2 ? 215 : 385,
  }));
  const totalCents = lines.reduce((sum, line) => sum + line.unitPriceCents, 0);
  return {
    municipality: { name: 'Ville de Villebelle-sur-Loire', address: '1 place de la République\n45000 Villebelle-sur-Loire' },
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
      creditAppliedCents: 500,
      amountDueCents: totalCents - 500,
    },
  };
}

function fullYearRecap(): RecapInput {
  const activities = [
    { label: 'Restauration scolaire', days: [1, 2, 4, 5], price: 385 },
    { label: 'Accueil du matin', days: [1, 2, 4, 5], price: 150 },
    { label: 'Accueil du soir', days: [1, 2, 4, 5], price: 215 },
    { label: 'Mercredi loisirs', days: [3], price: 1200 },
  ];
  const children = ['Léa Dupré', 'Noé Dupré', 'Inès Dupré'].map((childName, c) => ({
    childId: `child-${c}`,
    childName,
    activities: activities.map((activity) => {
      const dates: string[] = [];
      for (let date = '2025-09-01'; date <= '2026-07-04'; date = addDays(date, 1)) {
        if (activity.days.includes(weekday(date))) dates.push(date);
      }
      return { activityLabel: activity.label, dates, totalCents: dates.length * activity.price };
    }),
  }));
  return {
    municipality: { name: 'Ville de Villebelle-sur-Loire' },
    family: { familyId: 'fam-0042', name: 'Famille Dupré' },
    period: { from: '2025-09-01', to: '2026-07-04' },
    children,
    issuedAt: '2026-07-04T16:00:00Z',
  };
}

/** What pdf-lib costs with nothing of ours: one page, one line of text, default save. */
async function barePdfLib(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('Détail des réservations', { x: 50, y: 780, size: 12, font });
  return doc.save();
}

export async function run(): Promise<BenchResult[]> {
  const order5 = orderInput(5);
  const order10 = orderInput(10);
  const recap = fullYearRecap();
  // Warm up the JIT, Intl formatters and pdf-lib's font metrics before measuring.
  for (let i = 0; i < 30; i++) {
    await barePdfLib();
    await renderOrderDetail(order10);
  }
  await renderRecap(recap);

  const repeats = 300;
  // Interleave baseline and subject so both see the same machine noise.
  const baseline: number[] = [];
  const orders5: number[] = [];
  const orders10: number[] = [];
  for (let round = 0; round < 3; round++) {
    baseline.push(await medianMs(repeats, barePdfLib));
    orders5.push(await medianMs(repeats, () => renderOrderDetail(order5)));
    orders10.push(await medianMs(repeats, () => renderOrderDetail(order10)));
  }
  const recapMs = await medianMs(20, () => renderRecap(recap));
  const bare = median(baseline);
  const ms5 = median(orders5);
  const ms10 = median(orders10);
  const pages = await PDFDocument.load(await renderRecap(recap)).then((doc) => doc.getPageCount());
  return [
    { name: 'bare pdf-lib one-page document, one line (baseline)', value: bare, unit: 'ms' },
    { name: 'order detail, 5 lines', value: ms5, unit: 'ms', baseline: bare, target: '<= 2x baseline' },
    { name: 'order detail, 10 lines', value: ms10, unit: 'ms', baseline: bare, target: '<= 2x baseline' },
    { name: `full-year recap, 3 children x 4 activities (${pages} pages)`, value: recapMs, unit: 'ms', baseline: bare },
  ];
}
