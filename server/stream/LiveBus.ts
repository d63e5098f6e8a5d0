// How the /stream relays of several server instances (one Redis) share a room's live source:
// the instance a program publishes to claims the room's one publisher place for everyone and
// forwards its frames and status to the instances that have viewers for that room; an instance
// whose viewers arrive after the picture asks the publishing instance to send it again.
// A single instance (the in-memory store) has no bus: its relay is the whole story.

/** What travels between instances for one room. */
export type LiveBusMessage =
  /** A frame message as the publisher sent it (src/protocol/liveFrames.ts). */
  | { kind: 'frame'; bytes: Buffer }
  /** The stream's status: active, and the picture's size. */
  | { kind: 'status'; active: boolean; width: number; height: number }
  /** An instance with new viewers asks for the newest picture. */
  | { kind: 'replay' };

export interface LiveBus {
  /**
   * Takes the room's publisher place across instances (kept while `renew` is called within the
   * claim's lifetime); false when another instance's program holds it.
   */
  claim(roomId: string): Promise<boolean>;
  /** Keeps a claim alive; false when it was lost (expired and taken by another instance). */
  renew(roomId: string): Promise<boolean>;
  release(roomId: string): Promise<void>;
  /** How often a claim must be renewed. */
  readonly renewEveryMs: number;
  /**
   * Sends to the room's other instances. Resolves with whether any other instance listens
   * (a publisher stops forwarding frames nobody watches until someone asks for a replay).
   */
  send(roomId: string, message: LiveBusMessage): Promise<boolean>;
  /** Hears the room's messages from other instances; resolves with the way to stop. */
  watch(roomId: string, listener: (message: LiveBusMessage) => void): Promise<() => Promise<void>>;
  /** Called after the bus was cut off and is back (pub/sub lost what was sent meanwhile). */
  onReconnect(listener: () => void): void;
  close(): Promise<void>;
}
