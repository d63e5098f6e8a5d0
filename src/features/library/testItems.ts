// Library items for the library's unit tests.
import type { LibraryItem } from './types';

export function libraryItem(partial: Partial<LibraryItem> = {}): LibraryItem {
  return {
    id: 'a'.repeat(64),
    kind: 'upload',
    name: 'shot_v001.mp4',
    size: 12_400_000,
    addedBy: 'host',
    addedByName: 'Ana',
    addedAt: 1,
    state: 'ready',
    thumbnail: true,
    browserPlayable: true,
    media: {
      codec: 'h264',
      width: 1920,
      height: 1080,
      fps: 24,
      frames: 120,
      durationS: 5,
      startFrame: 1,
      hasAudio: false,
    },
    ...partial,
  };
}
