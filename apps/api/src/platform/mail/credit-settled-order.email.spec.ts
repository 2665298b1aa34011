import { creditSettledOrderEmail, type CreditSettledOrderEmailInput } from './credit-settled-order.email';
import { InvalidMailError } from './mail.errors';
import { parseMailMessage } from './mail-message';

const input: CreditSettledOrderEmailInput = {
  orderId: 'ord-42',
  to: 'famille.martin@example.org',
  municipality: 'Mairie de Exemple',
  totalCents: 740,
  creditAppliedCents: 740,
  confirmedAt: new Date('2026-12-03T16:05:00Z'),
  lines: [
    { childName: 'Hugo <Martin>', activityLabel: 'Restauration scolaire', date: '2026-12-08', unitPriceCents: 370 },
    { childName: 'Hugo <Martin>', activityLabel: 'Restauration scolaire', date: '2026-12-07', unitPriceCents: 370 },
  ],
  pdf: Buffer.from('%PDF-1.7'),
};

describe('creditSettledOrderEmail', () => {
  it('says what was validated, when, and that the credit settled it, in the town time zone', () => {
    const mail = creditSettledOrderEmail(input);
    expect(parseMailMessage(mail)).toBeDefined();
    expect(mail.messageId).toBe('<validation-ord-42@periscol.local>');
    expect(mail.text).toContain('le 3 décembre 2026 à 17:05');
    expect(mail.text.indexOf('lundi 7 décembre 2026')).toBeLessThan(mail.text.indexOf('mardi 8 décembre 2026'));
    expect(mail.text).toMatch(/Réglé par votre avoir : 7,40\s€/);
    expect(mail.html).toContain('Hugo &#60;Martin&#62;');
    expect(mail.html).not.toContain('<Martin>');
    expect(mail.attachments).toMatchObject([{ filename: 'reservations-ord-42.pdf', contentType: 'application/pdf' }]);
    expect(creditSettledOrderEmail(input)).toEqual(mail);
  });

  it.each<[string, Partial<CreditSettledOrderEmailInput>]>([
    ['an order id with a path', { orderId: '../x' }],
    ['a bad address', { to: 'nobody' }],
    ['no line', { lines: [] }],
    ['negative cents', { creditAppliedCents: -1 }],
    ['an empty PDF', { pdf: Buffer.alloc(0) }],
  ])('refuses %s with INVALID_MAIL', (_, change) => {
    expect(() => creditSettledOrderEmail({ ...input, ...change })).toThrow(InvalidMailError);
  });
});
