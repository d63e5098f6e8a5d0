// The RoomStore interface: every read and write of room state goes through it, so the
// in-memory store and a Redis store (several instances) are interchangeable. Each method
// is one atomic step; mutations publish their consequences to the room's channel.
import type { AttemptPolicy, AttemptReservation, SlotResult } from '../limits/attempts';
import type {
  AudioLevels,
  MediaAudioSettings,
  ClientPayload,
  ColorAdjustments,
  CompareState,
  StereoState,
  LibraryItem,
  LibraryItemInput,
  MediaDescriptor,
  MediaStatus,
  Motion,
  PlaylistItemInput,
  PlaylistPolicy,
  PresenceStatus,
  Role,
  SyncCategory,
  RoomSettingsPatch,
  RoomState,
  ServerChange,
  ServerMessageType,
  User,
  ViewState,
} from '../../src/protocol/index';
import type { LiveBus } from '../stream/LiveBus';

/** Room facts that are not sequenced state. Secrets are stored hashed only. */
export interface RoomMeta {
  roomId: string;
  createdAt: number;
  /** scrypt hash of the PIN (see server/auth.ts), or null when the room has no PIN. */
  pinHash: string | null;
  /** sha256 of the host token. */
  hostTokenHash: string;
  capacity: number;
  /** Client address of the creator, for the rooms-per-address limit. */
  creatorAddress: string;
  /** Server clock ms of the last time a member was connected (idle expiry). */
  lastActiveAt: number;
}

export type RoomSecrets = Partial<Pick<RoomMeta, 'pinHash' | 'hostTokenHash'>>;

export interface Member {
  userId: string;
  /** sha256 of the session token. */
  sessionTokenHash: string;
  displayName: string;
  color: string;
  role: Role;
  joinedAt: number;
  connected: boolean;
  /** The connection currently attached (ids are unique per process and instance). */
  connectionId: string | null;
  status: PresenceStatus;
  mediaStatus: MediaStatus;
}

export interface NewRoom {
  meta: RoomMeta;
  state: RoomState;
  host: Member;
}

/** A validated client change, in the form the store's atomic step checks and applies. */
export type ChangeRequest =
  /**
   * `fromServer`: the server applies it on the actor's behalf (a held play released by wait for
   * everyone); the broadcast then names no user and answers no message, so every client —
   * the one who asked for the play too — applies it.
   */
  | { kind: 'playback'; motion: Motion; baseVersion: number; fromServer?: boolean }
  | { kind: 'frame'; frame: number; baseVersion: number }
  | { kind: 'view'; view: ViewState }
  | { kind: 'color'; color: ColorAdjustments }
  | { kind: 'audio'; audio: AudioLevels }
  | { kind: 'compare'; compare: CompareState }
  | { kind: 'stereo'; stereo: StereoState }
  | { kind: 'audioTrack'; media: string; settings: MediaAudioSettings | null }
  | { kind: 'media'; media: MediaDescriptor | null }
  | { kind: 'annotation'; op: ClientPayload<'sync.annotation'> }
  | { kind: 'note'; op: ClientPayload<'sync.note'> }
  | { kind: 'settings'; settings: RoomSettingsPatch }
  /** `stored`: the media store already holds these bytes (another room): no upload needed. */
  | { kind: 'library.add'; item: LibraryItemInput; stored?: boolean }
  | { kind: 'library.remove'; id: string }
  | { kind: 'library.open'; id: string }
  | { kind: 'library.policy'; participantsMayAdd: boolean }
  /**
   * Server-originated (the media pipeline: upload done, probe, proxy progress): updates an
   * item that is still in the library; applied without a member as actor, the broadcast names
   * no user. Nothing happens when the item was removed meanwhile.
   */
  | { kind: 'library.update'; id: string; patch: LibraryItemPatch }
  | { kind: 'playlist.add'; items: PlaylistItemInput[]; index?: number }
  | { kind: 'playlist.remove'; id: string }
  | { kind: 'playlist.move'; id: string; index: number }
  | { kind: 'playlist.rename'; id: string; name: string }
  | {
      kind: 'playlist.current';
      id: string;
      keepFrame?: boolean;
      advance?: { from: string; at: number };
    }
  | { kind: 'playlist.policy'; policy: Partial<PlaylistPolicy> }
  /** Server-originated: a shot added to the library joins the playlist (when the host allows). */
  | { kind: 'playlist.appendLibrary'; libraryId: string }
  /** Server-originated: a library item processing showed is no shot leaves the playlist. */
  | { kind: 'playlist.pruneLibrary'; libraryId: string };

