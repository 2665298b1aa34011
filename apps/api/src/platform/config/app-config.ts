import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { DEFAULT_MAX_AMOUNT_CENTS, DEFAULT_MAX_BALANCE_CENTS, MAX_REPRESENTABLE_CENTS } from '@periscol/reservation-domain';
import { payfipConfigOf, payfipEnvShape, type PayfipConfig } from '../../payments/providers/payfip/payfip.config';

/**
 * The API's configuration, read once from the environment at start-up and validated with zod.
 * A bad value stops start-up with one line per problem (see `ConfigError.lines`).
 *
 * `PERISCOL_DEMO` is off unless set, so a production deployment never hands out demo tokens by
 * accident. The main command turns it on by passing `--demo` (→ `loadConfig(env, { demoByDefault:
 * true })`), which only changes the default: `PERISCOL_DEMO=0 npm start` still runs without demo.
 * The lead sets `"start": "npm run build && node apps/api/dist/main.js --demo"` in package.json.
 */
export interface AppConfig {
  readonly port: number;
  /** Absolute path of the folder for SQLite files and the e-mail outbox. */
  readonly dataDir: string;
  /**
   * R22: where absences' proofs are kept (one folder per family); default `<dataDir>/absence-proofs`.
   * Hosts sharing one store must share this folder too (a network volume), so that any of them
   * serves a proof and an erasure deletes it.
   */
  readonly absenceProofsDir?: string;
  readonly demo: boolean;
  /** Absolute path of the municipality's catalog file; null → the demo municipality. */
  readonly municipalityFile: string | null;
  readonly holdMinutes: number;
  /** Most one amount may be (a credit, a refund, an order), and most a family's credit may reach (cents). */
  readonly maxAmountCents: number;
  readonly maxBalanceCents: number;
  /** Set → EventStoreDB instead of the embedded SQLite store. */
  readonly eventStoreConnectionString: string | null;
  /** Set → PostgreSQL instead of the embedded SQLite store (never both). */
  readonly postgresConnectionString: string | null;
  /** Set → Stripe instead of the simulated payment provider. Outside demo mode, the simulated
   * provider needs `PERISCOL_PAYMENTS=simulated` (else start-up is refused; with it, a warning at each start). */
  readonly stripe: { readonly secretKey: string; readonly webhookSecret: string } | null;
  /** Set (`PERISCOL_PAYMENTS=payfip`) → PayFiP instead of the simulated payment provider. */
  readonly payfip: PayfipConfig | null;
  /** Set → SMTP instead of `.eml` files in `${dataDir}/outbox`. */
  readonly smtpUrl: string | null;
  readonly jwtSecret: string;
  /** Base URL the outside world reaches this server at (payment return URLs, e-mails), no trailing slash. */
  readonly publicUrl: string;
  /** Names this process among several sharing one store (logs, checkpoints). */
  readonly instanceId: string;
  readonly logLevel: LogLevel;
  /** Largest JSON body accepted, in bytes. */
  readonly bodyLimitBytes: number;
  /** Requests per minute and client for each budget; 0 turns a budget off. */
  readonly rateLimits: RateLimits;
  /** Reverse proxies in front of this server whose `X-Forwarded-For` is believed (0: none). */
  readonly trustProxyHops: number;
}

/**
 * Per client (address, and verified bearer subject on the API) and per minute, in memory per
 * process. `api` is every other `/api/` request; `auth` the token route; `webhook` the payment
 * webhooks; `pay` the simulated payment pages.
 */
export interface RateLimits {
  readonly api: number;
  readonly auth: number;
  readonly webhook: number;
  readonly pay: number;
}

