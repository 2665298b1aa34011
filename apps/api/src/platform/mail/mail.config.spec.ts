import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import Database from 'better-sqlite3';
import { EmlFileTransport } from './eml-file-transport.adapter';
import { createMail, createMailTransport } from './mail.config';
import { MAIL_OUTBOX, MailModule } from './mail.module';
import type { Scheduler } from './mail-dispatch.timer';
import { SmtpMailTransport } from './smtp-mail-transport.adapter';

describe('createMailTransport', () => {
  it('writes .eml files under PERISCOL_DATA_DIR/outbox by default', () => {
    const transport = createMailTransport({ PERISCOL_DATA_DIR: '/srv/periscol' });
    expect(transport).toBeInstanceOf(EmlFileTransport);
    expect((transport as EmlFileTransport).dir).toBe('/srv/periscol/outbox');
    transport.close();
  });

  it('uses SMTP when SMTP_URL is set', () => {
    const transport = createMailTransport({ SMTP_URL: 'smtp://127.0.0.1:2525', PERISCOL_DATA_DIR: '/srv/periscol' });
    expect(transport).toBeInstanceOf(SmtpMailTransport);
    transport.close();
  });
});

describe('MailModule', () => {
  it('exposes the outbox and starts then stops the dispatch timer with the app', async () => {
    const armed: number[] = [];
    const cleared: unknown[] = [];
    const scheduler: Scheduler = {
      setTimeout: (_run, delayMs) => armed.push(delayMs),
      clearTimeout: (handle) => cleared.push(handle),
    };
    const mail = createMail({ PERISCOL_DATA_DIR: '/nonexistent' }, { db: new Database(':memory:'), scheduler });
    const app = (await Test.createTestingModule({ imports: [MailModule.register(mail)] }).compile()).createNestApplication();
    await app.init();
    expect(app.get(MAIL_OUTBOX)).toBe(mail.outbox);
    expect(armed).toEqual([0]);
    await app.close();
    expect(cleared).toEqual([1]);
  });
});
