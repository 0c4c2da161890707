/**
 * pglite-socket 0.2 serialises the messages of its clients one at a time, keeping one client's
 * turn only inside a transaction. Outside one, an extended-protocol exchange (Parse, Bind,
 * Describe, Execute … Sync) of one client can be cut by another's: client B's Parse replaces
 * the unnamed statement client A is about to Bind, and A's parameters meet B's statement. That
 * is silent corruption, so the owner keeps a client's turn until its exchange ends: a Sync, a
 * simple Query, a Terminate, or a start-up packet. Written against the queue's own fields
 * (pinned version); docs/storage.md explains it.
 */

interface QueuedMessage {
  readonly handlerId: number;
  readonly message: Uint8Array;
  readonly onData: (data: Uint8Array) => void;
  readonly resolve: (bytes: number) => void;
  readonly reject: (error: unknown) => void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<unknown>;
  };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const PROTOCOL_3 = 196_608;

/** Whether a message ends a client's exchange, so another client may take the next turn. */
function endsExchange(message: Uint8Array): boolean {
  const type = message[0];
  if (type === SYNC || type === QUERY || type === TERMINATE) return true;
  // A start-up packet has no type byte: length, then the protocol version.
  if (message.length >= 8) {
    const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
    if (view.getInt32(4) === PROTOCOL_3) return true;
  }
  return false;
}

export function keepExchangesWhole(server: unknown): void {
  const queue = (server as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || !Array.isArray(queue.queue) || typeof queue.processQueue !== 'function') {
    throw new Error('pglite-socket changed: its query queue is not where fleet expects it');
  }
  let midExchange: number | null = null;

  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        // The client whose exchange or transaction is open keeps the turn; if it has nothing
        // queued yet, everyone waits for its next message (its enqueue restarts processing).
        const owner = midExchange ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const index = owner === null ? 0 : this.queue.findIndex((m) => m.handlerId === owner);
        if (index === -1) break;
        const [next] = this.queue.splice(index, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (data) => {
                bytes += data.length;
                next.onData(data);
              },
            }),
          );
        } catch (error) {
          midExchange = null;
          next.reject(error);
          continue;
        }
        this.lastHandlerId = next.handlerId;
        midExchange = endsExchange(next.message) ? null : next.handlerId;
        next.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(queue);

  // A client that disconnects mid-exchange must not hold the turn forever.
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    if (midExchange === handlerId) midExchange = null;
    clear(handlerId);
    void queue.processQueue();
  };
}
