// A real HTTP endpoint receiving webhook POSTs (test/server/webhooks.test.ts, test/redis/).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RoomEventRecord } from '../../../server/webhooks/events';

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  event: RoomEventRecord;
}

/** A real HTTP endpoint; `answer` decides each response (default 204). */
export class Receiver {
  readonly received: Received[] = [];
  answer: (req: IncomingMessage) => number | 'hang' = () => 204;
  private readonly server: Server;
  private readonly hanging = new Set<() => void>();

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.received.push({
          headers: req.headers,
          body,
          event: JSON.parse(body) as RoomEventRecord,
        });
        const answer = this.answer(req);
        if (answer === 'hang') {
          this.hanging.add(() => res.destroy());
          return;
        }
        res.writeHead(answer).end();
      });
    });
  }

  static async start(): Promise<Receiver> {
    const receiver = new Receiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/reelsync`;
  }

  types(): string[] {
    return this.received.map((entry) => entry.event.type);
  }

  close(): Promise<void> {
    for (const release of this.hanging) release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