/** Generous for a family using the portal (a page view is a handful of requests). */
export const DEFAULT_RATE_LIMITS: RateLimits = { api: 600, auth: 30, webhook: 120, pay: 60 };
export const NO_RATE_LIMITS: RateLimits = { api: 0, auth: 0, webhook: 0, pay: 0 };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Injection token of the `AppConfig` object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Used only in demo mode, where every token is a demo token anyway. */
export const DEMO_JWT_SECRET = 'periscol-demo-secret-do-not-use-in-production';
export const MIN_JWT_SECRET_LENGTH = 32;
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Variables whose value is never echoed in an error line. */
const SECRET_VARIABLES = new Set(['PERISCOL_JWT_SECRET', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'SMTP_URL', 'EVENTSTORE_CONNECTION_STRING', 'PERISCOL_POSTGRES_URL', 'DATABASE_URL']);

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIGURATION' as const;
  constructor(readonly lines: readonly string[]) {
    super(`Invalid configuration:\n${lines.map((line) => `  - ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Value of `demo` when PERISCOL_DEMO is unset (the main command passes true). */
  readonly demoByDefault?: boolean;
  /** Base of relative paths (default: process.cwd()). */
  readonly cwd?: string;
}

// Unset and empty are the same thing (docker-compose and shells often export `VAR=`).
const optionalText = z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.string().trim().optional());

/** Option keys as the EventStoreDB client reads them: case, `-` and `_` do not count. */
const flatCase = (text: string): string => text.toLowerCase().replace(/[_-]/g, '');

const booleanText = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((text) => ['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'].includes(text), { message: 'must be 1/true/yes/on or 0/false/no/off' })
    .transform((text) => ['1', 'true', 'yes', 'on'].includes(text))
    .optional(),
);

function integerText(min: number, max: number) {
  return optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, { message: `must be a whole number between ${min} and ${max}` })
      .transform(Number)
      .refine((n) => n >= min && n <= max, { message: `must be a whole number between ${min} and ${max}` })
      .optional(),
  );
}

