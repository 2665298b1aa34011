import { z } from 'zod';
import { InvalidMailError } from './mail.errors';

export interface MailAttachment {
  /** Shown to the recipient; no path separators. */
  readonly filename: string;
  readonly content: Buffer;
  readonly contentType: string;
}

/** A message as the outbox takes it. */
export interface MailMessage {
  /**
   * Stable Message-ID derived from what the message is about (e.g. the ticket number:
   * `<R-2026-000001@periscol.local>`): the outbox key, the `.eml` file name, and what lets a
   * receiver recognise a re-send after a crash. Letters, digits, `.`, `_`, `+`, `-` only.
   */
  readonly messageId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments: readonly MailAttachment[];
}

const MESSAGE_ID = /^<[A-Za-z0-9._+-]{1,100}@[A-Za-z0-9.-]{1,100}>$/;
const noLineBreak = (s: string) => !/[\r\n]/.test(s);

const mailMessageSchema = z.object({
  messageId: z.string().regex(MESSAGE_ID, 'expected <local@domain> with letters, digits, ".", "_", "+", "-"'),
  to: z.email(),
  subject: z.string().trim().min(1).max(250).refine(noLineBreak, 'no line break in a subject'),
  text: z.string().min(1),
  html: z.string().min(1).optional(),
  attachments: z
    .array(
      z.object({
        filename: z
          .string()
          .min(1)
          .max(200)
          .refine((name) => !/[/\\\0]/.test(name) && noLineBreak(name), 'no path separator in a file name'),
        content: z.instanceof(Buffer),
        contentType: z.string().regex(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/i, 'expected type/subtype'),
      }),
    )
    .max(10),
});

/** @throws InvalidMailError */
export function parseMailMessage(input: MailMessage): MailMessage {
  const result = mailMessageSchema.safeParse(input);
  if (!result.success) throw new InvalidMailError('invalid e-mail message', result.error.issues);
  return input;
}

/** `<R-2026-000001@periscol.local>` → `R-2026-000001@periscol.local` (safe as a file name: the
 * Message-ID grammar above allows no `/`). */
export function messageIdFileStem(messageId: string): string {
  if (!MESSAGE_ID.test(messageId)) throw new InvalidMailError(`invalid Message-ID ${messageId}`);
  return messageId.slice(1, -1);
}
