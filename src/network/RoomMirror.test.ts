// RoomMirror unit tests (spec SSM-*): state, conflict rules, latency compensation, merge.
import { describe, expect, it } from 'vitest';
import { frameAt, positionAt, type Motion } from '../core/playback/motion';
import {
  createDefaultRoomState,
  DEFAULT_MOTION,
  type Annotation,
  type ServerChange,
  type ViewState,
} from '../protocol/index';
import { ClockSync } from './ClockSync';
import { RoomMirror, motionNeedsApply } from './RoomMirror';

const HOST = 'host1';
const ME = 'me1';
const OTHER = 'other1';

const motion = (patch: Partial<Motion> = {}): Motion => ({ ...DEFAULT_MOTION, ...patch });

/** A mirror that only receives (nothing of its own to send). */
const RECEIVE_ONLY = { send: () => null, canSend: () => false };

const view = (zoom: number): ViewState => ({
  zoom,
  pan: { x: 0, y: 0 },
  fit: false,
  channel: 'rgb',
});

function change<T extends ServerChange['type']>(
  type: T,
  payload: Extract<ServerChange, { type: T }>['payload'],
  version: number,
  userId: string,
  replyTo?: string,
): ServerChange {
  return {
    type,
    id: `m${version}`,
    timestamp: 0,
    version,
    userId,
    ...(replyTo ? { replyTo } : {}),
    payload,
  } as ServerChange;
}

const annotation = (id: string, author: string): Annotation => ({
  id,
  frame: 10,
  tool: 'pen',
  color: '#ff0000',
  width: 2,
  points: [0, 0, 0.5, 10, 10, 0.5],
  author,
  createdAt: 0,
});

/** Room state at version 5; local changes go out as message `messageId` (none: offline). */
function manager(messageId?: string): RoomMirror {
  const state = new RoomMirror({
    send: () => messageId ?? null,
    canSend: () => messageId !== undefined,
  });
  state.setSnapshot(5, createDefaultRoomState());
  state.hostId = HOST;
  return state;
}

