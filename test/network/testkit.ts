// Test doubles for the sync engine's unit tests: a scripted WebSocket, a recording `ws` factory,
// and a Viewer stand-in with the Viewer's events (the real Viewer needs WebGL and the DOM).
import { WebSocket } from 'ws';
import {
  DEFAULT_COLOR_ADJUSTMENTS,
  PROTOCOL_VERSION,
  type ChannelMode,
  type ClientMessage,
  type ColorAdjustments,
  type ViewState,
} from '../../src/protocol/index';
import { EventEmitter } from '../../src/utils/EventEmitter';
import type { ViewTarget, WebSocketFactory, WebSocketLike } from '../../src/network/types';

/** A socket whose server side the test plays: open it, answer, close it. */
export class FakeSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: string[] = [];
  closedWith: number | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(data);
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  get messages(): ClientMessage[] {
    return this.sent.map((text) => JSON.parse(text) as ClientMessage);
  }
  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  serverSend(value: unknown): void {
    this.onmessage?.({ data: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  /** Opens and answers hello with a welcome. */
  handshake(serverTime = 1_000_000): void {
    this.serverOpen();
    this.serverSend(welcome(serverTime));
  }
  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

export function welcome(serverTime: number) {
  return {
    type: 'welcome',
    id: 'welcome1',
    timestamp: serverTime,
    payload: {
      protocolVersion: PROTOCOL_VERSION,
      serverTime,
      heartbeatIntervalMs: 30_000,
      limits: {
        maxMessageBytes: 65536,
        roomCapacity: 16,
        stateMessagesPerSecond: 30,
        liveMessagesPerSecond: 60,
      },
    },
  };
}

export function fakeFactory(): { factory: WebSocketFactory; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    factory: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  };
}

/** Real `ws` sockets that record what the client sends. */
export function recordingFactory(): {
  factory: WebSocketFactory;
  sockets: WebSocket[];
  sent: ClientMessage[];
} {
  const sockets: WebSocket[] = [];
  const sent: ClientMessage[] = [];
  return {
    sockets,
    sent,
    factory: (url) => {
      const socket = new WebSocket(url);
      const send = socket.send.bind(socket);
      socket.send = ((data: string) => {
        sent.push(JSON.parse(data) as ClientMessage);
        send(data);
      }) as typeof socket.send;
      sockets.push(socket);
      return socket as unknown as WebSocketLike;
    },
  };
}

type ViewEvents = {
  zoomChanged: number;
  panChanged: { x: number; y: number };
  channelChanged: ChannelMode;
  colorChanged: ColorAdjustments;
};

/** Holds view and color state like the Viewer and emits the same events on change. */
export class FakeViewer extends EventEmitter<ViewEvents> implements ViewTarget {
  private state: ViewState = { zoom: 1, pan: { x: 0, y: 0 }, fit: true, channel: 'rgb' };
  private grade: ColorAdjustments = { ...DEFAULT_COLOR_ADJUSTMENTS };

  get viewState(): ViewState {
    return { ...this.state, pan: { ...this.state.pan } };
  }
  get color(): ColorAdjustments {
    return { ...this.grade };
  }
  setZoom(zoom: number): void {
    this.state = { ...this.state, zoom, fit: false };
    this.emit('zoomChanged', zoom);
  }
  setPan(x: number, y: number): void {
    this.state = { ...this.state, pan: { x, y }, fit: false };
    this.emit('panChanged', { x, y });
  }
  fit(): void {
    this.state = { ...this.state, zoom: 0.5, pan: { x: 0, y: 0 }, fit: true };
    this.emit('zoomChanged', 0.5);
  }
  setChannel(mode: ChannelMode): void {
    this.state = { ...this.state, channel: mode };
    this.emit('channelChanged', mode);
  }
  setColor(partial: Partial<ColorAdjustments>): void {
    this.grade = { ...this.grade, ...partial };
    this.emit('colorChanged', this.color);
  }
}
