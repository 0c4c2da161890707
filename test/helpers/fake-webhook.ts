import { createServer } from 'node:http';
import { type LocalServer, listenLocally } from '../../src/testing/local-server.js';

/** How the fake webhook answers the next requests: accept, fail with a status, or never answer. */
export type WebhookAnswer =
  | { readonly kind: 'ok' }
  | { readonly kind: 'status'; readonly status: number }
  /** Never answers (the sender's timeout fires). */
  | { readonly kind: 'hang' }
  /** Takes the delivery (it counts as received) and never answers: the sender cannot know it arrived. */
  | { readonly kind: 'accept-and-hang' };

export interface WebhookDelivery {
  readonly key: string;
  readonly body: Record<string, unknown>;
}

export interface FakeWebhook {
  /** http://127.0.0.1:PORT/hook */
  readonly url: string;
  /** Every request accepted with 2xx, resends included. */
  readonly received: WebhookDelivery[];
  /** Accepted requests deduplicated by Idempotency-Key, as a careful receiver keeps them. */
  unique(): WebhookDelivery[];
  /** Requests answered so far, however they were answered. */
  readonly requests: () => number;
  /** The next answers in order; after them every request is accepted. */
  script(...answers: WebhookAnswer[]): void;
  /** Stops listening (a connection to it is refused) until `listen` again on the same port. */
  stop(): Promise<void>;
  listen(): Promise<void>;
  /** Resolves once `count` requests were accepted. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 for notifier tests: real HTTP, scriptable failures. */
export async function startFakeWebhook(): Promise<FakeWebhook> {
  const received: WebhookDelivery[] = [];
  const answers: WebhookAnswer[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let requests = 0;
  let listening: LocalServer;
  const make = () => {
    const created = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests += 1;
        const answer = answers.shift() ?? { kind: 'ok' };
        if (answer.kind === 'hang') return;
        if (answer.kind === 'status') {
          response.writeHead(answer.status).end();
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        received.push({ key: String(request.headers['idempotency-key']), body });
        if (answer.kind === 'ok') response.writeHead(204).end();
        for (const waiter of waiters.filter((w) => received.length >= w.count)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      });
    });
    return created;
  };
  const listenOn = async (port: number) => {
    listening = await listenLocally(make(), port);
    return listening.port;
  };
  const stop = () => listening.close();
  const port = await listenOn(0);
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    unique: () => received.filter((delivery, index) => received.findIndex((d) => d.key === delivery.key) === index),
    requests: () => requests,
    script: (...next) => answers.push(...next),
    stop,
    listen: async () => {
      await listenOn(port);
    },
    waitFor: (count) =>
      received.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: stop,
  };
}