/** What the media pipeline may change in a library item. */
export type LibraryItemPatch = Partial<
  Pick<
    LibraryItem,
    'state' | 'progress' | 'error' | 'media' | 'proxy' | 'thumbnail' | 'browserPlayable' | 'look'
  >
> & {
  /** Drop these optional fields (e.g. `progress` once ready, `error` on a retry). */
  clear?: ReadonlyArray<'progress' | 'error' | 'proxy'>;
};

/** Who asks for a change, and the ids that go into the broadcast envelope. */
export interface ChangeContext {
  userId: string;
  /** Client message id, echoed as replyTo so the sender recognises its own change. */
  replyTo: string;
  now: number;
  limits: {
    maxAnnotations: number;
    maxNotes: number;
    changeLogSize: number;
    /** Byte budgets of the room's stored state (absent: none; see server/rooms/roomItems.ts). */
    budget?: RoomBudget;
    /** Media library limits (absent: the protocol's item cap only; see roomLibrary.ts). */
    library?: LibraryLimits;
  };
}

/** Media library limits of one room (server options --max-file-bytes, --room-quota-bytes). */
export interface LibraryLimits {
  /** One uploaded file. */
  maxFileBytes: number;
  /** All uploaded files of the room together. */
  roomQuotaBytes: number;
  /** Items in the library. */
  maxItems: number;
}

/** Serialized-size limits (UTF-8 bytes of the JSON) of what a room stores. */
export interface RoomBudget {
  /** The whole room state (annotations, notes and the rest). */
  roomBytes: number;
  /** All annotations together. */
  annotationsBytes: number;
  /** One annotation. */
  annotationBytes: number;
  /** All notes together. */
  notesBytes: number;
}

export type ApplyOutcome =
  /** Accepted and already published; `message` is the sequenced broadcast. */
  | { status: 'applied'; message: ServerChange; data: string }
  /** Nothing changed (e.g. removing ids that do not exist); nothing published. */
  | { status: 'noop'; version: number }
  /** Host-authority rule: a newer host playback change won. */
  | { status: 'stale'; motion: RoomState['motion']; version: number }
  | {
      status: 'refused';
      code:
        | 'FORBIDDEN'
        | 'INVALID_MESSAGE'
        | 'LIMIT_EXCEEDED'
        | 'ITEM_NOT_FOUND'
        | 'ROOM_BUDGET_FULL'
        | 'FILE_TOO_LARGE'
        | 'ROOM_QUOTA_EXCEEDED'
        | 'MEDIA_NOT_FOUND';
      detail?: string;
      /** FORBIDDEN by the host's send lock: the category refused. */
      category?: SyncCategory;
    }
  | { status: 'no-room' };

/** What travels on a room's channel. `data` is an already-serialized server message. */
export type RoomEvent =
  | {
      kind: 'message';
      type: ServerMessageType;
      data: string;
      ephemeral: boolean;
      version?: number;
      exceptUserId?: string;
      /** Only this member gets it (e.g. its new host token). */
      onlyUserId?: string;
    }
  | { kind: 'members'; data: string; users: User[] }
  | { kind: 'ended'; data: string }
  /** The host removed `userId`: its connections get `data` (room.removed) and are closed. */
  | { kind: 'removed'; userId: string; data: string }
  /** A member was attached to a newer connection; the holder of `connectionId` must close it. */
  | { kind: 'replaced'; userId: string; connectionId: string }
  /**
   * Local only: the channel was interrupted (store outage) and events may have been missed;
   * listeners catch up from the store (change log or snapshot, member list).
   */
  | { kind: 'resync' };

export type RoomListener = (event: RoomEvent) => void;

export type MemberPatch = Partial<Pick<Member, 'displayName' | 'status' | 'mediaStatus'>>;

export interface StoreHealth {
  ok: boolean;
  store: string;
  detail?: string;
}

export interface RoomStore {
  /** Creates the room unless the code is taken (the caller retries with a new code). */
  createRoom(room: NewRoom): Promise<'created' | 'exists'>;
  getRoomMeta(roomId: string): Promise<RoomMeta | null>;
  /** Replaces the PIN hash and/or the host token hash; false when the room does not exist. */
  updateSecrets(roomId: string, secrets: RoomSecrets): Promise<boolean>;
  /** Ends a room: deletes it and publishes `ended` with the given serialized message. */
  deleteRoom(roomId: string, endedMessage: string): Promise<boolean>;
  countRooms(): Promise<number>;
  /** Every live room's code (the media retention sweep reads their libraries). */
  listRoomIds(): Promise<string[]>;
  countRoomsByCreator(address: string): Promise<number>;
  /** Rooms with no connected member whose lastActiveAt is before `before`. */
  listIdleRooms(before: number): Promise<string[]>;

