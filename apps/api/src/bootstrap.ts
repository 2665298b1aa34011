import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from './app.factory';
import { AppConfig, ConfigError, DEMO_JWT_SECRET, loadConfig } from './platform/config/app-config';
import { checkPublicUrl } from './platform/config/public-url';
import { DEMO_FAMILIES } from './demo/demo-families';

export interface StartOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Command-line arguments; `--demo` turns demo mode on unless PERISCOL_DEMO says otherwise. */
  readonly argv: readonly string[];
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Passed to createApp (tests: clock, logger…). */
  readonly overrides?: Parameters<typeof createApp>[1];
}

export type StartResult = { readonly ok: true; readonly app: NestExpressApplication; readonly url: string } | { readonly ok: false; readonly exitCode: number };

/**
 * What `main.ts` does, testable in-process: reads the configuration (a bad one → one line per
 * problem, no stack trace, exit code 1), starts the server, prints where the portal is and how
 * to sign in as a demo family.
 */
export async function start(options: StartOptions): Promise<StartResult> {
  let config: AppConfig;
  try {
    config = loadConfig(options.env, { demoByDefault: options.argv.includes('--demo') });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    options.err('Periscol cannot start: invalid configuration');
    for (const line of error.lines) options.err(`  - ${line}`);
    return { ok: false, exitCode: 1 };
  }
  const publicUrl = checkPublicUrl(config, options.env);
  if (publicUrl.refusal) {
    options.err('Periscol cannot start: invalid configuration');
    options.err(`  - ${publicUrl.refusal}`);
    return { ok: false, exitCode: 1 };
  }

  const app = await createApp(config, options.overrides);
  app.enableShutdownHooks();
  await app.listen(config.port);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  for (const line of startupBanner(config, url)) options.out(line);
  for (const line of [...startupWarnings(config), ...publicUrl.warnings]) options.err(line);
  return { ok: true, app, url };
}

/** What an operator must not miss (standard error): demo mode hands out every role to anyone. */
export function startupWarnings(config: AppConfig): string[] {
  if (!config.demo) return [];
  const secret =
    config.jwtSecret === DEMO_JWT_SECRET
      ? 'and its tokens are signed with a public secret (DEMO_JWT_SECRET, in the source code): anyone can forge them'
      : 'and it issues them without any check';
  return [`WARNING: demo mode: POST /api/auth/demo-token gives any role to anyone, ${secret}. Never expose a demo server to the Internet.`];
}

export function startupBanner(config: AppConfig, url: string): string[] {
  const lines = [
    `Periscol is listening on ${url} (instance ${config.instanceId}, store ${config.eventStoreConnectionString ? 'EventStoreDB' : config.postgresConnectionString ? 'PostgreSQL' : `SQLite in ${config.dataDir}`})`,
    `  Portail des familles : ${url}/`,
    `  API documentation    : ${url}/api/docs`,
  ];
  if (config.demo) {
    lines.push(
      '  Demo mode is ON (PERISCOL_DEMO=0 to turn it off). To sign in as a demo family, open the portal and pick a family,',
      `  or get a token: curl -X POST ${url}/api/auth/demo-token -H 'Content-Type: application/json' -d '{"role":"parent","familyId":"<id>"}'`,
      `  (admin: -d '{"role":"admin"}'). Demo families (GET ${url}/api/demo/families):`,
      ...DEMO_FAMILIES.map(({ familyId, name }) => `    ${familyId.padEnd(18)} ${name}`),
    );
  }
  return lines;
}
