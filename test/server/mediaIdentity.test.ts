// Integration (real server, real sync engines): media identity. The host's MediaIdentity
// announces its media; a participant's compares and reports ready / missing / mismatch as
// presence, which everyone sees; a mismatch keeps the participant's sync status at `conflict`.
// Then wait for everyone end to end: the host's play is held until the guest is ready.
import { describe, expect, it } from 'vitest';
import type { MediaInfo, MediaSource } from '../../src/core/media/types';
import type { MediaStatus } from '../../src/protocol/index';
import { MediaIdentity, type MediaHolder } from '../../src/features/mediaIdentity/MediaIdentity';
import { EventEmitter } from '../../src/utils/EventEmitter';
import { waitFor, type Peer } from '../network/helpers';
import { roomKit } from '../network/room';
import { MemoryStorage } from '../support/memoryStorage';

const SHOT: MediaInfo = {
  kind: 'video',
  name: 'shot010_v3.mov',
  frameStart: 1,
  frameEnd: 48,
  fps: 24,
  width: 640,
  height: 360,
  sizeBytes: 1000,
  fingerprint: null,
  hasAudio: false,
};
const SHOT_HASH = 'a'.repeat(64);

/** A media source whose fingerprint resolves when the test says so. */
function source(info: MediaInfo, hash: string | null) {
  let resolve: (value: string) => void = () => undefined;
  const pending = new Promise<string>((done) => (resolve = done));
  const media = {
    info: { ...info },
    fingerprint: () => pending,
  } as unknown as MediaSource;
  return {
    media,
    finishHash: () => {
      if (hash === null) return;
      media.info.fingerprint = hash;
      resolve(hash);
    },
  };
}

/** Stands in for the Playback: what is on screen, and the event when it changes. */
class Screen extends EventEmitter<{ mediaChanged: undefined }> implements MediaHolder {
  media: MediaSource | null = null;
  show(media: MediaSource): void {
    this.media = media;
    this.emit('mediaChanged', undefined);
  }
}

interface Member {
  peer: Peer;
  screen: Screen;
  identity: MediaIdentity;
}

const kit = roomKit();

function member(url: string): Member {
  const peer = kit.peer(url);
  const screen = new Screen();
  const identity = kit.track(new MediaIdentity(peer.sync, screen));
  return { peer, screen, identity };
}

async function room(): Promise<{ host: Member; guest: Member; url: string }> {
  const server = await kit.server();
  let hostBuilt = false;
  const { host, guests } = await kit.room(server.syncUrl, {
    guestName: () => 'Guest',
    member: (url) => {
      const built = member(url);
      if (!hostBuilt) {
        // The host shows the shot (fingerprint known) before it creates the room.
        hostBuilt = true;
        const shown = source(SHOT, SHOT_HASH);
        built.screen.show(shown.media);
        shown.finishHash();
      }
      return built;
    },
    peerOf: (built) => built.peer,
  });
  return { host, guest: guests[0] as Member, url: server.syncUrl };
}

function statusOn(observer: Member, subject: Member): MediaStatus | undefined {
  return observer.peer.sync.users.find((user) => user.userId === subject.peer.sync.userId)
    ?.mediaStatus;
}