const envSchema = z
  .object({
    PORT: integerText(0, 65535),
    PERISCOL_DATA_DIR: optionalText,
    PERISCOL_ABSENCE_PROOFS_DIR: optionalText,
    PERISCOL_DEMO: booleanText,
    PERISCOL_MUNICIPALITY_FILE: optionalText,
    PERISCOL_HOLD_MINUTES: integerText(1, 24 * 60),
    PERISCOL_MAX_AMOUNT_CENTS: integerText(1, MAX_REPRESENTABLE_CENTS),
    PERISCOL_MAX_BALANCE_CENTS: integerText(1, MAX_REPRESENTABLE_CENTS),
    // What @eventstore/db-client 6.2.1 reads (not kurrentdb://), without the options the store
    // refuses: the same rules as the adapter's `connectionStringProblem`.
    EVENTSTORE_CONNECTION_STRING: optionalText.pipe(
      z
        .string()
        .regex(/^(esdb|esdb\+discover):\/\/\S+$/, {
          message: 'must be an EventStoreDB connection string starting with esdb:// or esdb+discover://, such as esdb://localhost:2113?tls=false',
        })
        .refine((text) => !/[?&]throwonappendfailure=false(&|$)/.test(flatCase(text)), {
          message: 'must not set throwOnAppendFailure=false (a conflicting append would then look successful to the store)',
        })
        .refine((text) => !/[?&]tlsverifycert=false(&|$)/.test(flatCase(text)), {
          message: 'must not set tlsVerifyCert=false, which the client ignores: give the CA certificate with tlsCAFile=',
        })
        .optional(),
    ),
    PERISCOL_POSTGRES_URL: optionalText.pipe(
      z
        .string()
        .refine((text) => /^postgres(ql)?:\/\/\S+$/.test(text) && URL.canParse(text), { message: 'must be a PostgreSQL URL such as postgres://periscol@db.example.fr:5432/periscol' })
        .optional(),
    ),
    // The name hosting platforms give a PostgreSQL URL; PERISCOL_POSTGRES_URL says the same.
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .refine((text) => /^postgres(ql)?:\/\/\S+$/.test(text) && URL.canParse(text), { message: 'must be a PostgreSQL URL such as postgres://periscol@db.example.fr:5432/periscol' })
        .optional(),
    ),
    STRIPE_SECRET_KEY: optionalText.pipe(z.string().regex(/^(sk|rk)_(test|live)_\S+$/, { message: 'must be a Stripe secret key (sk_test_…, sk_live_…)' }).optional()),
    STRIPE_WEBHOOK_SECRET: optionalText.pipe(z.string().regex(/^whsec_\S+$/, { message: 'must be a Stripe webhook signing secret (whsec_…)' }).optional()),
    SMTP_URL: optionalText.pipe(
      z
        .string()
        .refine((text) => /^smtps?:\/\/[^/\s]+/.test(text) && URL.canParse(text), { message: 'must be an smtp:// or smtps:// URL' })
        .optional(),
    ),
    PERISCOL_JWT_SECRET: optionalText.pipe(
      z.string().min(MIN_JWT_SECRET_LENGTH, { message: `must be at least ${MIN_JWT_SECRET_LENGTH} characters long` }).optional(),
    ),
    PUBLIC_URL: optionalText.pipe(
      z
        .string()
        .refine((text) => /^https?:\/\//.test(text) && URL.canParse(text), { message: 'must be an http:// or https:// URL' })
        // Return addresses are built as `${PUBLIC_URL}/#/…`: a query, a fragment or credentials would break them.
        .refine((text) => !URL.canParse(text) || !/[?#@]/.test(text.replace(/^https?:\/\//, '')), {
          message: 'must be the bare address parents use, such as https://periscol.ville.fr (no ?query, #fragment or user@)',
        })
        .optional(),
    ),
    PERISCOL_INSTANCE_ID: optionalText.pipe(
      z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1 to 64 letters, digits, "-", "_" or "."' }).optional(),
    ),
    PERISCOL_LOG_LEVEL: optionalText.pipe(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).optional()),
    PERISCOL_PAYMENTS: optionalText.pipe(z.enum(['simulated', 'payfip'], { message: 'must be "simulated" or "payfip" (Stripe is chosen by STRIPE_SECRET_KEY)' }).optional()),
    ...payfipEnvShape,
    PERISCOL_RATE_LIMIT_PER_MINUTE: integerText(0, 1_000_000),
    PERISCOL_RATE_LIMIT_AUTH_PER_MINUTE: integerText(0, 1_000_000),
    PERISCOL_RATE_LIMIT_WEBHOOK_PER_MINUTE: integerText(0, 1_000_000),
    PERISCOL_RATE_LIMIT_PAY_PER_MINUTE: integerText(0, 1_000_000),
    PERISCOL_TRUST_PROXY_HOPS: integerText(0, 10),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
      const missing = env.STRIPE_SECRET_KEY ? 'STRIPE_WEBHOOK_SECRET' : 'STRIPE_SECRET_KEY';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'must be set too: Stripe needs both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET' });
    }
    if (env.PERISCOL_PAYMENTS && env.STRIPE_SECRET_KEY) {
      ctx.addIssue({ code: 'custom', path: ['PERISCOL_PAYMENTS'], message: `${env.PERISCOL_PAYMENTS} payments and Stripe exclude each other: unset one of PERISCOL_PAYMENTS, STRIPE_SECRET_KEY` });
    }
  });

