import { UsageError } from '../core/index.js';

export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  /** The URL with any password replaced by `****`, safe for messages and logs. */
  readonly masked: string;
}

/** Hides the password of anything that looks like `scheme://user:password@…`, parsable or not. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@]*@/i, '$1:****@');
}

/** Checks a postgres:// URL without ever putting its password in an error. */
export function parseDatabaseUrl(url: string): ServerAddress {
  const masked = maskUrl(url.trim());
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new UsageError(`DATABASE_URL is not a postgres:// URL: ${masked}`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new UsageError(`DATABASE_URL is not a postgres:// URL: ${masked}`);
  if (parsed.hostname === '')
    throw new UsageError(`DATABASE_URL names no host: ${masked} (expected postgres://user@host:5432/db)`);
  const port = parsed.port === '' ? 5432 : Number(parsed.port);
  return { host: parsed.hostname, port, masked };
}
