import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FleetError, UsageError } from '../core/index.js';
import type { DashboardAppOptions } from './app.js';
import { isLoopback } from './auth.js';

export const DEFAULT_DASHBOARD_PORT = 8787;
export const DEFAULT_DASHBOARD_HOST = '127.0.0.1';

export interface DashboardOptions extends DashboardAppOptions {
  /** Default 127.0.0.1. Any other than a loopback address needs `token`. */
  readonly host?: string;
  /** Default 8787; 0 picks a free port. */
  readonly port?: number;
}

export interface RunningDashboard {
  /** http://host:port/ as it listens (the port it got when 0 was asked). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops listening and ends open connections (polling pages keep theirs alive). */
  close(): Promise<void>;
}

/**
 * The address to serve on, checked before anything is opened: a port in [0, 65535], and a host
 * other than loopback only with a token, since the API would show the fleet to the network.
 * UsageError otherwise.
 */
export function checkDashboardAddress(options: Pick<DashboardOptions, 'host' | 'port' | 'token'>): {
  host: string;
  port: number;
} {
  const host = options.host ?? DEFAULT_DASHBOARD_HOST;
  const port = options.port ?? DEFAULT_DASHBOARD_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port must be a whole number from 0 to 65535, got ${port}`);
  if (options.token !== undefined && options.token.trim() === '')
    throw new UsageError('FLEET_DASHBOARD_TOKEN is empty: set it to a secret, or unset it');
  if (!isLoopback(host) && options.token === undefined)
    throw new UsageError(
      `--host ${host} is reachable from other machines: set FLEET_DASHBOARD_TOKEN (a long random secret) to serve there`,
    );
  return { host, port };
}

/**
 * Serves the dashboard until closed. Refuses (UsageError) a host other than loopback without a
 * token, since its API would then show the fleet to the network; a port in use is a FleetError
 * naming it. The HTTP framework is loaded here, so importing the library does not load it.
 */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const { host, port } = checkDashboardAddress(options);
  const [{ createAdaptorServer }, { dashboardApp }] = await Promise.all([
    import('@hono/node-server'),
    import('./app.js'),
  ]);
  const app = dashboardApp(options);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await listen(server, host, port);
  const bound = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${bound}/`,
    host,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(listenError(error, host, port));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): FleetError {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE')
    return new FleetError(`port ${port} on ${host} is already in use: choose another with --port`, 1, {
      cause: error,
    });
  if (error.code === 'EACCES') return new FleetError(`not allowed to listen on ${where}`, 1, { cause: error });
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
    return new UsageError(`--host ${host} is not an address of this machine`, { cause: error });
  return new FleetError(`cannot listen on ${where}: ${error.message}`, 1, { cause: error });
}
