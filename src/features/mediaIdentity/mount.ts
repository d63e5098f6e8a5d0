// Media identity feature: the DOM-free MediaIdentity (announce, compare, report, conflict)
// rendered by MediaIdentityUi in the status area atop the timeline bar.
import type { FeatureContext } from '../../feature';
import { MediaIdentity } from './MediaIdentity';
import { MediaIdentityUi } from './MediaIdentityUi';

const OPENING_CLASS = 'rs-app--opening';

export function mountMediaIdentity(context: FeatureContext): () => void {
  const identity = new MediaIdentity(context.network, context.session);
  const ui = new MediaIdentityUi({
    openCopy: (files) => void identity.openCopy(() => context.openFiles(files)),
    playFromRoom: () => void context.roomShot.play(),
    setWaitForEveryone: (on) => {
      if (!identity.setWaitForEveryone(on))
        context.toasts.show('Could not change wait for everyone (offline?)', { kind: 'error' });
    },
  });
  context.status.append(ui.element);
  ui.render(identity.view);
  const unsubscribe = identity.on('changed', (view) => ui.render(view));
  const streamChanged = context.roomShot.on('changed', () =>
    ui.setStreamable(context.roomShot.available),
  );
  ui.setStreamable(context.roomShot.available);
  // The App marks its root while it opens files (header, drop, scripts): report loading then.
  const opening = new MutationObserver(() =>
    identity.setOpening(context.root.classList.contains(OPENING_CLASS)),
  );
  opening.observe(context.root, { attributes: true, attributeFilter: ['class'] });
  return () => {
    opening.disconnect();
    unsubscribe();
    streamChanged();
    identity.dispose();
    ui.dispose();
  };
}
