import nodemailer, { type Transporter } from 'nodemailer';
import type { MailTransport, OutgoingMail, TransportReceipt } from './mail-transport.port';
import { nodemailerOptions } from './nodemailer-options';

export interface SmtpTimeouts {
  readonly connectionTimeoutMs?: number;
  readonly greetingTimeoutMs?: number;
  readonly socketTimeoutMs?: number;
}

/**
 * SMTP through nodemailer (`SMTP_URL`, e.g. `smtp://user:pass@smtp.example.org:587`). The
 * timeouts bound an attempt (about 2 min at most); the dispatcher renews the outbox lease while
 * it runs, so its row is never handed to another dispatcher meanwhile.
 */
export class SmtpMailTransport implements MailTransport {
  readonly kind = 'smtp' as const;
  private readonly transporter: Transporter;

  constructor(url: string, timeouts: SmtpTimeouts = {}) {
    this.transporter = nodemailer.createTransport({
      url,
      connectionTimeout: timeouts.connectionTimeoutMs ?? 30_000,
      greetingTimeout: timeouts.greetingTimeoutMs ?? 30_000,
      socketTimeout: timeouts.socketTimeoutMs ?? 60_000,
    });
  }

  async send(mail: OutgoingMail): Promise<TransportReceipt> {
    const info = await this.transporter.sendMail(nodemailerOptions(mail));
    return { response: String(info.response) };
  }

  close(): void {
    this.transporter.close();
  }
}
