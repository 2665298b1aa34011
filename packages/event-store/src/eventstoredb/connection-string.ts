/**
 * Connection strings as @eventstore/db-client 6.2.1 reads them, checked before the client is
 * built so that a mistake stops the process at start with a reason, never with a password:
 *
 * - only `esdb://` (one node, or `host1:2113,host2:2113,…` for a cluster) and `esdb+discover://`
 *   (DNS discovery), in lower case: `kurrentdb://` and `kurrent://` belong to the newer
 *   `@kurrent/kurrentdb-client`, and this client refuses them;
 * - no `throwOnAppendFailure=false`: the client would then resolve a conflicting append with
 *   `success: false` (and, for batch appends, a meaningless revision) instead of rejecting it;
 * - no `tlsVerifyCert=false`: this client ignores it; a private CA is given with `tlsCAFile=`.
 *
 * No import of the client here: the application's configuration checks strings with it.
 */
export interface ConnectionSettings {
  /** `defaultDeadline` (ms), which the adapter applies to reads as well. */
  readonly defaultDeadlineMs?: number;
}

const ACCEPTED = 'esdb:// (one node, or a comma-separated list of the cluster nodes) or esdb+discover:// (DNS discovery), in lower case';

/** Why `connectionString` cannot be used, or undefined. The text never repeats the string. */
export function connectionStringProblem(connectionString: string): string | undefined {
  const scheme = /^\s*([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(connectionString)?.[1];
  if (scheme !== 'esdb' && scheme !== 'esdb+discover') {
    const named = scheme === undefined ? 'it has no scheme' : `"${scheme}://" is not read by @eventstore/db-client 6.2.1`;
    const instead = scheme?.toLowerCase().startsWith('kurrent') || scheme?.toLowerCase().startsWith('esdb') ? `; write ${scheme.toLowerCase().endsWith('+discover') ? 'esdb+discover://' : 'esdb://'} with the same hosts and options` : '';
    return `${named}: it reads ${ACCEPTED}${instead}`;
  }
  const options = queryOptions(connectionString);
  if (options.get('throwonappendfailure') === 'false') {
    return 'throwOnAppendFailure=false makes the client resolve a conflicting append as success: false instead of rejecting it, which no retry sees: remove it';
  }
  if (options.get('tlsverifycert') === 'false') {
    return 'tlsVerifyCert=false is ignored by @eventstore/db-client 6.2.1 (the certificate is checked anyway): give the CA that signed the server certificate with tlsCAFile=/path/to/ca.crt';
  }
  return undefined;
}

export function connectionSettings(connectionString: string): ConnectionSettings {
  const deadline = Number.parseInt(queryOptions(connectionString).get('defaultdeadline') ?? '', 10);
  return Number.isSafeInteger(deadline) && deadline > 0 ? { defaultDeadlineMs: deadline } : {};
}

/** The query options, keys in the client's flat case (`throwOnAppendFailure` → `throwonappendfailure`). */
function queryOptions(connectionString: string): Map<string, string> {
  const query = connectionString.trim().split('?').slice(1).join('&');
  const options = new Map<string, string>();
  for (const pair of query.split('&')) {
    const [key, value = ''] = pair.split('=');
    if (key) options.set(key.trim().toLowerCase().replace(/[_-]/g, ''), value.trim().toLowerCase());
  }
  return options;
}
