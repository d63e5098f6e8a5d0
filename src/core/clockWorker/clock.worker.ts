// The page's clock, measured off the main thread: a connection of its own to the sync endpoint
// (hello with the `clock.only` feature: it may only ping) and a ClockSync fed by its pongs. Pongs
// are timestamped here, where no rendering, decoding or drawing delays the handler, and each new
// estimate is posted to the page (ClockWorkerSource converts it to the page's time base).
import { ClockSync } from '../../network/ClockSync';
import { WebSocketClient } from '../../network/WebSocketClient';
import type { FromClockWorker, ToClockWorker } from './protocol';

let client: WebSocketClient | null = null;
let clock: ClockSync | null = null;

function post(message: FromClockWorker): void {
  self.postMessage(message);
}

function stop(): void {
  clock?.dispose();
  client?.dispose();
  clock = null;
  client = null;
}

function start(url: string): void {
  stop();
  const socket = new WebSocketClient({
    url,
    clientName: 'reelsync-clock',
    features: ['clock.only'],
    // The page is told once the link is given up for good; until then it keeps its estimate.
    reconnect: { maxAttempts: Infinity },
    onlineEvents: null,
  });
  // This connection carries nothing but pings, so it samples more than the page's own: twice the
  // fast burst (still 10 a second, the server's control rate) and a refresh every second. The
  // window's intersection tightens with every sample (its error shrinks like jitter / samples).
  const sync = new ClockSync({ fastSamples: 48, slowIntervalMs: 1000 });
  client = socket;
  clock = sync;
  socket.on('sample', (sample) => sync.addSample(sample));
  socket.on('open', () => sync.restart());
  socket.on('reconnectExhausted', () => post({ type: 'failed', reason: 'clock connection lost' }));
  sync.on('estimate', (estimate) =>
    post({ type: 'estimate', timeOrigin: performance.timeOrigin, ...estimate }),
  );
  sync.start(socket);
  socket.connect().catch((error: unknown) => {
    post({ type: 'failed', reason: error instanceof Error ? error.message : String(error) });
    stop();
  });
}

self.addEventListener('message', (event: MessageEvent<ToClockWorker>) => {
  if (event.data.type === 'start') start(event.data.url);
  else stop();
});
