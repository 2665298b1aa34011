import pino from 'pino';

/** Fields that hold personal data by their name (R17), at the top of a log line or one level down. */
export const PERSONAL_DATA_PATHS = ['email', 'recipient', 'firstName', 'lastName', 'childName'].flatMap((key) => [key, `*.${key}`]);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** `… <zoe@example.fr> …` → `… <[e-mail]> …`. */
export function maskEmails(text: string): string {
  return text.includes('@') ? text.replace(EMAIL, '[e-mail]') : text;
}

/**
 * `value` with the e-mail addresses of every string inside it (plain objects and arrays) masked;
 * the same object when there was none, so a usual log line costs no copy.
 */
export function maskEmailsDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskEmails(value);
  if (depth > 5 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const masked = value.map((item: unknown) => maskEmailsDeep(item, depth + 1));
    return masked.some((item, i) => item !== value[i]) ? masked : value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value; // an Error goes through its serializer
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const masked = maskEmailsDeep(item, depth + 1);
    if (masked !== item) (copy ??= { ...value })[key] = masked;
  }
  return copy ?? value;
}

/**
 * pino's error serializer, e-mail addresses masked in the message, the stack and every field:
 * an SMTP refusal names its recipient (`550 <…@…>`, `rejected`, `RCPT TO:<…>`).
 */
export function errorWithoutEmails(error: Error): unknown {
  return maskEmailsDeep({ ...pino.stdSerializers.err(error) });
}
