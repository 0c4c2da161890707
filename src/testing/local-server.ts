import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fake server listening on 127.0.0.1: its port, and a close that does not wait on clients. */
export interface LocalServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 (`port` 0: any free one). `close` drops every connection first: clients
 * keep sockets alive and a scripted hang never ends, so a plain close would wait for them.
 */
export async function listenLocally(server: Server, port = 0): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