/** Parses the environment; throws `ConfigError` listing every problem at once. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, options: LoadConfigOptions = {}): AppConfig {
  const cwd = options.cwd ?? process.cwd();
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      const raw = env[name];
      const shown = raw === undefined || SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(raw)})`;
      problems.push(`${name}: ${issue.message}${shown}`);
    }
    throw new ConfigError(problems);
  }
  const vars = parsed.data;
  const demo = vars.PERISCOL_DEMO ?? options.demoByDefault ?? false;
  const port = vars.PORT ?? 3000;

  let municipalityFile: string | null = null;
  if (vars.PERISCOL_MUNICIPALITY_FILE) {
    municipalityFile = path.resolve(cwd, vars.PERISCOL_MUNICIPALITY_FILE);
    if (!isReadableFile(municipalityFile)) problems.push(`PERISCOL_MUNICIPALITY_FILE: no readable file at ${municipalityFile}`);
  }
  if (!vars.PERISCOL_JWT_SECRET && !demo) {
    problems.push(`PERISCOL_JWT_SECRET: required outside demo mode (at least ${MIN_JWT_SECRET_LENGTH} random characters)`);
  }
  // The simulated « Payer » takes no money but issues tickets: never by default outside demo mode.
  if (!demo && !vars.STRIPE_SECRET_KEY && vars.PERISCOL_PAYMENTS === undefined) {
    problems.push('PERISCOL_PAYMENTS: a payment provider is required outside demo mode: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or PERISCOL_PAYMENTS=payfip with the PAYFIP_ settings, or PERISCOL_PAYMENTS=simulated for a test installation (« Payer » then takes no money)');
  }
  const payfip = payfipConfigOf(vars, vars.PERISCOL_PAYMENTS === 'payfip', demo);
  problems.push(...payfip.problems);
  const postgresUrl = vars.PERISCOL_POSTGRES_URL ?? vars.DATABASE_URL;
  if (vars.PERISCOL_POSTGRES_URL && vars.DATABASE_URL && vars.PERISCOL_POSTGRES_URL !== vars.DATABASE_URL) {
    problems.push('DATABASE_URL: differs from PERISCOL_POSTGRES_URL; give one PostgreSQL URL');
  }
  if (vars.EVENTSTORE_CONNECTION_STRING && postgresUrl) {
    problems.push('PERISCOL_POSTGRES_URL: choose one store, EventStoreDB (EVENTSTORE_CONNECTION_STRING) or PostgreSQL, not both');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port,
    dataDir: path.resolve(cwd, vars.PERISCOL_DATA_DIR ?? './var'),
    ...(vars.PERISCOL_ABSENCE_PROOFS_DIR ? { absenceProofsDir: path.resolve(cwd, vars.PERISCOL_ABSENCE_PROOFS_DIR) } : {}),
    demo,
    municipalityFile,
    holdMinutes: vars.PERISCOL_HOLD_MINUTES ?? 60,
    maxAmountCents: vars.PERISCOL_MAX_AMOUNT_CENTS ?? DEFAULT_MAX_AMOUNT_CENTS,
    maxBalanceCents: vars.PERISCOL_MAX_BALANCE_CENTS ?? DEFAULT_MAX_BALANCE_CENTS,
    eventStoreConnectionString: vars.EVENTSTORE_CONNECTION_STRING ?? null,
    postgresConnectionString: postgresUrl ?? null,
    stripe: vars.STRIPE_SECRET_KEY && vars.STRIPE_WEBHOOK_SECRET ? { secretKey: vars.STRIPE_SECRET_KEY, webhookSecret: vars.STRIPE_WEBHOOK_SECRET } : null,
    payfip: payfip.config,
    smtpUrl: vars.SMTP_URL ?? null,
    jwtSecret: vars.PERISCOL_JWT_SECRET ?? DEMO_JWT_SECRET,
    publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    instanceId: vars.PERISCOL_INSTANCE_ID ?? 'api',
    logLevel: vars.PERISCOL_LOG_LEVEL ?? 'info',
    bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
    rateLimits: {
      api: vars.PERISCOL_RATE_LIMIT_PER_MINUTE ?? DEFAULT_RATE_LIMITS.api,
      auth: vars.PERISCOL_RATE_LIMIT_AUTH_PER_MINUTE ?? DEFAULT_RATE_LIMITS.auth,
      webhook: vars.PERISCOL_RATE_LIMIT_WEBHOOK_PER_MINUTE ?? DEFAULT_RATE_LIMITS.webhook,
      pay: vars.PERISCOL_RATE_LIMIT_PAY_PER_MINUTE ?? DEFAULT_RATE_LIMITS.pay,
    },
    trustProxyHops: vars.PERISCOL_TRUST_PROXY_HOPS ?? 0,
  };
}

function isReadableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
