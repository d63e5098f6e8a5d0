// Media identity, DOM-free: the host announces what it shows (descriptor, fingerprint once
// computed); everyone compares their media with the room's, reports the result as presence
// (ready/loading/missing/mismatch) and raises the persistent media conflict on a mismatch.
// The banner and the room media control render its `view`.
import type { MediaSource } from '../../core/media/types';
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import type { PlayHold } from '../../network/types';
import type { MediaDescriptor, MediaStatus, User } from '../../protocol/index';
import { EventEmitter } from '../../utils/EventEmitter';
import {
  compareMedia,
  describeMedia,
  hostStatus,
  sameDescriptor,
  type LocalMedia,
} from './mediaMatch';

/** The part of the Playback this needs (Playback satisfies it). */
export interface MediaHolder {
  readonly media: MediaSource | null;
  on(event: 'mediaChanged', listener: () => void): () => void;
}

export interface MediaIdentityView {
  inRoom: boolean;
  isHost: boolean;
  selfId: string | null;
  /** Own media state, as reported to the room. */
  status: MediaStatus;
  /**
   * The host after a reload: the page shows its start-up media (the demo clip), not the room's
   * shot. It is asked to reopen the shot, counts as not ready and announces nothing until it
   * opens media (the room's shot, or another one it then switches the room to).
   */
  reopen: boolean;
  local: MediaDescriptor | null;
  room: MediaDescriptor | null;
  waitForEveryone: boolean;
  /** A play held by wait for everyone (null: none). */
  hold: PlayHold | null;
  users: readonly User[];
}

export type MediaIdentityEvents = {
  changed: MediaIdentityView;
};

const WAITED_FOR: ReadonlySet<MediaStatus> = new Set(['loading', 'missing', 'mismatch']);

/** Present users a held play waits for (the server's rule, for display). */
export function notReadyUsers(users: readonly User[]): User[] {
  return users.filter((user) => user.connected && WAITED_FOR.has(user.mediaStatus));
}

export class MediaIdentity extends EventEmitter<MediaIdentityEvents> {
  private readonly unsubscribers: Array<() => void> = [];
  private opening = false;
  private externalOpening = false;
  private hashing = false;
  /** The next media opened is the user's copy of the host's (opened from the banner). */
  private claimNext = false;
  private claimed: MediaSource | null = null;
  /** Name of the room media the claimed copy was opened for (another host media: no claim). */
  private claimedFor: string | null = null;
  private lastAnnounced: MediaDescriptor | null = null;
  /** The room's media at the last update (a change by someone else is followed, not undone). */
  private lastRoom: MediaDescriptor | null = null;
  private lastReported: MediaStatus | null = null;
  private conflictOn = false;
  private hold: PlayHold | null = null;
  /** The user opened media in this page (the media at start-up, e.g. the demo clip, is not). */
  private userOpened = false;
  private started = false;
  private current: MediaIdentityView;
  private disposed = false;

  constructor(
    private readonly network: NetworkSyncManager,
    private readonly session: MediaHolder,
  ) {
    super();
    this.hold = network.playHold;
    this.current = this.compute();
    const update = () => this.update();
    // Anything that can change what we announce, what we compare with, or what we report.
    const rejoined = () => {
      this.lastAnnounced = null;
      this.lastRoom = null;
      this.lastReported = null;
      this.update();
    };
    this.unsubscribers.push(
      session.on('mediaChanged', () => this.mediaChanged()),
      network.on('roomJoined', rejoined),
      network.on('reconnected', rejoined),
      network.on('roleChanged', rejoined),
      network.on('roomLeft', () => this.left()),
      network.on('roomEnded', () => this.left()),
      network.on('roomMediaChanged', update),
      network.on('roomSettingsChanged', update),
      network.on('usersChanged', update),
      network.on('connectionStateChanged', update),
      network.on('playHoldChanged', (hold) => {
        this.hold = hold;
        this.update();
      }),
    );
    this.mediaChanged();
    this.started = true;
  }

  get view(): MediaIdentityView {
    return this.current;
  }

