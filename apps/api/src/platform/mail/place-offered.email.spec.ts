import { InvalidMailError } from './mail.errors';
import { parseMailMessage } from './mail-message';
import { placeOfferedEmail, type PlaceOfferedEmailInput } from './place-offered.email';

const input: PlaceOfferedEmailInput = {
  orderId: 'offer-42',
  to: 'famille.nguyen@example.org',
  municipality: 'Mairie de Exemple',
  contact: { service: 'service enfance', phone: '03 85 00 00 00' },
  childName: 'Lina <Nguyen>',
  activityLabel: 'Accueil du mercredi',
  date: '2026-12-09',
  amountDueCents: 1700,
  expiresAt: new Date('2026-11-27T09:00:00Z'),
};

describe('placeOfferedEmail (R23)', () => {
  it('names the day and the child, the offer’s end in the town’s time zone, what to do, and whom to call', () => {
    const mail = placeOfferedEmail(input);
    expect(parseMailMessage(mail)).toBeDefined();
    expect(mail.messageId).toBe('<offre-offer-42@periscol.local>');
    expect(mail.subject).toBe('Une place s’est libérée : Accueil du mercredi du mercredi 9 décembre 2026');
    expect(mail.text).toContain('Elle lui est réservée jusqu’au vendredi 27 novembre 2026 à 10:00.');
    expect(mail.text).toMatch(/Payez-la sur le portail \(17,00\s€\)/);
    expect(mail.text).toContain('proposée à la famille suivante');
    expect(mail.text).toContain('03 85 00 00 00');
    expect(mail.html).toContain('Lina &#60;Nguyen&#62;');
    expect(mail.html).not.toContain('<Nguyen>');
    expect(mail.attachments).toEqual([]);
    expect(placeOfferedEmail(input)).toEqual(mail);
  });

  it('asks for « OK » when the credit covers the day', () => {
    expect(placeOfferedEmail({ ...input, amountDueCents: 0 }).text).toContain('confirmez-la avec « OK »');
  });

  it.each<[string, Partial<PlaceOfferedEmailInput>]>([
    ['an order id with a path', { orderId: '../x' }],
    ['a bad address', { to: 'nobody' }],
    ['a date that is no date', { date: '9 décembre' }],
    ['negative cents', { amountDueCents: -1 }],
  ])('refuses %s with INVALID_MAIL', (_, change) => {
    expect(() => placeOfferedEmail({ ...input, ...change })).toThrow(InvalidMailError);
  });
});