describe('RoomMirror', () => {
  it('SSM-001 A queued change goes out based on the room version seen, and is pending until answered', () => {
    const sent: Array<{ kind: string; baseVersion: number }> = [];
    let open = false;
    const state = new RoomMirror({
      send: (kind, baseVersion) => {
        sent.push({ kind, baseVersion });
        return 'p1';
      },
      canSend: () => open,
    });
    state.setSnapshot(5, createDefaultRoomState());
    state.queue('playback');
    expect(state.pendingCount).toBe(1);
    open = true;
    state.flush();
    expect(sent).toEqual([{ kind: 'playback', baseVersion: 5 }]);
    expect(state.hasPending('playback')).toBe(true);
    expect(state.settle('p1')).toBe('playback');
    expect(state.hasPending('playback')).toBe(false);
  });

  it('SSM-002 Stores remote state', () => {
    const state = new RoomMirror({ send: () => null, canSend: () => false });
    const snapshot = createDefaultRoomState();
    state.setSnapshot(7, snapshot);
    snapshot.motion.anchorFrame = 999; // a copy is kept
    expect(state.version).toBe(7);
    expect(state.remoteState?.motion.anchorFrame).toBe(1);
    state.applyChange(
      change('sync.playback', { motion: motion({ anchorFrame: 40 }) }, 8, OTHER),
      ME,
      'participant',
    );
    expect(state.version).toBe(8);
    expect(state.remoteState?.motion.anchorFrame).toBe(40);
    // Old or duplicate versions are ignored.
    const stale = state.applyChange(
      change('sync.view', { view: view(3) }, 8, OTHER),
      ME,
      'participant',
    );
    expect(stale.apply).toBe(false);
    expect(state.remoteState?.view.zoom).toBe(1);
  });

  it('SSM-003 Detects state conflict', () => {
    const state = manager();
    expect(
      state.applyChange(change('sync.view', { view: view(2) }, 6, OTHER), ME, 'participant')
        .conflict,
    ).toBe(false);
    state.queue('view');
    const decision = state.applyChange(
      change('sync.view', { view: view(3) }, 7, OTHER),
      ME,
      'participant',
    );
    expect(decision.conflict).toBe(true);
  });

  it('SSM-004 Resolves conflict with last-write-wins', () => {
    const state = manager('mine');
    state.queue('view');
    // Another user's change was sequenced before ours: ours comes later in server order and wins.
    const earlier = state.applyChange(
      change('sync.view', { view: view(3) }, 6, OTHER),
      ME,
      'participant',
    );
    expect(earlier).toMatchObject({ apply: false, conflict: true });
    // Our echo settles it; the next remote change applies normally.
    state.applyChange(change('sync.view', { view: view(2) }, 7, ME, 'mine'), ME, 'participant');
    expect(state.pendingCount).toBe(0);
    const later = state.applyChange(
      change('sync.view', { view: view(4) }, 8, OTHER),
      ME,
      'participant',
    );
    expect(later).toMatchObject({ apply: true, conflict: false });
    expect(state.remoteState?.view.zoom).toBe(4);
  });

  it('SSM-005 Resolves playback conflict with host authority', () => {
    const participant = manager('seek');
    participant.queue('playback');
    const fromHost = participant.applyChange(
      change('sync.playback', { motion: motion({ anchorFrame: 700 }) }, 6, HOST),
      ME,
      'participant',
    );
    expect(fromHost).toMatchObject({ apply: true, conflict: true });
    expect(participant.hasPending('playback')).toBe(false); // ours is stale and will be rejected
    // The host keeps its own change against a participant's earlier one.
    const host = manager('seek');
    host.hostId = ME;
    host.queue('playback');
    const fromParticipant = host.applyChange(
      change('sync.playback', { motion: motion({ anchorFrame: 300 }) }, 6, OTHER),
      ME,
      'host',
    );
    expect(fromParticipant).toMatchObject({ apply: false, conflict: true });
  });

  it('SSM-010 Calculates frame prediction from RTT', () => {
    // Ping sent at local 1000, answered at server 51_020, back at local 1040: rtt 40, offset 50_000.
    let local = 1040;
    const clock = new ClockSync({ now: () => local });
    clock.addSample({ sentAt: 1000, serverTime: 51_020, receivedAt: 1040 });
    expect(clock.rtt).toBe(40);
    expect(clock.offset).toBe(50_000);
    const playing = motion({ playing: true, anchorFrame: 100, anchorTime: 51_000 });
    local = 2000; // server time 52_000: one second after the anchor
    // Latency needs no extra term: the frame is the motion evaluated on the server clock.
    expect(frameAt(playing, clock.serverNow())).toBe(124);
  });

  it('SSM-011 Applies latency compensation', () => {
    const start = 10_000;
    const playing = motion({ playing: true, anchorFrame: 100, anchorTime: start, speed: 2 });
    expect(positionAt(playing, start + 500)).toBe(124); // 0.5 s · 24 fps · 2
    const looping = motion({
      playing: true,
      anchorFrame: 10,
      anchorTime: start,
      inPoint: 1,
      outPoint: 20,
    });
    expect(frameAt(looping, start + 1000)).toBe(14); // 10 + 24 wraps past 20 to 1 + 13
    const once = { ...looping, loopMode: 'once' as const };
    expect(frameAt(once, start + 1000)).toBe(20);
    const pingpong = { ...looping, loopMode: 'pingpong' as const };
    expect(frameAt(pingpong, start + 1000)).toBe(6); // 10 → 20 (10 frames), then back 14 to 6
  });

  it('SSM-012 Skips update within threshold', () => {
    const now = 20_000;
    const local = motion({ playing: true, anchorFrame: 100, anchorTime: 10_000 });
    // The same playback re-anchored later: same position function, nothing to do.
    const reanchored = { ...local, anchorFrame: 100 + 240, anchorTime: 20_000 };
    expect(motionNeedsApply(local, reanchored, now, 0.05)).toBe(false);
    // One frame apart: a real seek.
    expect(motionNeedsApply(local, { ...reanchored, anchorFrame: 341 }, now, 0.05)).toBe(true);
    // Different rate parameters always apply.
    expect(motionNeedsApply(local, { ...reanchored, speed: 2 }, now, 0.05)).toBe(true);
  });

  it('SSM-020 Merges non-conflicting annotation changes', () => {
    const state = new RoomMirror(RECEIVE_ONLY);
    state.setSnapshot(5, { ...createDefaultRoomState(), annotations: [annotation('me1-1', ME)] });
    state.markSent('a1', 'annotation');
    state.trackAnnotation('a1', 'me1-2');
    const decision = state.applyChange(
      change('sync.annotation', { op: 'add', annotation: annotation('other1-1', OTHER) }, 6, OTHER),
      ME,
      'participant',
    );
    expect(decision).toMatchObject({ apply: true, conflict: false });
    expect(state.remoteState?.annotations.map((item) => item.id)).toEqual(['me1-1', 'other1-1']);
  });

  it('SSM-021 Detects annotation conflict', () => {
    const state = new RoomMirror(RECEIVE_ONLY);
    state.setSnapshot(5, { ...createDefaultRoomState(), annotations: [annotation('me1-1', ME)] });
    state.hostId = HOST;
    state.markSent('a1', 'annotation');
    state.trackAnnotation('a1', 'me1-1');
    const decision = state.applyChange(
      change('sync.annotation', { op: 'remove', ids: ['me1-1'] }, 6, HOST),
      ME,
      'participant',
    );
    expect(decision).toMatchObject({ apply: true, conflict: true });
    expect(state.remoteState?.annotations).toEqual([]);
  });

  it('SSM-022 Replaces an edited annotation in place (the server order of the list)', () => {
    const state = new RoomMirror(RECEIVE_ONLY);
    const annotations = [annotation('a', OTHER), annotation('b', OTHER)];
    state.setSnapshot(5, { ...createDefaultRoomState(), annotations });
    const edited = { ...annotation('a', OTHER), color: '#00ff00' };
    state.applyChange(
      change('sync.annotation', { op: 'add', annotation: edited }, 6, OTHER),
      ME,
      null,
    );
    expect(state.remoteState?.annotations.map((item) => [item.id, item.color])).toEqual([
      ['a', '#00ff00'],
      ['b', '#ff0000'],
    ]);
  });
});