  /** Opens files as the user's copy of the host's media. False when they could not be opened. */
  async openCopy(open: () => Promise<boolean>): Promise<boolean> {
    this.claimNext = true;
    this.opening = true;
    this.update();
    try {
      return await open();
    } finally {
      this.claimNext = false;
      this.opening = false;
      this.update();
    }
  }

  /** Media is being opened some other way (header, drop): loading until it is on screen. */
  setOpening(opening: boolean): void {
    if (opening === this.externalOpening) return;
    this.externalOpening = opening;
    this.update();
  }

  /** Host: turns wait for everyone on or off. */
  setWaitForEveryone(on: boolean): boolean {
    return this.network.updateRoomSettings({ waitForEveryone: on });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    if (this.conflictOn) this.network.setMediaConflict(false);
    this.removeAllListeners();
  }

  private mediaChanged(): void {
    if (this.started) this.userOpened = true;
    const source = this.session.media;
    if (this.claimNext && source) {
      this.claimed = source;
      this.claimedFor = this.network.roomMedia?.name ?? null;
      this.claimNext = false;
    }
    this.hashing = false;
    if (source && !source.info.fingerprint) {
      // Hashing runs in a worker; until it answers, a look-alike file counts as loading.
      this.hashing = true;
      source
        .fingerprint()
        .catch(() => null) // no fingerprint: compared by name, range, fps and size
        .then(() => {
          if (this.session.media !== source || this.disposed) return;
          this.hashing = false;
          this.update();
        });
    }
    this.update();
  }

  private left(): void {
    this.hold = null;
    this.lastAnnounced = null;
    this.lastRoom = null;
    this.lastReported = null;
    this.update();
  }

  private localMedia(): LocalMedia {
    const source = this.session.media;
    return {
      descriptor: source ? describeMedia(source.info) : null,
      opening: this.opening || this.externalOpening,
      hashing: this.hashing,
      claimed:
        source !== null &&
        source === this.claimed &&
        this.claimedFor === (this.network.roomMedia?.name ?? null),
    };
  }

  private compute(): MediaIdentityView {
    const network = this.network;
    const inRoom = network.roomInfo !== null;
    const local = this.localMedia();
    const isHost = network.isHost;
    const room = inRoom ? network.roomMedia : null;
    const compared = compareMedia(local, room);
    const reopen = isHost && !this.userOpened && room !== null && compared !== 'ready';
    return {
      inRoom,
      isHost,
      reopen,
      selfId: network.userId,
      status: isHost && !reopen ? hostStatus(local) : compared,
      local: local.descriptor,
      room,
      waitForEveryone: inRoom && network.roomSettings.waitForEveryone,
      hold: inRoom ? this.hold : null,
      users: inRoom ? network.users : [],
    };
  }

  private update(): void {
    if (this.disposed) return;
    const view = this.compute();
    this.current = view;
    const room = view.room;
    const changed = this.lastRoom !== null && room !== null && !sameDescriptor(room, this.lastRoom);
    if (view.isHost && changed && !sameDescriptor(room, view.local)) {
      // The room's shot changed, in the room, to another than this host shows (a move between
      // playlist items, a library item someone opened): the host follows it (the library opens
      // it) rather than putting back what it shows now; it announces what it opens next.
      this.lastAnnounced = view.local;
    }
    this.lastRoom = view.room;
    if (view.inRoom) {
      // Host: the room carries what it shows. Sends fail while (re)joining; a later event retries.
      if (
        view.isHost &&
        !view.reopen &&
        view.local &&
        !sameDescriptor(view.local, view.room) &&
        !sameDescriptor(view.local, this.lastAnnounced) &&
        this.network.sendMedia(view.local)
      )
        this.lastAnnounced = view.local;
      if (
        view.status !== this.lastReported &&
        this.network.setPresence({ mediaStatus: view.status })
      )
        this.lastReported = view.status;
    }
    const conflict = view.inRoom && view.status === 'mismatch';
    if (conflict !== this.conflictOn) {
      this.conflictOn = conflict;
      this.network.setMediaConflict(conflict);
    }
    this.emit('changed', view);
  }
}
