import { describe, expect, it } from 'vitest';
import { libraryRow, uploadText } from './libraryRows';
import { streamPart } from './mediaAccess';
import { refusalAdvice } from './refusals';
import { libraryItem } from './testItems';
import { TransferRate, formatBytes, formatDuration } from './transferRate';
import type { UploadStatus } from './UploadManager';

const options = {
  currentId: null,
  playable: (item: Parameters<typeof streamPart>[0]) => streamPart(item) !== null,
};

function upload(partial: Partial<UploadStatus> = {}): UploadStatus {
  return {
    key: 'upload-1',
    id: 'a'.repeat(64),
    name: 'shot_v001.mp4',
    size: 1_000_000,
    phase: 'uploading',
    hashed: 1,
    bytesSent: 420_000,
    bytesPerSecond: 3_100_000,
    secondsLeft: 12,
    ...partial,
  };
}

describe('library rows', () => {
  it('describes a ready item with its media details and who added it', () => {
    const row = libraryRow(libraryItem(), null, { ...options, currentId: 'a'.repeat(64) });
    expect(row.state).toBe('ready');
    expect(row.stateText).toBe('Ready');
    expect(row.detail).toBe('5 s · 1920×1080 · 24 fps · h264 · 12.4 MB · added by Ana');
    expect(row.playable).toBe(true);
    expect(row.current).toBe(true);
  });

  it('describes a sound file (a soundtrack) without a picture size or rate; it is not opened as the picture', () => {
    const item = libraryItem({ name: 'temp.wav', size: 88_244 });
    const sound = {
      ...item,
      media: {
        startFrame: 1,
        hasAudio: true,
        codec: 'pcm_s16le',
        width: 0,
        height: 0,
        fps: 0,
        frames: 0,
        durationS: 1,
      },
    };
    const row = libraryRow(sound, null, options);
    expect(row.detail).toBe('1 s · sound · pcm_s16le · 88.2 kB · added by Ana');
    expect(row.playable).toBe(false);
    expect(streamPart(sound)).toBeNull();
  });

  it('shows this page’s upload with percent, rate and time left', () => {
    const row = libraryRow(
      libraryItem({ state: 'uploading', media: undefined }),
      upload(),
      options,
    );
    expect(row.state).toBe('uploading');
    expect(row.progress).toBeCloseTo(0.42);
    expect(row.stateText).toBe('Uploading 42 % · 3.1 MB/s · 12 s left');
    expect(uploadText(upload({ bytesPerSecond: null, secondsLeft: null }))).toBe('Uploading 42 %');
  });

  it('shows how much of the file its SHA-256 check has read', () => {
    const row = libraryRow(null, upload({ phase: 'hashing', hashed: 0.37, bytesSent: 0 }), options);
    expect(row.state).toBe('hashing');
    expect(row.progress).toBeCloseTo(0.37);
    expect(row.stateText).toBe('Checking the file (SHA-256) 37 %…');
  });

  it('says when a dropped connection is being resumed', () => {
    const row = libraryRow(null, upload({ phase: 'retrying' }), options);
    expect(row.stateText).toBe('Connection lost at 42 %, resuming…');
    expect(row.playable).toBe(false);
  });

  it('shows proxy progress, failures with the reason, and another member’s upload', () => {
    const proxy = libraryRow(
      libraryItem({
        state: 'processing',
        browserPlayable: false,
        proxy: { state: 'running', progress: 0.3 },
      }),
      null,
      options,
    );
    expect(proxy.stateText).toBe('Making proxy 30 %');
    expect(proxy.playable).toBe(false);
    const failed = libraryRow(
      libraryItem({ state: 'failed', error: { code: 'NOT_MEDIA', message: 'not a video' } }),
      null,
      options,
    );
    expect(failed.stateText).toBe('Failed: not a video');
    const theirs = libraryRow(libraryItem({ state: 'uploading', progress: 0.5 }), null, options);
    expect(theirs.stateText).toBe('Uploading 50 % (from Ana)');
  });

  it('streams the proxy when it is ready, the original when browsers play it, URLs directly', () => {
    expect(streamPart(libraryItem({ proxy: { state: 'ready' } }))).toBe('proxy');
    expect(streamPart(libraryItem())).toBe('original');
    expect(streamPart(libraryItem({ browserPlayable: false }))).toBeNull();
    expect(streamPart(libraryItem({ state: 'processing' }))).toBeNull();
    expect(streamPart(libraryItem({ kind: 'url', url: 'https://x/y.mp4' }))).toBe('url');
  });
});

describe('refusal advice', () => {
  it('says what to do for each refusal', () => {
    expect(refusalAdvice('FORBIDDEN')).toContain('Participants may add');
    expect(refusalAdvice('FORBIDDEN', 'remove')).toContain('whoever added it');
    expect(refusalAdvice('FILE_TOO_LARGE')).toContain('per-file limit');
    expect(refusalAdvice('ROOM_QUOTA_EXCEEDED')).toContain('Remove items');
    expect(refusalAdvice('DISK_FULL')).toContain('disk is full');
    expect(refusalAdvice('NOT_MEDIA')).toContain('could not read it');
    expect(refusalAdvice('SOMETHING_NEW')).toContain('Try again');
  });
});

describe('transfer rate', () => {
  it('averages the recent rate and estimates the time left', () => {
    const rate = new TransferRate();
    rate.sample(0, 0);
    expect(rate.bytesPerSecond).toBeNull();
    rate.sample(1_000_000, 1000);
    expect(rate.bytesPerSecond).toBe(1_000_000);
    expect(rate.secondsLeft(3_000_000)).toBe(2);
    rate.sample(1_000_100, 1100); // too close: merged into the next sample
    rate.sample(3_000_000, 2000);
    expect(rate.bytesPerSecond).toBeGreaterThan(1_000_000);
  });

  it('formats sizes and durations', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(12_400_000)).toBe('12.4 MB');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3900)).toBe('1 h 05 min');
  });
});