describe('RoomMirror: whose motion a newly opened shot shows', () => {
  const shot = (name: string, fingerprint: string | null) => ({
    name,
    frameStart: 1,
    frameEnd: 48,
    fingerprint,
  });
  const descriptor = (name: string, fingerprint: string) => ({
    name,
    frameStart: 1,
    frameEnd: 48,
    fps: 24,
    width: 64,
    height: 64,
    fingerprint,
  });

  it('after a snapshot or a playlist move the room motion is for its media; after sync.media not until a motion follows', () => {
    const mirror = new RoomMirror(RECEIVE_ONLY);
    mirror.setSnapshot(1, { ...createDefaultRoomState(), media: descriptor('a.mov', 'aa') });
    expect(mirror.motionFitsMedia(shot('a.mov', 'aa'))).toBe(true);
    expect(mirror.motionFitsMedia(shot('b.mov', 'bb'))).toBe(false);
    // Still hashing: compared by name and range.
    expect(mirror.motionFitsMedia(shot('a.mov', null))).toBe(true);
    mirror.applyChange(
      change('sync.media', { media: descriptor('b.mov', 'bb') }, 2, HOST),
      ME,
      'participant',
    );
    expect(mirror.motionFitsMedia(shot('b.mov', 'bb'))).toBe(false);
    mirror.applyChange(
      change('sync.playback', { motion: motion({ anchorFrame: 9 }) }, 3, HOST),
      ME,
      'participant',
    );
    expect(mirror.motionFitsMedia(shot('b.mov', 'bb'))).toBe(true);
    mirror.applyChange(
      change('sync.media', { media: descriptor('c.mov', 'cc') }, 4, HOST),
      ME,
      'participant',
    );
    mirror.applyChange(
      change(
        'sync.playlist',
        {
          op: 'current',
          switch: {
            currentId: 'x',
            media: descriptor('d.mov', 'dd'),
            motion: motion({ anchorFrame: 20 }),
            view: view(1),
          },
        },
        5,
        HOST,
      ),
      ME,
      'participant',
    );
    expect(mirror.remoteState?.motion.anchorFrame).toBe(20);
    expect(mirror.motionFitsMedia(shot('d.mov', 'dd'))).toBe(true);
    expect(mirror.motionFitsMedia(null)).toBe(false);
  });
});
