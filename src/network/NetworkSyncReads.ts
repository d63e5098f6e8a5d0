// The sync engine's read side: the room as this client sees it (connection and sync status, who
// is here, the room's state by category) and the fan-out of room changes to the feature events.
// NetworkSyncManager builds the parts these read; docs/architecture.md (src/network).
import type { Motion } from '../core/playback/motion';
import {
  DEFAULT_AUDIO,
  DEFAULT_ROOM_SETTINGS,
  EMPTY_PLAYLIST_FIELDS,
  roomLibrary,
  roomPlaylist,
  roomCompare,
  roomStereo,
  type CompareState,
  type StereoState,
  type Annotation,
  type AudioState,
  type MediaDescriptor,
  type Note,
  type RoomLibrary,
  type RoomPlaylist,
  type RoomSettings,
  type ServerChange,
  type User,
} from '../protocol/index';
import { EventEmitter } from '../utils/EventEmitter';
import type { RoomChannel } from './RoomChannel';
import type { PlayerSync } from './PlayerSync';
import type { StatusTracker } from './StatusTracker';
import type { ClockSync } from './ClockSync';
import type { SyncPreferences } from './SyncPreferences';
import type {
  ConnectionState,
  NetworkSyncEvents,
  PlayHold,
  RoomInfo,
  SyncCategory,
  SyncDirections,
  SyncSettings,
  SyncStatus,
} from './types';
import type { WebSocketClient } from './WebSocketClient';

/** What a page needs to stream the room library's media (features/library/mediaAccess.ts). */
export interface MediaCredentials {
  room: string;
  sessionToken: string;
  /** A media token the server sent with room.joined, valid until `expiresAt` (server clock). */
  granted?: { token: string; expiresAt: number };
}

/** Reads of the room; the parts are set by NetworkSyncManager's constructor. */
export abstract class NetworkSyncReads extends EventEmitter<NetworkSyncEvents> {
  protected client!: WebSocketClient;
  protected clockSync!: ClockSync;
  protected sync!: PlayerSync;
  protected tracker!: StatusTracker;
  protected channel!: RoomChannel;
  protected preferences!: SyncPreferences;

