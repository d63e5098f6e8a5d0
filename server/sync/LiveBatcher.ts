// live.batch framing for one connection: relayed cursors and strokes wait until the end of the
// event-loop turn and go out together in one frame (clients that announced "live.batch").
import { LIVE_BATCH_MAX, createMessageId, type ServerMessageType } from '../../src/protocol/index';
import { serverNow } from '../clock';

const COMMA = Buffer.from(',');
const BATCH_END = Buffer.from(']}}');

/** Writes one frame; `type` is what to count in the metrics (each batched message by its type). */
export type FrameWriter = (data: Buffer, type: ServerMessageType | ServerMessageType[]) => void;

export class LiveBatcher {
  private pending: Buffer[] = [];
  private pendingTypes: ServerMessageType[] = [];
  private scheduled: ReturnType<typeof setImmediate> | null = null;

  constructor(
    private readonly write: FrameWriter,
    private readonly isOpen: () => boolean,
  ) {}

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Holds one serialized relay message until the end of this turn (or until the batch is
   * full). Nothing waits on a timer, so an idle room adds no latency.
   */
  add(data: string | Buffer, type: ServerMessageType): void {
    this.pending.push(typeof data === 'string' ? Buffer.from(data) : data);
    this.pendingTypes.push(type);
    if (this.pending.length >= LIVE_BATCH_MAX) this.flush();
    else if (this.scheduled === null) this.scheduled = setImmediate(this.flush);
  }

  /** Sends the relayed messages held for this turn: as they are when one, else as a batch. */
  readonly flush = (): void => {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    const pending = this.pending;
    const types = this.pendingTypes;
    this.pending = [];
    this.pendingTypes = [];
    if (pending.length === 0 || !this.isOpen()) return;
    if (pending.length === 1) {
      this.write(pending[0] as Buffer, types[0] ?? 'live.cursor');
      return;
    }
    const head = JSON.stringify({
      type: 'live.batch',
      id: createMessageId(),
      timestamp: serverNow(),
    });
    const parts: Buffer[] = [Buffer.from(`${head.slice(0, -1)},"payload":{"messages":[`)];
    pending.forEach((item, index) => {
      if (index > 0) parts.push(COMMA);
      parts.push(item);
    });
    parts.push(BATCH_END);
    // Counted per relayed message, as if each had its own frame.
    this.write(Buffer.concat(parts), types);
  };
}
