// DeepLinkRunner on the real Playback: it waits for the link's room and for media, then sets
// in/out and the frame (clamped to the media, with a reason), and opens items through the hook.
import { describe, expect, it } from 'vitest';
import { Playback } from '../../core/playback/Playback';
import { EventEmitter } from '../../utils/EventEmitter';
import { DeepLinkRunner, type LinkPhase } from './DeepLinkRunner';
import { LinkItems } from './LinkItems';
import { rangeOnlyMedia as clip } from '../../../test/support/fakeMedia';

class FakeRoom extends EventEmitter<{ roomJoined: { roomId: string } }> {
  roomCode: string | null = null;
  join(roomId: string): void {
    this.roomCode = roomId;
    this.emit('roomJoined', { roomId });
  }
}

function run(
  target: ConstructorParameters<typeof DeepLinkRunner>[0],
  options: { media?: boolean } = {},
) {
  const playback = new Playback();
  if (options.media !== false) playback.setMedia(clip());
  const room = new FakeRoom();
  const items = new LinkItems();
  const runner = new DeepLinkRunner(target, { playback, network: room, items });
  const phases: LinkPhase[] = [];
  runner.on('changed', (phase) => phases.push(phase));
  return { playback, room, items, runner, phases };
}

describe('DeepLinkRunner', () => {
  it('applies frame and in/out at once when there is no room and media is open', () => {
    const { playback, runner, phases } = run({ frame: 100, inFrame: 90, outFrame: 140 });
    runner.start();
    expect([playback.currentFrame, playback.inPoint, playback.outPoint]).toEqual([100, 90, 140]);
    expect(phases.at(-1)).toEqual({
      kind: 'done',
      applied: ['in 90, out 140', 'frame 100'],
      problems: [],
    });
  });

  it('waits until the link room is joined', () => {
    const { playback, room, runner, phases } = run({ room: 'K7QX-M2PD', frame: 50 });
    runner.start();
    expect(phases).toEqual([{ kind: 'waiting-room', roomId: 'K7QX-M2PD' }]);
    room.join('ZZZZ-ZZZZ');
    expect(playback.currentFrame).toBe(1);
    room.join('K7QX-M2PD');
    expect(playback.currentFrame).toBe(50);
  });

  it('waits for media, then clamps what lies outside it and says so', async () => {
    const { playback, runner, phases } = run({ frame: 5000, inFrame: 0 }, { media: false });
    runner.start();
    expect(phases).toEqual([{ kind: 'waiting-media' }]);
    playback.setMedia(clip());
    await Promise.resolve();
    expect([playback.currentFrame, playback.inPoint]).toEqual([240, 1]);
    expect(phases.at(-1)).toMatchObject({
      kind: 'done',
      problems: [
        'in 0 is outside this media (1–240): using 1',
        'frame 5000 is outside this media (1–240): using 240',
      ],
    });
  });

  it('opens the item through the hook, or says there is no playlist', async () => {
    const without = run({ item: 'shot_010', frame: 10 });
    without.runner.start();
    await Promise.resolve();
    expect(without.phases.at(-1)).toMatchObject({
      kind: 'done',
      applied: ['frame 10'],
      problems: ['item shot_010: this player has no playlist to open it from'],
    });

    const withHook = run({ item: 'shot_020', frame: 12 });
    const asked: string[] = [];
    withHook.items.open = (id) => {
      asked.push(id);
      return Promise.resolve(id === 'shot_020' ? true : 'it is not in the room’s playlist');
    };
    withHook.runner.start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toEqual(['shot_020']);
    expect(withHook.phases.at(-1)).toEqual({
      kind: 'done',
      applied: ['item shot_020', 'frame 12'],
      problems: [],
    });
  });

  it('does nothing more once dismissed', () => {
    const { playback, room, runner, phases } = run({ room: 'K7QX-M2PD', frame: 50 });
    runner.start();
    runner.dismiss();
    room.join('K7QX-M2PD');
    expect(playback.currentFrame).toBe(1);
    expect(phases.at(-1)).toEqual({ kind: 'dismissed' });
  });
});
