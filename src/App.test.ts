// @vitest-environment happy-dom
// The app's wiring without WebGL: media name, failed opens keep the current media, dispose.
import { afterEach, describe, expect, it } from 'vitest';
import { withoutServer } from '../test/support/noServer';
import { App } from './App';
import type { FrameImage, MediaInfo, MediaSource } from './core/media/types';

function fakeMedia(name: string): MediaSource & { disposed: boolean } {
  const info: MediaInfo = {
    kind: 'images',
    name,
    frameStart: 1001,
    frameEnd: 1010,
    fps: 24,
    width: 64,
    height: 36,
    sizeBytes: 10,
    fingerprint: null,
    hasAudio: false,
  };
  const image = {} as FrameImage;
  return {
    info,
    disposed: false,
    getFrame: () => image,
    loadFrame: () => Promise.resolve(image),
    setPlayhead: () => {},
    fingerprint: () => Promise.resolve('f'),
    dispose() {
      this.disposed = true;
    },
  };
}

withoutServer();
afterEach(() => document.body.replaceChildren());

describe('App', () => {
  it('mounts the shell around the given media and disposes it all', () => {
    const media = fakeMedia('shot.####.png');
    const app = new App(document.body, { media });
    expect(document.querySelector('[data-testid="media-name"]')?.textContent).toBe('shot.####.png');
    expect(document.querySelector('[data-testid="current-frame"]')?.textContent).toBe('1001');
    expect(
      document.querySelector('[data-testid="header-utility"] [data-testid="channel-select"]'),
    ).not.toBeNull();
    expect(app.keyBindings.list().length).toBeGreaterThan(20);
    app.dispose();
    expect(media.disposed).toBe(true);
    expect(document.body.children).toHaveLength(0);
  });

  it('keeps the current media and shows an error toast when a file cannot be opened', async () => {
    const media = fakeMedia('plate.png');
    const app = new App(document.body, { media });
    app.session.play();
    const opened = await app.openFiles([new File(['hello'], 'notes.txt', { type: 'text/plain' })]);
    expect(opened).toBe(false);
    expect(app.session.media).toBe(media);
    expect(app.session.isPlaying).toBe(true);
    const toast = document.querySelector('[data-testid="toast"]');
    expect(toast?.getAttribute('data-kind')).toBe('error');
    expect(toast?.textContent).toContain('notes.txt');
    app.dispose();
  });
});
