import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startDelayProxy, type DelayProxy } from './delayProxy';

let echo: net.Server | null = null;
let proxy: DelayProxy | null = null;

afterEach(async () => {
  await proxy?.close();
  await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()));
  proxy = null;
  echo = null;
});

describe('delay proxy', () => {
  it('delivers a jittered stream intact and in order, both ways', async () => {
    echo = net.createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo?.listen(0, '127.0.0.1', resolve));
    const port = (echo.address() as AddressInfo).port;
    proxy = await startDelayProxy(port, { upMs: 3, downMs: 1, jitterMs: 20 });

    const payload = Buffer.alloc(512 * 1024);
    for (let i = 0; i < payload.length; i++) payload[i] = (i * 7919) % 251;
    const client = net.connect(proxy.port, '127.0.0.1');
    const received: Buffer[] = [];
    let length = 0;
    const done = new Promise<void>((resolve) =>
      client.on('data', (chunk: Buffer) => {
        received.push(chunk);
        length += chunk.length;
        if (length >= payload.length) resolve();
      }),
    );
    // Many small writes, so many chunks meet different random delays.
    for (let offset = 0; offset < payload.length; offset += 4096)
      client.write(payload.subarray(offset, offset + 4096));
    await done;
    client.destroy();
    expect(Buffer.concat(received).equals(payload)).toBe(true);
  });

  it('refuses a negative or missing delay with a clear error', async () => {
    await expect(startDelayProxy(1, { upMs: -1, downMs: 0, jitterMs: 0 })).rejects.toThrow(
      /upMs must be a non-negative number/,
    );
    await expect(startDelayProxy(1, { upMs: 0, downMs: NaN, jitterMs: 0 })).rejects.toThrow(
      /downMs/,
    );
  });
});
