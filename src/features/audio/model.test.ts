// Audio review settings: per media, sent to the room (when the Audio category sends), replaced by
// the room's (when it accepts); offsets typed in frames or ms; the refusals' wording.
import { describe, expect, it } from 'vitest';
import type { MediaAudioSettings } from '../../protocol/index';
import {
  AudioReviewModel,
  formatOffset,
  parseOffset,
  sampleRateNotice,
  slipProblem,
  soundtrackProblem,
  type AudioTrackRoom,
} from './model';

const SHOT = 'a'.repeat(64);
const TRACK = { id: 'b'.repeat(64), name: 'temp.wav', offsetMs: 500 };

class Room implements AudioTrackRoom {
  readonly sent: Array<[string, MediaAudioSettings | null]> = [];
  sending = true;
  sendAudioTrack(media: string, settings: MediaAudioSettings | null): string | null {
    if (!this.sending) return null;
    this.sent.push([media, settings]);
    return `m${this.sent.length}`;
  }
}

describe('AudioReviewModel', () => {
  it('keeps settings per media and sends each change', () => {
    const room = new Room();
    const model = new AudioReviewModel(room);
    const changed: Array<string | null> = [];
    model.on('changed', (media) => changed.push(media));
    model.update(SHOT, { slipMs: 40 });
    model.update(SHOT, { soundtrack: TRACK });
    expect(model.settings(SHOT)).toEqual({ slipMs: 40, soundtrack: TRACK });
    expect(model.settings('c'.repeat(64))).toEqual({ slipMs: 0 });
    expect(model.settings(null)).toEqual({ slipMs: 0 });
    expect(room.sent).toEqual([
      [SHOT, { slipMs: 40 }],
      [SHOT, { slipMs: 40, soundtrack: TRACK }],
    ]);
    expect(changed).toEqual([SHOT, SHOT]);
  });

  it('sends null once nothing is set (the room forgets the media)', () => {
    const room = new Room();
    const model = new AudioReviewModel(room);
    model.update(SHOT, { soundtrack: TRACK });
    model.update(SHOT, { soundtrack: null });
    expect(room.sent.at(-1)).toEqual([SHOT, null]);
    expect(model.settings(SHOT)).toEqual({ slipMs: 0 });
  });

  it('keeps a change locally when nothing goes out', () => {
    const room = new Room();
    room.sending = false;
    const model = new AudioReviewModel(room);
    model.update(SHOT, { slipMs: -20 });
    expect(model.settings(SHOT).slipMs).toBe(-20);
    expect(room.sent).toEqual([]);
  });

  it("takes the room's settings over its own", () => {
    const model = new AudioReviewModel(new Room());
    model.update(SHOT, { slipMs: 10 });
    model.applyRoom({ ['c'.repeat(64)]: { slipMs: 5 } });
    expect(model.settings(SHOT)).toEqual({ slipMs: 0 });
    expect(model.settings('c'.repeat(64))).toEqual({ slipMs: 5 });
  });
});

describe('offsets', () => {
  it('parses frames (fractional too) and ms', () => {
    expect(parseOffset('2', 'frames', 24)).toEqual({ ms: 83.333 });
    expect(parseOffset('-1.5', 'frames', 24)).toEqual({ ms: -62.5 });
    expect(parseOffset('+40', 'ms', 24)).toEqual({ ms: 40 });
    expect(parseOffset('  ', 'ms', 24)).toEqual({ ms: 0 });
    expect(parseOffset('abc', 'frames', 24)).toEqual({
      error: '“abc” is not a number of frames: type e.g. 2, -1.5 or 0.',
    });
  });

  it('formats in the unit shown', () => {
    expect(formatOffset(500, 'frames', 24)).toBe('12');
    expect(formatOffset(83.333, 'frames', 24)).toBe('2');
    expect(formatOffset(-62.5, 'ms', 24)).toBe('-62.5');
  });
});

describe('refusals and notices', () => {
  it('refuses a slip past the picture', () => {
    expect(slipProblem(1999, 2, 'shot.mov')).toBeNull();
    expect(slipProblem(-2000, 2, 'shot.mov')).toBe(
      'A slip of -2000 ms moves the sound of shot.mov past its 2.00 s picture: nothing would be heard. Use a slip between −2000 and 2000 ms.',
    );
  });

  it('refuses a soundtrack offset that never overlaps the picture', () => {
    const names = { sound: 'temp.wav', media: 'shot.mov' };
    expect(soundtrackProblem(500, 1, 2, names)).toBeNull();
    expect(soundtrackProblem(-900, 1, 2, names)).toBeNull();
    expect(soundtrackProblem(2000, 1, 2, names)).toContain('plays entirely outside shot.mov');
    expect(soundtrackProblem(-1000, 1, 2, names)).toContain('between −1000 and 2000 ms');
  });

  it('tells when a soundtrack has another sample rate', () => {
    const names = { sound: 'temp.wav', media: 'shot.mov' };
    expect(sampleRateNotice(48_000, 48_000, names)).toBeNull();
    expect(sampleRateNotice(44_100, null, names)).toBeNull();
    expect(sampleRateNotice(44_100, 48_000, names)).toBe(
      'temp.wav is 44.1 kHz but the sound of shot.mov is 48 kHz: it is resampled to play in sync (timing is kept); conform it to 48 kHz for delivery.',
    );
  });
});
