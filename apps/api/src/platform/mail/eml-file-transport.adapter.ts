import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { messageIdFileStem } from './mail-message';
import type { MailTransport, OutgoingMail, TransportReceipt } from './mail-transport.port';
import { nodemailerOptions } from './nodemailer-options';

/**
 * The default transport when no SMTP server is configured: each message becomes
 * `<dir>/<Message-ID without brackets>.eml` (RFC 822, readable by any mail client). The file is
 * written to a temporary name, flushed, then renamed, so a reader never sees half a message;
 * a re-send of the same message after a crash replaces the same file, so one message is one
 * file, exactly.
 */
export class EmlFileTransport implements MailTransport {
  readonly kind = 'eml' as const;
  private readonly composer: Transporter;

  constructor(readonly dir: string) {
    this.composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  }

  pathOf(messageId: string): string {
    return join(this.dir, `${messageIdFileStem(messageId)}.eml`);
  }

  async send(mail: OutgoingMail): Promise<TransportReceipt> {
    const target = this.pathOf(mail.messageId);
    const info = await this.composer.sendMail(nodemailerOptions(mail));
    const bytes = info.message as Buffer;
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.${messageIdFileStem(mail.messageId)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const file = await open(temp, 'wx', 0o640);
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncDir(this.dir);
    return { response: `written ${target}` };
  }

  /** R17: deletes the message's file, and a temporary one a killed process left behind. */
  async forget(messageId: string): Promise<void> {
    const stem = messageIdFileStem(messageId);
    const temporary = (await readdir(this.dir).catch(() => [] as string[])).filter((name) => name.startsWith(`.${stem}.`) && name.endsWith('.tmp'));
    await Promise.all([this.pathOf(messageId), ...temporary.map((name) => join(this.dir, name))].map((file) => rm(file, { force: true })));
    await syncDir(this.dir).catch(() => undefined); // no folder yet: nothing was written
  }

  close(): void {
    this.composer.close();
  }
}

/** Makes the rename itself durable (the directory entry), where the platform allows it. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await handle.close();
  }
}
