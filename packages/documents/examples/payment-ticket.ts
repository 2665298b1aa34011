// A payment ticket rendered from plain, already-resolved data: names and labels, integer cents,
// dates and instants from the history (never the clock), so the same input gives the same bytes.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderPaymentTicket, type PaymentTicketInput } from '@periscol/documents';

const input: PaymentTicketInput = {
  municipality: { name: 'Ville de Villebelle', address: '1 place de la République\n45000 Villebelle' },
  family: { familyId: 'fam-0042', name: 'Famille Dupré' }, // name: null once erased (R17)
  timeZone: 'Europe/Paris', // the default; instants are printed in it
  ticket: {
    ticketNumber: 'R-2026-000123',
    paymentId: 'pay-7f3a9c',
    orderId: 'ord-7f3a9c',
    paidAt: '2026-11-24T13:31:40Z',
    amountCents: 770,
    provider: 'simulated',
    lines: [
      { childId: 'c1', childName: 'Léa Dupré', activityLabel: 'Restauration scolaire', date: '2026-12-01', unitPriceCents: 385 },
      { childId: 'c1', childName: 'Léa Dupré', activityLabel: 'Restauration scolaire', date: '2026-12-03', unitPriceCents: 385 },
    ],
    totalCents: 770,
    creditAppliedCents: 0,
    amountPaidCents: 770,
  },
};

const pdf = await renderPaymentTicket(input); // Uint8Array, A4, French
const again = await renderPaymentTicket(input);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const file = path.join(os.tmpdir(), `${input.ticket.ticketNumber}.pdf`);
fs.writeFileSync(file, pdf);
console.log(`${file}: ${pdf.length} bytes, starts with ${Buffer.from(pdf.subarray(0, 5)).toString()}`);
console.log(`rendered twice, byte-identical: ${sha256(pdf) === sha256(again)}`);
fs.rmSync(file);
