import { InvalidMailError } from '../platform/mail/mail.errors';
import { parseMailMessage } from '../platform/mail/mail-message';
import { deadlineReminderEmail, type DeadlineReminderEmailInput } from './deadline-reminder.email';

const input: DeadlineReminderEmailInput = {
  familyId: 'fam-1',
  week: '2026-W51',
  key: 'restauration',
  to: 'famille.martin@example.org',
  municipality: 'Mairie de Exemple',
  deadline: new Date('2026-12-08T22:59:59.999Z'),
  weekStart: '2026-12-14',
  lines: [{ childName: 'Léa <b>', activityLabel: 'Restauration scolaire' }],
  portalUrl: 'https://famille.exemple.fr/',
};

describe('deadlineReminderEmail', () => {
  it('names the week, the children, the deadline in the town time zone and the portal', () => {
    const mail = deadlineReminderEmail(input);
    expect(parseMailMessage(mail)).toBeDefined();
    expect(mail.messageId).toBe('<rappel-fam-1-2026-W51-restauration@periscol.local>');
    expect(mail.subject).toBe('Rappel : réservez avant mardi 8 décembre à 23:59');
    expect(mail.text).toContain('semaine du lundi 14 décembre 2026');
    expect(mail.text).toContain('Léa <b> : Restauration scolaire');
    expect(mail.text).toContain('Réserver : https://famille.exemple.fr/');
    expect(mail.html).toContain('Léa &#60;b&#62;');
    expect(mail.attachments).toEqual([]);
  });

  it('says how to stop them in the portal, and whom to ask', () => {
    const mail = deadlineReminderEmail({ ...input, contact: { phone: '03 85 00 12 34' } });
    expect(mail.text).toContain('décochez « Recevoir ces rappels par e-mail » dans « Inscriptions périscolaires » sur le portail.');
    expect(mail.text).toContain('Une question ? Service périscolaire : 03 85 00 12 34\nMairie de Exemple\n');
  });

  it.each<[string, Partial<DeadlineReminderEmailInput>]>([
    ['no line', { lines: [] }],
    ['a bad week', { week: '2026-51' }],
    ['a bad portal URL', { portalUrl: 'not a url' }],
    ['a family id with a path', { familyId: '../x' }],
  ])('refuses %s with INVALID_MAIL', (_, change) => {
    expect(() => deadlineReminderEmail({ ...input, ...change })).toThrow(InvalidMailError);
  });
});
