import { ProviderError } from '../errors.js';

interface SdkError {
  readonly name?: string;
  readonly status?: number;
  readonly headers?: Headers | Record<string, string>;
  readonly message?: string;
}

function header(headers: SdkError['headers'], name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  return (headers as Record<string, string>)[name];
}

/**
 * One line for any failure of an SDK call, as a ProviderError (exit 1). Works on both SDKs' error
 * classes by their shape (name, status, headers), so neither SDK is imported to check them. The
 * key is never part of the message.
 */
export function providerError(provider: string, where: string, timeoutMs: number, error: unknown): ProviderError {
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? '';
  let message: string;
  if (/Timeout/i.test(name) || /timed out/i.test(e.message ?? '')) {
    message = `${provider} did not answer within ${timeoutMs / 1000} s (${where})`;
  } else if (e.status === 401 || e.status === 403) {
    message = `${provider} refused the API key (${e.status}); check the key in the environment`;
  } else if (e.status === 429) {
    const after = header(e.headers, 'retry-after');
    message = `${provider} is rate limiting requests (429)${after === undefined ? '' : `; it asks to retry after ${after} s`}`;
  } else if (e.status !== undefined) {
    message = `${provider} answered ${e.status}: ${firstLine(e.message)}`;
  } else if (/Connection/i.test(name)) {
    message = `could not reach ${provider} at ${where}`;
  } else {
    message = `${provider} request failed: ${firstLine(e.message ?? String(error))}`;
  }
  return new ProviderError(message, 1, { cause: error });
}

const firstLine = (text: string | undefined): string => (text ?? '').split('\n')[0].slice(0, 300);
