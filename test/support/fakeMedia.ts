// A media source that decodes nothing, for unit tests of what drives the Playback model (deep
// links, control devices): only its frame range and rate matter there.
import type { MediaSource } from '../../src/core/media/types';

export function rangeOnlyMedia(frameStart = 1, frameEnd = 240, fps = 24): MediaSource {
  return {
    info: {
      kind: 'video',
      name: 'clip.mp4',
      frameStart,
      frameEnd,
      fps,
      width: 64,
      height: 64,
      sizeBytes: 1,
      fingerprint: null,
      hasAudio: false,
    },
    getFrame: () => null,
    loadFrame: () => Promise.reject(new Error('not decoded in unit tests')),
    setPlayhead: () => undefined,
    fingerprint: () => Promise.resolve('fingerprint'),
    dispose: () => undefined,
  };
}
