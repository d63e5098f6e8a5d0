// A loopback TCP proxy that impairs the path between clients and the server the way real
// networks do, with settings a scenario can change while traffic flows:
// - delay and jitter per direction (chunks never overtake each other: TCP keeps order);
// - loss: TCP never hands a gap to the application, so a lost segment shows as a stall until
//   it is retransmitted; a "lost" chunk waits `retransmitMs` more, and holds back what follows;
// - a bandwidth cap (bytes/s per direction per connection);
// - cut(): every open connection is dropped and new ones are refused for a while (a Wi-Fi
//   hand-over, a VPN dropping).
import net from 'node:net';

export interface Impairment {
  delayMs: number;
  jitterMs: number;
  /** Share of chunks (0–1) that are "lost" and arrive `retransmitMs` late. */
  loss: number;
  retransmitMs: number;
  /** Bytes per second per direction and connection; 0 = no cap. */
  bytesPerSecond: number;
}

export const CLEAN: Impairment = {
  delayMs: 0,
  jitterMs: 0,
  loss: 0,
  retransmitMs: 200,
  bytesPerSecond: 0,
};

export interface ImpairProxy {
  readonly port: number;
  /** ws://127.0.0.1:<port>/sync */
  readonly syncUrl: string;
  impairment: Impairment;
  /** Drops every connection and refuses new ones for `forMs`. Returns how many were cut. */
  cut(forMs: number): number;
  readonly cuts: number;
  close(): Promise<void>;
}

export async function startImpairProxy(
  targetPort: number,
  impairment: Impairment = CLEAN,
): Promise<ImpairProxy> {
  const sockets = new Set<net.Socket>();
  let refuseUntil = 0;
  let cuts = 0;
  const state = { impairment };

  const pipe = (from: net.Socket, to: net.Socket) => {
    const queue: Array<{ due: number; chunk: Buffer | null }> = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastDue = 0;
    const flush = () => {
      timer = null;
      const now = performance.now();
      while (queue.length > 0 && (queue[0]?.due ?? Infinity) <= now) {
        const { chunk } = queue.shift() as { chunk: Buffer | null };
        if (to.destroyed) continue;
        if (chunk === null) to.end();
        else to.write(chunk);
      }
      const head = queue[0];
      if (head) timer = setTimeout(flush, Math.max(0, head.due - performance.now()));
    };
    const push = (chunk: Buffer | null) => {
      const { delayMs, jitterMs, loss, retransmitMs, bytesPerSecond } = state.impairment;
      const now = performance.now();
      let due = now + delayMs + Math.random() * jitterMs;
      if (chunk && loss > 0 && Math.random() < loss) due += retransmitMs;
      // The cap: a chunk cannot leave before the previous one plus its own transmission time.
      const transmit = chunk && bytesPerSecond > 0 ? (chunk.length / bytesPerSecond) * 1000 : 0;
      lastDue = Math.max(due, lastDue + transmit);
      queue.push({ due: lastDue, chunk });
      if (timer === null) timer = setTimeout(flush, Math.max(0, lastDue - now));
    };
    from.on('data', (chunk: Buffer) => push(chunk));
    from.on('end', () => push(null));
    from.on('error', () => to.destroy());
    from.on('close', () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      to.destroy();
    });
  };

  const server = net.createServer((client) => {
    if (performance.now() < refuseUntil) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    get impairment() {
      return state.impairment;
    },
    set impairment(next: Impairment) {
      state.impairment = next;
    },
    cut(forMs) {
      refuseUntil = performance.now() + forMs;
      const count = sockets.size / 2;
      for (const socket of sockets) socket.destroy();
      cuts++;
      return count;
    },
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
