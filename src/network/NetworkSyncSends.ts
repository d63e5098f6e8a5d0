// The sync engine's write side: the room sends features call (notes, media, library, playlist,
// audio, compare, stereo, cursors, live strokes) and the host's actions, each refused (null or
// false) when it could not go out. NetworkSyncManager adds the room lifecycle on top.
import type {
  CompareState,
  StereoState,
  AudioState,
  MediaAudioSettings,
  ClientPayload,
  LibraryItemInput,
  LiveStroke,
  MediaDescriptor,
  MediaStatus,
  PresenceStatus,
  RoomSettingsPatch,
} from '../protocol/index';
import { NetworkSyncReads } from './NetworkSyncReads';
import { NetworkError, type SyncCategory } from './types';
import type { RoomRequests } from './RoomRequests';

/** The playlist's client messages (each answered by its sync.playlist change or an error). */
export type PlaylistRequestType =
  | 'playlist.add'
  | 'playlist.remove'
  | 'playlist.move'
  | 'playlist.rename'
  | 'playlist.setCurrent'
  | 'playlist.setPolicy';

export abstract class NetworkSyncSends extends NetworkSyncReads {
  protected requests!: RoomRequests;
  protected disposed = false;

  /** Host: stops (or lets again) a user from sending a category; false when not sent. */
  setSendLock(userId: string, category: SyncCategory, locked: boolean): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    const current = this.roomSettings.sendLocks ?? {};
    const others = (current[userId] ?? []).filter((key) => key !== category);
    const next = locked ? [...others, category] : others;
    const sendLocks = { ...current };
    if (next.length > 0) sendLocks[userId] = next;
    else delete sendLocks[userId];
    return this.updateRoomSettings({ sendLocks });
  }

  /** Sends an annotation change (only when annotation sync is on). */
  sendAnnotation(op: ClientPayload<'sync.annotation'>): string | null {
    return this.sync.sendAnnotation(op);
  }

  /**
   * Adds, updates or removes a note. Returns the message id (a refusal comes back as an `error`
   * event with this `replyTo`), or null when it could not be sent (offline, viewer).
   */
  sendNote(op: ClientPayload<'sync.note'>): string | null {
    if (!this.canEdit || !this.canSendNow()) return null;
    return this.client.send('sync.note', op);
  }

  /** Host: announces the media on screen (null: none). */
  sendMedia(media: MediaDescriptor | null): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('sync.media', { media }) !== null;
  }

  /** Registers a library item (before its upload); rejects with the server's refusal. */
  addLibraryItem(item: LibraryItemInput): Promise<void> {
    return this.libraryRequest('library.add', { item });
  }

  /** Removes a library item (host, or whoever added it); rejects with the server's refusal. */
  removeLibraryItem(id: string): Promise<void> {
    return this.libraryRequest('library.remove', { id });
  }

  /** Host: whether participants may add to the library. */
  setLibraryPolicy(participantsMayAdd: boolean): Promise<void> {
    return this.libraryRequest('room.setLibraryPolicy', { participantsMayAdd });
  }

  /** Sends volume/mute (only when audio sync is on); returns the message id, or null. */
  sendAudio(audio: AudioState): string | null {
    if (!this.preferences.sends('audio') || !this.canEdit || !this.canSendNow()) return null;
    return this.client.send('sync.audio', { audio: { volume: audio.volume, muted: audio.muted } });
  }

  /**
   * Sends one media's audio slip and soundtrack (null: none), only while the Audio category
   * sends; returns the message id, or null when nothing went out.
   */
  sendAudioTrack(media: string, settings: MediaAudioSettings | null): string | null {
    if (!this.preferences.sends('audio') || !this.canEdit || !this.canSendNow()) return null;
    return this.client.send('sync.audioTrack', { media, settings });
  }

  /** Sends the compare settings while the Compare category sends; the message id, or null. */
  sendCompare(compare: CompareState): string | null {
    if (!this.preferences.sends('compare') || !this.canEdit || !this.canSendNow()) return null;
    return this.client.send('sync.compare', { compare });
  }

  /** Sends the stereo settings while the Stereo category sends; the message id, or null. */
  sendStereo(stereo: StereoState): string | null {
    if (!this.preferences.sends('stereo') || !this.canEdit || !this.canSendNow()) return null;
    return this.client.send('sync.stereo', { stereo });
  }

  /** Host: changes room settings. */
  updateRoomSettings(settings: RoomSettingsPatch): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('room.settings', { settings }) !== null;
  }

  /** Host: makes a user participant or viewer. */
  setUserRole(userId: string, role: 'participant' | 'viewer'): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('room.setRole', { userId, role }) !== null;
  }

  /** Host: hands the host role to another user (this client becomes a participant). */
  transferHost(userId: string): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('room.transferHost', { userId }) !== null;
  }

  /** Host: removes a member from the room (its rejoin token stops working). */
  removeMember(userId: string): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('room.removeMember', { userId }) !== null;
  }

  /** Host: a new room PIN for whoever joins next (null: no PIN). */
  setRoomPin(pin: string | null): boolean {
    if (!this.isHost || !this.canSendNow()) return false;
    return this.client.send('room.setPin', { pin }) !== null;
  }

  /** Own presence: idle/active and media readiness (shown to the others). */
  setPresence(presence: { status?: PresenceStatus; mediaStatus?: MediaStatus }): boolean {
    if (!this.canSendNow()) return false;
    return this.client.send('user.presence', presence) !== null;
  }

  /**
   * Marks a lasting conflict the user must resolve, e.g. a media mismatch with the host: the
   * sync status stays `conflict` while it is on (and in a connected room).
   */
  setMediaConflict(on: boolean): void {
    this.tracker.setLastingConflict(on);
  }

  /** Ephemeral pointer position in image pixels; dropped (never queued) when offline. */
  sendCursor(cursor: ClientPayload<'live.cursor'>): boolean {
    if (!this.canSendNow()) return false;
    return this.client.send('live.cursor', cursor) !== null;
  }

  /** Ephemeral points of a stroke being drawn; dropped when offline or annotation sync is off. */
  sendLiveStroke(stroke: LiveStroke): boolean {
    if (!this.preferences.sends('annotations') || !this.canEdit || !this.canSendNow()) return false;
    return this.client.send('live.stroke', stroke) !== null;
  }

  /**
   * A playlist edit or move (docs/playlist.md); resolves once the room applied it, rejects with
   * the server's refusal (code and reason) or when not connected.
   */
  playlistRequest<K extends PlaylistRequestType>(
    type: K,
    payload: ClientPayload<K>,
  ): Promise<void> {
    return this.libraryRequest(type, payload);
  }

  protected async libraryRequest<
    K extends 'library.add' | 'library.remove' | 'room.setLibraryPolicy' | PlaylistRequestType,
  >(type: K, payload: ClientPayload<K>): Promise<void> {
    this.assertUsable();
    if (!this.canSendNow())
      throw new NetworkError('NOT_CONNECTED', 'not connected to the room; try again once it is');
    await this.requests.send(type, payload, 'reply');
  }

  protected canSendNow(): boolean {
    return this.channel.room !== null && this.client.isOpen && !this.channel.awaitingState;
  }

  protected assertUsable(): void {
    if (this.disposed) throw new NetworkError('DISPOSED', 'the sync manager was disposed');
  }
}
