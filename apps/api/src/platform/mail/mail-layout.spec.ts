import { contactLine, htmlEmail, textFooter } from './mail-layout';

describe('the e-mails’ footer says whom to ask', () => {
  it('names the service with its phone and e-mail, as the portal’s footer does', () => {
    expect(contactLine({ service: 'enfance-jeunesse', phone: '03 85 00 12 34', email: 'periscolaire@exemple.fr' })).toBe(
      'Une question ? Service enfance-jeunesse : 03 85 00 12 34 · periscolaire@exemple.fr',
    );
    expect(contactLine({ email: 'periscolaire@exemple.fr' })).toBe('Une question ? Service périscolaire : periscolaire@exemple.fr');
  });

  it('says nothing without a phone or an e-mail to give', () => {
    expect(contactLine(undefined)).toBeUndefined();
    expect(contactLine({ service: 'service enfance' })).toBeUndefined();
    expect(textFooter(['Automatique.'], 'Mairie')).toEqual(['Automatique.', 'Mairie', '']);
  });

  it('escapes the file’s words in the HTML part', () => {
    const html = htmlEmail('Sujet', '<p>x</p>', [], 'Mairie', { service: 'service <b>enfance</b>', email: 'a@exemple.fr' });
    expect(html).toContain('Une question ? Service &#60;b&#62;enfance&#60;/b&#62; : <a href="mailto:a@exemple.fr">a@exemple.fr</a><br>Mairie');
  });
});
