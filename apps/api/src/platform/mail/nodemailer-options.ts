import type { SendMailOptions } from 'nodemailer';
import type { OutgoingMail } from './mail-transport.port';

/** nodemailer's message options for an outgoing mail. Content comes from memory only: URL and
 * file access are disabled, so a message can never pull in a local file or a remote URL. */
export function nodemailerOptions(mail: OutgoingMail): SendMailOptions {
  return {
    messageId: mail.messageId,
    date: mail.date,
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html === undefined ? {} : { html: mail.html }),
    headers: { ...mail.headers },
    attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