  getSnapshot(roomId: string): Promise<{ version: number; state: RoomState } | null>;
  /**
   * The room state serialized (UTF-8 JSON), cached per room version: every join and snapshot
   * request of one version shares one serialization instead of copying the state each time.
   */
  getSerializedSnapshot(roomId: string): Promise<{ version: number; state: Buffer } | null>;
  /** Changes after `sinceVersion`, oldest first; null when the bounded log no longer has them. */
  getChangesSince(
    roomId: string,
    sinceVersion: number,
  ): Promise<{ version: number; changes: ServerChange[] } | null>;
  /** Atomic: host-rule check, next version, state update, bounded log append, publish. */
  applyChange(
    roomId: string,
    request: ChangeRequest,
    context: ChangeContext,
  ): Promise<ApplyOutcome>;

  listMembers(roomId: string): Promise<Member[]>;
  /** Atomic capacity check + insert; publishes the member list. */
  addMember(roomId: string, member: Member): Promise<'added' | 'full' | 'no-room'>;
  findMemberBySession(roomId: string, sessionTokenHash: string): Promise<Member | null>;
  /** Marks the member connected on `connectionId`; publishes `replaced` for a previous connection. */
  attachMember(
    roomId: string,
    userId: string,
    connectionId: string,
    now: number,
  ): Promise<Member | null>;
  /** Marks the member disconnected, only if still attached to `connectionId`. */
  detachMember(roomId: string, userId: string, connectionId: string, now: number): Promise<boolean>;
  /**
   * Removes a member (when `onlyIfDetachedFrom` is set: only if it is still disconnected since
   * that connection, i.e. the grace period ran out). If it was the host, the longest-present
   * connected participant becomes host in the same step.
   */
  removeMember(
    roomId: string,
    userId: string,
    options?: { onlyIfDetachedFrom?: string },
  ): Promise<{ removed: boolean; newHostId: string | null }>;
  updateMember(roomId: string, userId: string, patch: MemberPatch): Promise<Member | null>;
  setRole(roomId: string, userId: string, role: 'participant' | 'viewer'): Promise<Member | null>;
  /** Makes `userId` the host; the previous host becomes a participant. */
  setHost(roomId: string, userId: string): Promise<Member | null>;

  /** Subscribes to a room's channel; resolves to an unsubscribe function. */
  subscribe(roomId: string, listener: RoomListener): Promise<() => Promise<void>>;
  /** Publishes an event (ephemeral relays, control events) to everyone subscribed to the room. */
  publish(roomId: string, event: RoomEvent): Promise<void>;

  /** Increments a windowed counter (attempt limits, rate limits across instances); returns the count. */
  hitCounter(key: string, windowMs: number, now: number): Promise<number>;
  getCounter(key: string, now: number): Promise<number>;
  /**
   * Atomically reserves one attempt before a slow check (PIN hash, room lookup): refused while
   * a back-off runs, else counted; reaching the limit starts a doubling back-off
   * (server/limits/attempts.ts).
   */
  reserveAttempt(key: string, policy: AttemptPolicy, now: number): Promise<AttemptReservation>;
  /** How long a back-off started by reserveAttempt still runs (0: none), without counting. */
  attemptWait(key: string, now: number): Promise<number>;
  /** Gives a reservation (or a hitCounter count) back: the attempt succeeded. */
  releaseAttempt(key: string): Promise<void>;
  /** The next free slot of a per-key schedule, `intervalMs` apart, at most `maxWaitMs` ahead. */
  takeSlot(key: string, intervalMs: number, maxWaitMs: number, now: number): Promise<SlotResult>;

  health(): Promise<StoreHealth>;
  /**
   * Shares live streams between instances (server/stream/LiveBus.ts); absent for a store only
   * one instance uses.
   */
  liveBus?(): LiveBus;
  close(): Promise<void>;
}

/**
 * Thrown by a store whose backend is unreachable (e.g. Redis down). Clients get
 * STORE_UNAVAILABLE and may retry; any other error becomes INTERNAL_ERROR.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