describe('media identity through the server', () => {
  it('the host announces its media with the fingerprint; the same file follows silently', async () => {
    const { host, guest } = await room();
    await waitFor(() => guest.peer.sync.roomMedia?.fingerprint === SHOT_HASH, {
      what: 'descriptor with fingerprint on the guest',
    });
    expect(guest.peer.sync.roomMedia).toMatchObject({
      name: SHOT.name,
      frameStart: 1,
      frameEnd: 48,
      fps: 24,
      width: 640,
      height: 360,
    });
    // The guest opens the same file: it follows at once on name and shape, and stays ready when
    // its fingerprint (same bytes) arrives.
    // While the file opens (header, drop), everyone sees the guest loading.
    guest.identity.setOpening(true);
    await waitFor(() => statusOn(host, guest) === 'loading', {
      what: 'host sees the guest loading',
    });
    const copy = source(SHOT, SHOT_HASH);
    guest.screen.show(copy.media);
    guest.identity.setOpening(false);
    expect(guest.identity.view.status).toBe('ready');
    copy.finishHash();
    await waitFor(() => guest.identity.view.status === 'ready', { what: 'guest ready' });
    await waitFor(() => statusOn(host, guest) === 'ready', { what: 'host sees the guest ready' });
    await waitFor(() => statusOn(guest, host) === 'ready', { what: 'guest sees the host ready' });
    expect(guest.peer.sync.syncStatus).not.toBe('conflict');
  });

  it('other media is missing; a copy with other content is a mismatch held as the conflict status', async () => {
    const { host, guest } = await room();
    const other = source({ ...SHOT, name: 'demo.webm', frameEnd: 100 }, 'b'.repeat(64));
    guest.screen.show(other.media);
    other.finishHash();
    await waitFor(() => guest.peer.sync.roomMedia !== null, { what: 'room media on the guest' });
    await waitFor(() => statusOn(host, guest) === 'missing', {
      what: 'host sees the guest missing',
    });
    expect(guest.identity.view.status).toBe('missing');
    expect(guest.peer.sync.syncStatus).not.toBe('conflict');

    // "Open your copy": same name, different bytes.
    const wrong = source(SHOT, 'c'.repeat(64));
    await guest.identity.openCopy(async () => {
      guest.screen.show(wrong.media);
      return true;
    });
    wrong.finishHash();
    await waitFor(() => guest.identity.view.status === 'mismatch', { what: 'guest mismatch' });
    await waitFor(() => statusOn(host, guest) === 'mismatch', { what: 'host sees the mismatch' });
    await waitFor(() => guest.peer.sync.syncStatus === 'conflict', { what: 'conflict status' });
    // Persistent, not a flash: held as a lasting conflict, which outlives the hold time of a
    // lost change (StatusTracker.test.ts drives that time).
    expect(guest.peer.sync.mediaConflict).toBe(true);

    // The right file ends the conflict.
    const right = source(SHOT, SHOT_HASH);
    await guest.identity.openCopy(async () => {
      guest.screen.show(right.media);
      return true;
    });
    right.finishHash();
    await waitFor(() => statusOn(host, guest) === 'ready', { what: 'host sees the guest ready' });
    await waitFor(() => guest.peer.sync.syncStatus === 'synced', { what: 'synced again' });

    // The host moves on to another shot: the guest's copy of the old one is simply not it.
    const next = source({ ...SHOT, name: 'shot020_v1.mov' }, 'e'.repeat(64));
    host.screen.show(next.media);
    next.finishHash();
    await waitFor(() => guest.peer.sync.roomMedia?.name === 'shot020_v1.mov', {
      what: 'next shot',
    });
    await waitFor(() => statusOn(host, guest) === 'missing', {
      what: 'guest missing the next shot',
    });
    expect(guest.peer.sync.syncStatus).not.toBe('conflict');
  });

  it('a look-alike follows at once and turns into a mismatch when its fingerprint differs', async () => {
    const { host, guest } = await room();
    await waitFor(() => guest.peer.sync.roomMedia?.fingerprint === SHOT_HASH, {
      what: 'room media',
    });
    const lookAlike = source(SHOT, 'f'.repeat(64));
    guest.screen.show(lookAlike.media);
    expect(guest.identity.view.status).toBe('ready');
    await waitFor(() => statusOn(host, guest) === 'ready', { what: 'host sees the guest ready' });
    lookAlike.finishHash();
    await waitFor(() => statusOn(host, guest) === 'mismatch', { what: 'host sees the mismatch' });
    expect(guest.peer.sync.syncStatus).toBe('conflict');
  });

  it('a new host announces its own media', async () => {
    const { host, guest } = await room();
    const other = source({ ...SHOT, name: 'other.mov' }, 'd'.repeat(64));
    guest.screen.show(other.media);
    other.finishHash();
    await waitFor(() => guest.peer.sync.roomMedia?.name === SHOT.name, {
      what: 'host media first',
    });
    const guestId = guest.peer.sync.userId;
    if (!guestId) throw new Error('guest has no id');
    host.peer.sync.transferHost(guestId);
    await waitFor(() => host.peer.sync.roomMedia?.name === 'other.mov', { what: 'new host media' });
    await waitFor(() => host.identity.view.status === 'missing', { what: 'old host now missing' });
  });

  it('a reloaded host page on its start-up media is asked to reopen the shot and is not ready until it does', async () => {
    const server = await kit.server();
    const storage = new MemoryStorage();
    const first = { peer: kit.peer(server.syncUrl, { storage }), screen: new Screen() };
    const firstIdentity = new MediaIdentity(first.peer.sync, first.screen);
    first.screen.show(source(SHOT, SHOT_HASH).media);
    const { roomId } = await first.peer.sync.createRoom({ displayName: 'Host' });
    const guest = member(server.syncUrl);
    await guest.peer.sync.joinRoom(roomId, undefined, { displayName: 'Guest' });
    guest.screen.show(source(SHOT, SHOT_HASH).media);
    await waitFor(() => guest.identity.view.status === 'ready', { what: 'guest ready' });
    // The page reloads: a new player shows its start-up media (the demo clip) and rejoins.
    firstIdentity.dispose();
    first.peer.sync.dispose();
    const demo = source({ ...SHOT, name: 'ReelSync demo clip', frameEnd: 1440 }, 'e'.repeat(64));
    const reloaded = { peer: kit.peer(server.syncUrl, { storage }), screen: new Screen() };
    reloaded.screen.show(demo.media);
    demo.finishHash();
    const identity = kit.track(new MediaIdentity(reloaded.peer.sync, reloaded.screen));
    await reloaded.peer.sync.resumeStoredRoom();
    expect(reloaded.peer.sync.isHost).toBe(true);
    await waitFor(() => identity.view.reopen, { what: 'asked to reopen the shot' });
    expect(identity.view.status).toBe('missing');
    const host = { peer: reloaded.peer, screen: reloaded.screen, identity };
    await waitFor(() => statusOn(guest, host) === 'missing', {
      what: 'guest sees the host missing',
    });
    // The room kept its shot: the demo clip was not announced.
    expect(guest.peer.sync.roomMedia?.name).toBe(SHOT.name);
    expect(guest.identity.view.status).toBe('ready');
    // Reopening the shot: ready again.
    reloaded.screen.show(source(SHOT, SHOT_HASH).media);
    expect(identity.view.reopen).toBe(false);
    await waitFor(() => statusOn(guest, host) === 'ready', { what: 'guest sees the host ready' });
    expect(guest.peer.sync.roomMedia?.name).toBe(SHOT.name);
  });

  it('wait for everyone: the host presses play, it starts for both once the guest is ready', async () => {
    const { host, guest } = await room();
    host.peer.sync.updateRoomSettings({ waitForEveryone: true });
    await waitFor(() => guest.peer.sync.roomSettings.waitForEveryone, {
      what: 'setting on the guest',
    });
    const other = source({ ...SHOT, name: 'other.mov' }, 'e'.repeat(64));
    guest.screen.show(other.media);
    other.finishHash();
    await waitFor(() => statusOn(host, guest) === 'missing', { what: 'guest missing' });

    host.peer.session.play();
    // Held: the host's player is put back to paused and nobody plays.
    await waitFor(() => !host.peer.session.motion.playing, { what: 'host snapped back to paused' });
    expect(guest.peer.session.motion.playing).toBe(false);
    // Everyone hears whom the play waits for.
    await waitFor(() => host.identity.view.hold !== null, { what: 'host sees the hold' });
    await waitFor(() => guest.identity.view.hold?.userIds[0] === guest.peer.sync.userId, {
      what: 'guest sees the hold',
    });
    // Not a lost race: the host's status light does not flash conflict.
    expect(host.peer.sync.syncStatus).not.toBe('conflict');

    const right = source(SHOT, SHOT_HASH);
    guest.screen.show(right.media);
    right.finishHash();
    await waitFor(() => host.peer.session.motion.playing && guest.peer.session.motion.playing, {
      what: 'both playing',
    });
    expect(host.peer.session.motion.anchorTime).toBe(guest.peer.session.motion.anchorTime);
    await waitFor(() => host.identity.view.hold === null, { what: 'hold over' });
  });
});