  get connectionState(): ConnectionState {
    return this.tracker.connection;
  }
  get syncStatus(): SyncStatus {
    return this.tracker.syncStatus;
  }
  /** The server lost the room and this client waits for the host to restore it. */
  get waitingForHost(): boolean {
    return this.channel.waitingForHost;
  }
  get roomInfo(): RoomInfo | null {
    return this.channel.room ? { ...this.channel.room } : null;
  }
  get roomCode(): string | null {
    return this.channel.room?.roomId ?? null;
  }
  get userId(): string | null {
    return this.channel.room?.userId ?? null;
  }
  get isHost(): boolean {
    return this.channel.room?.role === 'host';
  }
  get users(): readonly User[] {
    return this.channel.users;
  }
  /** The category checkboxes (a category is on while it is sent or accepted). */
  get settings(): SyncSettings {
    return this.preferences.settings;
  }
  /** Each category's send (share mine) and accept (follow the room's), as chosen. */
  get directions(): SyncDirections {
    return this.preferences.directions;
  }
  /** The categories the host stopped this user from sending (their changes stay local). */
  get sendLocks(): readonly SyncCategory[] {
    return this.preferences.sendLocks;
  }
  get roomVersion(): number {
    return this.sync.state.version;
  }
  /** Smoothed round trip to the server, ms. */
  get rtt(): number | null {
    return this.client.rtt;
  }
  /** Estimated server − local clock offset, ms (null before the first sample). */
  get clockOffset(): number | null {
    return this.clockSync.offset;
  }
  /** Where the clock estimate comes from: the clock worker ('source') or this connection. */
  get clockSource(): 'samples' | 'source' {
    return this.clockSync.estimateSource;
  }
  get annotations(): readonly Annotation[] {
    return this.sync.state.remoteState?.annotations ?? [];
  }
  /** Wait for everyone: the play the server holds until these users are ready (null: none). */
  get playHold(): PlayHold | null {
    return this.channel.playHold;
  }
  /** The room's notes (server state; empty outside a room). */
  get notes(): readonly Note[] {
    return this.sync.state.remoteState?.notes ?? [];
  }
  /** What media the host shows (null: none announced, or not in a room). */
  get roomMedia(): MediaDescriptor | null {
    return this.sync.state.remoteState?.media ?? null;
  }
  /** The room's media library (empty, host-only outside a room). */
  get library(): RoomLibrary {
    const state = this.sync.state.remoteState;
    return state ? roomLibrary(state) : { items: [], participantsMayAdd: false };
  }
  /** The room's playlist (empty outside a room). */
  get playlist(): RoomPlaylist {
    const state = this.sync.state.remoteState;
    return state ? roomPlaylist(state) : { ...EMPTY_PLAYLIST_FIELDS, items: [] };
  }
  /** The room's volume/mute. */
  get roomAudio(): AudioState {
    return this.sync.state.remoteState?.audio ?? { ...DEFAULT_AUDIO };
  }
  /** The room's A/B compare settings (defaults outside a room). */
  get roomCompare(): CompareState {
    return roomCompare(this.sync.state.remoteState ?? {});
  }
  /** The room's stereo settings (defaults outside a room). */
  get roomStereo(): StereoState {
    return roomStereo(this.sync.state.remoteState ?? {});
  }
  /** The room's settings (defaults outside a room). */
  get roomSettings(): RoomSettings {
    return this.sync.state.remoteState?.settings ?? { ...DEFAULT_ROOM_SETTINGS };
  }
  /** True in a room with a role that may change shared state (host or participant). */
  get canEdit(): boolean {
    const room = this.channel.room;
    return room !== null && room.role !== 'viewer';
  }
  /** The server clock estimate (ms): what every client evaluates the room motion at. */
  serverNow(): number {
    return this.clockSync.serverNow();
  }
  /** The room's motion as the server last described it. */
  get roomMotion(): Motion | null {
    return this.sync.state.remoteState?.motion ?? null;
  }
  /**
   * The room and this member's session token, for POST /api/media/token, with the media token
   * the join answer brought (`granted`, used first) (null: no room).
   */
  mediaCredentials(): MediaCredentials | null {
    const room = this.channel.room?.roomId;
    const sessionToken = this.channel.sessionToken;
    if (!room || !sessionToken) return null;
    const granted = this.channel.mediaGrant;
    return granted ? { room, sessionToken, granted } : { room, sessionToken };
  }

  get mediaConflict(): boolean {
    return this.tracker.hasLastingConflict;
  }

  /** Room state outside the bound objects changed: tell the feature modules. */
  protected roomChanged(what: 'snapshot' | ServerChange['type']): void {
    const state = this.sync.state.remoteState;
    if (!state) return;
    const all = what === 'snapshot';
    if (all || what === 'sync.note') this.emit('notesChanged', state.notes);
    if (all || what === 'sync.media') this.emit('roomMediaChanged', state.media);
    if (all || what === 'sync.library') this.emit('libraryChanged', roomLibrary(state));
    if (all || what === 'sync.playlist') {
      this.emit('playlistChanged', roomPlaylist(state));
      // A move between items also changed the room's media.
      if (!all) this.emit('roomMediaChanged', state.media);
    }
    if ((all || what === 'sync.audio') && this.preferences.accepts('audio'))
      this.emit('audioChanged', state.audio);
    if ((all || what === 'sync.audioTrack') && this.preferences.accepts('audio'))
      this.emit('audioTracksChanged', state.audio.tracks ?? {});
    if ((all || what === 'sync.compare') && this.preferences.accepts('compare'))
      this.emit('compareChanged', roomCompare(state));
    if ((all || what === 'sync.stereo') && this.preferences.accepts('stereo'))
      this.emit('stereoChanged', roomStereo(state));
    if (all || what === 'room.settings') {
      this.emit('roomSettingsChanged', state.settings);
      this.updateSendLocks();
    }
  }

  /** The host's locks on this user, after a settings change, a snapshot or a role change. */
  protected updateSendLocks(): void {
    const locks = this.channel.room ? this.sync.state.remoteState?.settings.sendLocks : undefined;
    if (this.preferences.setLocks(locks, this.userId, this.isHost))
      this.emit('sendLocksChanged', this.preferences.sendLocks);
  }
}
