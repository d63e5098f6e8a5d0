// Pixel streaming in the App (docs/pixel-streaming.md): while in a room the page views the room's
// live source; when a program streams, its picture takes the stage (the live picture is the
// picture) and the status area says so, with Hide/Show to go back to the player's media.
import type { FeatureMount } from '../../feature';
import { el, listen, textButton } from '../../ui/components/shared/dom';
import { LiveStreamClient, type LiveStatus } from './LiveStreamClient';
import './liveStream.css';

export const mountLiveStream: FeatureMount = (context) => {
  const { network } = context;
  const canvas = el('canvas', { className: 'rs-live__canvas', testId: 'live-canvas' });
  canvas.hidden = true;
  context.stage.append(canvas);
  const text = el('span', { className: 'rs-live__text', testId: 'live-text' });
  const toggle = textButton('Hide live', 'live-toggle');
  const line = el(
    'div',
    { className: 'rs-live', testId: 'live-status', attrs: { role: 'status' } },
    [text, toggle],
  );
  line.hidden = true;
  context.status.append(line);
  const client = new LiveStreamClient(canvas, window.location.href);
  let hidden = false;

  const render = (status: LiveStatus): void => {
    const showing = status.frame > 0 && !hidden;
    canvas.hidden = !showing;
    line.hidden = !status.active && status.frame === 0 && !status.problem;
    const size = status.width > 0 ? `${status.width}×${status.height}` : '';
    text.textContent = status.problem
      ? `Live: ${status.problem}`
      : status.active
        ? `Live from a program ${size}${status.frame > 0 ? ` · frame ${status.frame}` : ' · waiting for its first frame'}`
        : `Live stream ended (last frame ${status.frame})`;
    toggle.textContent = hidden ? 'Show live' : 'Hide live';
    toggle.hidden = status.frame === 0;
  };
  const follow = (): void => client.watch(network.mediaCredentials());
  const cleanups = [
    client.on('status', render),
    listen(toggle, 'click', () => {
      hidden = !hidden;
      render(client.status);
    }),
    network.on('roomJoined', follow),
    network.on('roomLeft', () => client.watch(null)),
    network.on('roomEnded', () => client.watch(null)),
  ];
  follow();
  return () => {
    for (const cleanup of cleanups) cleanup();
    client.dispose();
    canvas.remove();
    line.remove();
  };
};
