import { createLogger } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', instanceId: 'api-1', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { logger, lines, text: () => JSON.stringify(lines) };
}

describe('createLogger keeps personal data out of the logs (R17)', () => {
  it('masks e-mail addresses in an error, its message, stack and the fields SMTP errors carry', () => {
    const { logger, lines, text } = capture();
    const smtpError = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <zoe.durand@example.fr>: unknown user"), {
      code: 'EENVELOPE',
      responseCode: 550,
      command: 'RCPT TO:<zoe.durand@example.fr>',
      rejected: ['zoe.durand@example.fr'],
    });
    logger.error({ err: smtpError, familyId: 'fam-1' }, 'mail dispatch failed');

    expect(text()).not.toContain('zoe.durand');
    expect(lines[0]).toMatchObject({
      msg: 'mail dispatch failed',
      familyId: 'fam-1',
      err: { type: 'Error', code: 'EENVELOPE', responseCode: 550, message: expect.stringContaining('550 5.1.1 <[e-mail]>'), rejected: ['[e-mail]'] },
    });
  });

  it('masks an e-mail address written in the message itself or in any field', () => {
    const { logger, text } = capture();
    logger.warn('no answer from claire.durand@example.fr');
    logger.info({ detail: { note: 'sent to claire.durand@example.fr' } }, 'note');
    expect(text()).not.toContain('claire.durand');
    expect(text()).toContain('no answer from [e-mail]');
  });

  it('redacts fields named for personal data', () => {
    const { logger, lines, text } = capture();
    logger.info({ familyId: 'fam-1', email: 'x', person: { firstName: 'Zoé', lastName: 'Durand', childName: 'Zoé Durand' } }, 'identity');
    for (const secret of ['Zoé', 'Durand']) expect(text()).not.toContain(secret);
    expect(lines[0]).toMatchObject({ familyId: 'fam-1', email: '[redacted]', person: { firstName: '[redacted]' } });
  });

  it('leaves a request line as it was', () => {
    const { logger, lines } = capture();
    logger.info({ requestId: 'r-1', method: 'POST', route: '/api/families/:familyId/reservations', status: 201, ms: 3.2, role: 'parent' }, 'request');
    expect(lines[0]).toMatchObject({ requestId: 'r-1', method: 'POST', route: '/api/families/:familyId/reservations', status: 201, ms: 3.2, role: 'parent', instance: 'api-1' });
  });
});
