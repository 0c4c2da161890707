import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

export interface TcpRelay {
  /** Listens (again, on the same port after the first time) and forwards every connection. */
  start(): Promise<void>;
  /** Cuts every connection and stops listening, as a network outage or a server restart would. */
  stop(): Promise<void>;
  /** The target's URL with the relay in its place, for database `db`. */
  url(db: string): string;
}

/** A TCP relay to a Postgres server that a test can cut and restore. */
export function tcpRelay(target: URL): TcpRelay {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      const listening = createServer((client) => {
        const upstream = tcpConnect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server = listening;
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as { port: number }).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server?.close(() => resolve());
    });
  return { start, stop, url: (db: string) => `postgres://${target.username}@127.0.0.1:${port}/${db}` };
}
