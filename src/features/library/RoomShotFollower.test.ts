import { describe, expect, it } from 'vitest';
import type { MediaInfo } from '../../core/media/types';
import type { MediaDescriptor } from '../../protocol/index';
import { RoomShotFollower, streamableShot, type FollowerInputs } from './RoomShotFollower';
import { libraryItem } from './testItems';

const SHOT = 'a'.repeat(64);
const item = libraryItem({ id: SHOT, name: 'shot.mp4' });
const shotDescriptor: MediaDescriptor = {
  name: 'shot.mp4',
  frameStart: 1,
  frameEnd: 120,
  fps: 24,
  width: 1920,
  height: 1080,
  fingerprint: SHOT,
};
const demo: MediaInfo = {
  kind: 'demo',
  name: 'ReelSync demo',
  frameStart: 1,
  frameEnd: 240,
  fps: 24,
  width: 1280,
  height: 720,
  sizeBytes: 0,
  fingerprint: null,
  hasAudio: false,
};
const demoDescriptor: MediaDescriptor = {
  name: 'ReelSync demo',
  frameStart: 1,
  frameEnd: 240,
  fps: 24,
  width: 1280,
  height: 720,
};

function inputs(partial: Partial<FollowerInputs>): FollowerInputs {
  return {
    roomCode: 'ABCD-EFGH',
    isHost: false,
    roomMedia: shotDescriptor,
    items: [item],
    local: demo,
    opening: false,
    ...partial,
  };
}

describe('RoomShotFollower', () => {
  it('finds the room’s shot in the library only when it can be streamed', () => {
    expect(streamableShot(shotDescriptor, [item])).toBe(item);
    expect(streamableShot(shotDescriptor, [{ ...item, state: 'processing' }])).toBeNull();
    expect(streamableShot({ ...shotDescriptor, fingerprint: undefined }, [item])).toBeNull();
  });

  it('a participant without the shot plays it from the library once', () => {
    const follower = new RoomShotFollower();
    expect(follower.next(inputs({}))).toBe(item);
    // Opening failed or the user opened something else: not forced again.
    expect(follower.next(inputs({}))).toBeNull();
  });

  it('a participant whose own copy matches keeps it', () => {
    const follower = new RoomShotFollower();
    const own: MediaInfo = {
      ...demo,
      kind: 'video',
      name: 'copy.mp4',
      frameEnd: 120,
      width: 1920,
      height: 1080,
      fingerprint: SHOT,
    };
    expect(follower.next(inputs({ local: own }))).toBeNull();
    // While its fingerprint is computed, a same-named copy of the same shape counts as the shot.
    const hashing = { ...own, name: 'shot.mp4', fingerprint: null };
    expect(follower.next(inputs({ local: hashing }))).toBeNull();
  });

  it('waits while media is being opened and outside a room', () => {
    const follower = new RoomShotFollower();
    expect(follower.next(inputs({ opening: true }))).toBeNull();
    expect(follower.next(inputs({ roomCode: null }))).toBeNull();
    expect(follower.next(inputs({}))).toBe(item);
  });

  it('the host of a room with no shot opens the first item that turns playable, once', () => {
    const follower = new RoomShotFollower();
    const host = { isHost: true, roomMedia: demoDescriptor };
    expect(follower.next(inputs({ ...host, items: [{ ...item, state: 'uploading' }] }))).toBeNull();
    expect(follower.next(inputs({ ...host }))).toBe(item);
    const second = libraryItem({ id: 'b'.repeat(64) });
    expect(follower.next(inputs({ ...host, items: [item, second] }))).toBeNull();
  });

  it('the host showing its own media, or a room whose shot is not in the library, is left alone', () => {
    const follower = new RoomShotFollower();
    const own: MediaInfo = { ...demo, kind: 'video', name: 'mine.mov' };
    expect(follower.next(inputs({ isHost: true, local: own }))).toBeNull();
    const elsewhere = { ...shotDescriptor, name: 'other.mov', fingerprint: 'c'.repeat(64) };
    expect(follower.next(inputs({ isHost: true, roomMedia: elsewhere }))).toBeNull();
  });

  it('the host follows when another member makes a library item the room’s shot', () => {
    const follower = new RoomShotFollower();
    const own: MediaInfo = {
      ...demo,
      kind: 'video',
      name: 'mine.mov',
      fingerprint: 'd'.repeat(64),
    };
    const ownDescriptor = { ...shotDescriptor, name: 'mine.mov', fingerprint: 'd'.repeat(64) };
    const host = { isHost: true, local: own };
    expect(follower.next(inputs({ ...host, roomMedia: ownDescriptor }))).toBeNull();
    // library.open / reelsync push by someone else: the room's shot is now the library item.
    expect(follower.next(inputs({ ...host }))).toBe(item);
    // Shown (or opening): nothing more; a later change back to the host's own media is its own.
    const showing: MediaInfo = {
      ...own,
      name: 'shot.mp4',
      frameEnd: 120,
      width: 1920,
      height: 1080,
      fingerprint: SHOT,
    };
    expect(follower.next(inputs({ ...host, local: showing }))).toBeNull();
  });

  it('a member follows every change of the room’s shot, also back to one seen before', () => {
    const follower = new RoomShotFollower();
    const other = libraryItem({ id: 'e'.repeat(64), name: 'other.mp4' });
    const otherDescriptor = { ...shotDescriptor, name: 'other.mp4', fingerprint: other.id };
    const items = [item, other];
    expect(follower.next(inputs({ items }))).toBe(item);
    expect(follower.next(inputs({ items, roomMedia: otherDescriptor }))).toBe(other);
    expect(follower.next(inputs({ items }))).toBe(item);
  });

  it('a host back from a reload (demo on screen) plays the room’s shot from the library', () => {
    const follower = new RoomShotFollower();
    expect(follower.next(inputs({ isHost: true }))).toBe(item);
  });

  it('starts over in another room', () => {
    const follower = new RoomShotFollower();
    expect(follower.next(inputs({}))).toBe(item);
    expect(follower.next(inputs({ roomCode: 'WXYZ-2345' }))).toBe(item);
  });
});
