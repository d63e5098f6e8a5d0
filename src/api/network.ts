// window.reelsync.network: the room (docs/scripting.md, "Network sync") — connection and sync
// status, members, the room's state as copies, and the room commands, over the app's
// NetworkSyncManager.
import type { App } from '../App';
import { buildShareLink } from '../features/room/shareLink';
import type {
  ConnectionState,
  NetworkSyncEvents,
  PlayHold,
  RoomInfo,
  SyncCategory,
  SyncDirection,
  SyncDirections,
  SyncSettings,
  SyncStatus,
} from '../network/types';
import type {
  Annotation,
  MediaDescriptor,
  Motion as RoomMotion,
  Note,
  RoomLibrary,
  RoomSettings,
  User,
} from '../protocol/index';
import type { Unsubscribe } from '../utils/EventEmitter';

/** Events of `reelsync.network.on` (docs/scripting.md, "Network sync"). */
export type ReelSyncNetworkEvents = NetworkSyncEvents;

export interface ReelSyncNetworkApi {
  readonly connectionState: ConnectionState;
  readonly syncStatus: SyncStatus;
  readonly roomCode: string | null;
  readonly roomInfo: RoomInfo | null;
  readonly userId: string | null;
  readonly isHost: boolean;
  readonly users: readonly User[];
  readonly settings: SyncSettings;
  /** Send (share mine) and accept (follow the room's) per category. */
  readonly directions: SyncDirections;
  /** The categories the host stopped this user from sending. */
  readonly sendLocks: readonly SyncCategory[];
  /** The room's motion as the server last described it (anchorTime on the server clock). */
  readonly roomMotion: RoomMotion | null;
  /** Smoothed round trip to the server, ms. */
  readonly rtt: number | null;
  /** Estimated server − local clock offset, ms. */
  readonly clockOffset: number | null;
  /** 'worker' while the clock is measured off the main thread, 'page' on the page's connection. */
  readonly clockSource: 'worker' | 'page';
  /** The room's annotations (server state; copies). */
  readonly annotations: readonly Annotation[];
  /** The room's notes (server state; copies). */
  readonly notes: readonly Note[];
  /** What the host announced it shows (null: nothing announced). */
  readonly roomMedia: MediaDescriptor | null;
  /** Presentation mode, others-can-edit, wait-for-everyone. */
  /** The room's media library (copies; empty outside a room). */
  readonly library: RoomLibrary;
  readonly roomSettings: RoomSettings;
  /** A play held until these users' media is ready (wait for everyone), or null. */
  readonly playHold: PlayHold | null;
  /** The server clock estimate, ms (the session clock while in a room). */
  serverNow(): number;
  /**
   * The room's share link (null outside a room), on the server's --public-url if it has one,
   * else on the address this page was opened at; with `pin`, the link carries it.
   */
  shareLink(options?: { pin?: string }): string | null;
  createRoom(options?: { displayName?: string; pin?: string }): Promise<RoomInfo>;
  joinRoom(
    code: string,
    pin?: string,
    options?: { displayName?: string; role?: 'participant' | 'viewer' },
  ): Promise<RoomInfo>;
  leaveRoom(): Promise<void>;
  /** Manual reconnect after automatic retries gave up. */
  reconnect(): void;
  /** Snap every enabled category back to the room's state. */
  resync(): void;
  setSettings(patch: Partial<SyncSettings>): void;
  /** E.g. `{ color: { send: false } }`; throws a NetworkError for an unknown category. */
  setDirections(patch: Partial<Record<SyncCategory, Partial<SyncDirection>>>): void;
  /** Host: stop (true) or let again (false) a user send a category; false when not sent. */
  setSendLock(userId: string, category: SyncCategory, locked: boolean): boolean;
  setDisplayName(name: string): void;
  on<K extends keyof ReelSyncNetworkEvents>(
    event: K,
    listener: (payload: ReelSyncNetworkEvents[K]) => void,
  ): Unsubscribe;
}

export function createNetworkApi(app: App): ReelSyncNetworkApi {
  const { network } = app;
  const networkApi: ReelSyncNetworkApi = {
    get connectionState() {
      return network.connectionState;
    },
    get syncStatus() {
      return network.syncStatus;
    },
    get roomCode() {
      return network.roomCode;
    },
    get roomInfo() {
      return network.roomInfo;
    },
    get userId() {
      return network.userId;
    },
    get isHost() {
      return network.isHost;
    },
    get users() {
      return network.users.map((user) => ({ ...user }));
    },
    get settings() {
      return network.settings;
    },
    get directions() {
      return network.directions;
    },
    get sendLocks() {
      return [...network.sendLocks];
    },
    get roomMotion() {
      const motion = network.roomMotion;
      return motion ? { ...motion } : null;
    },
    get rtt() {
      return network.rtt;
    },
    get clockOffset() {
      return network.clockOffset;
    },
    get clockSource() {
      return network.clockSource === 'source' ? ('worker' as const) : ('page' as const);
    },
    get annotations() {
      return structuredClone(network.annotations);
    },
    get notes() {
      return structuredClone(network.notes);
    },
    get roomMedia() {
      const media = network.roomMedia;
      return media ? { ...media } : null;
    },
    get roomSettings() {
      return { ...network.roomSettings };
    },
    get library() {
      return structuredClone(network.library);
    },
    get playHold() {
      const hold = network.playHold;
      return hold ? { requestedBy: hold.requestedBy, userIds: [...hold.userIds] } : null;
    },
    serverNow: () => network.serverNow(),
    shareLink: (options) =>
      network.roomCode ? buildShareLink(app.shareBase.url, network.roomCode, options?.pin) : null,
    createRoom: (options) => network.createRoom(options),
    joinRoom: (code, pin, options) => network.joinRoom(code, pin, options),
    leaveRoom: () => network.leaveRoom(),
    reconnect: () => network.reconnect(),
    resync: () => network.resync(),
    setSettings: (patch) => network.setSettings(patch),
    setDirections: (patch) => network.setDirections(patch),
    setSendLock: (userId, category, locked) => network.setSendLock(userId, category, locked),
    setDisplayName: (name) => network.setDisplayName(name),
    on: (event, listener) => network.on(event, listener),
  };
  return Object.freeze(networkApi);
}
