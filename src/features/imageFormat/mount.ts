// The Image format (docs/image-format.md), mounted into the App: the side panel and its header
// button, the file's own pixel aspect handed to the viewer when media opens, the shortcuts in the
// key registry, and window.reelsync.format. The state lives in the Viewer (its view carries it, so
// the Image format sync category shares it); the mask is the scopes' aspect mask.
import type { FeatureMount } from '../../feature';
import { DEFAULT_IMAGE_FORMAT } from '../../protocol/index';
import { iconButton, listen } from '../../ui/components/shared/dom';
import { setIcon } from '../../ui/components/shared/Icons';
import { FormatPanel } from './FormatPanel';
import {
  checkFormatPatch,
  describeFormat,
  nextMaskOpacity,
  nextPixelAspect,
  rotated,
  type FormatPatch,
} from './model';
import type { FormatScripting, FormatState } from './scripting';

export const mountImageFormat: FeatureMount = (context) => {
  const { viewer, session, keyBindings, toasts } = context;
  const panel = new FormatPanel();
  panel.element.hidden = true;
  context.side.append(panel.element);
  const toggleButton = iconButton('Image format: pixel aspect, rotation, flip, mask (Alt+I)', {
    testId: 'format-button',
  });
  setIcon(toggleButton, 'aspect');
  toggleButton.setAttribute('aria-pressed', 'false');
  context.header.channelSlot.append(toggleButton);

  const imageSize = () => {
    const info = session.media?.info;
    return info && info.width > 0 && info.height > 0
      ? { width: info.width, height: info.height }
      : null;
  };
  const state = (): FormatState => {
    const image = imageSize();
    return {
      ...viewer.format,
      mask: viewer.guides.mask,
      sourcePixelAspect: viewer.sourcePixelAspect,
      effectivePixelAspect: viewer.pixelAspect,
      displaySize: image ? viewer.displaySize : null,
      panel: panelOpen,
    };
  };
  const render = (): void => {
    const now = state();
    panel.render({
      format: viewer.format,
      mask: now.mask,
      sourcePixelAspect: now.sourcePixelAspect,
      image: imageSize(),
      shown: now.displaySize,
    });
  };
  let panelOpen = false;
  const setPanel = (open: boolean): void => {
    panelOpen = open;
    panel.element.hidden = !open;
    toggleButton.setAttribute('aria-pressed', String(open));
    if (open) render();
  };
  const apply = (patch: FormatPatch): void => {
    const { mask, ...format } = patch;
    if (Object.keys(format).length > 0) viewer.setFormat(format);
    if (mask !== undefined) viewer.setGuides({ ...viewer.guides, mask });
  };
  const announce = (): void => {
    const now = state();
    toasts.show(`Image format: ${describeFormat(viewer.format, now.mask, now.sourcePixelAspect)}`, {
      durationMs: 2000,
    });
  };
  const reset = (): void =>
    apply({
      pixelAspect: null,
      rotation: 0,
      flip: false,
      flop: false,
      maskOpacity: DEFAULT_IMAGE_FORMAT.maskOpacity,
      mask: null,
    });
  const followMedia = (): void => {
    viewer.setSourcePixelAspect(session.media?.info.pixelAspect ?? 1);
    render();
  };
  followMedia();

  const key = (id: string, keys: string[], description: string, change: () => void): (() => void) =>
    keyBindings.register({
      id: `format.${id}`,
      keys,
      group: 'Image format',
      description,
      handler: () => {
        change();
        announce();
      },
    });

  const cleanups: Array<() => void> = [
    panel.on('changed', apply),
    panel.on('rotate', (by) => apply({ rotation: rotated(viewer.format.rotation, by) })),
    panel.on('reset', reset),
    panel.on('closeRequested', () => setPanel(false)),
    listen(toggleButton, 'click', () => setPanel(!panelOpen)),
    viewer.on('formatChanged', render),
    viewer.on('guidesChanged', render),
    session.on('mediaChanged', followMedia),
    keyBindings.register({
      id: 'format.panel',
      keys: ['Alt+I'],
      group: 'Image format',
      description: 'Image format panel (pixel aspect, rotation, flip/flop, mask)',
      handler: () => setPanel(!panelOpen),
    }),
    key('rotateCw', ['Alt+R'], 'Rotate the picture 90° clockwise', () =>
      apply({ rotation: rotated(viewer.format.rotation, 90) }),
    ),
    key('rotateCcw', ['Shift+Alt+R'], 'Rotate the picture 90° counter-clockwise', () =>
      apply({ rotation: rotated(viewer.format.rotation, -90) }),
    ),
    key('flip', ['Alt+F'], 'Flip: upside down', () => apply({ flip: !viewer.format.flip })),
    key('flop', ['Shift+Alt+F'], 'Flop: mirror left-right', () =>
      apply({ flop: !viewer.format.flop }),
    ),
    key('pixelAspect', ['Alt+P'], 'Next pixel aspect (file, 1.0, 2.0, 1.33, 1.5)', () =>
      apply({ pixelAspect: nextPixelAspect(viewer.format.pixelAspect) }),
    ),
    key('maskOpacity', ['Shift+Alt+M'], 'Next mask opacity (100, 82, 50, 25 %)', () =>
      apply({ maskOpacity: nextMaskOpacity(viewer.format.maskOpacity) }),
    ),
    key('reset', ['Alt+0'], 'Image format as the file is (no rotation, mirror or mask)', reset),
  ];

  const scripting: FormatScripting = {
    state,
    set: (patch) => apply(checkFormatPatch(patch)),
    rotate: (degrees) => {
      if (!Number.isInteger(degrees / 90))
        throw new Error(`Rotate by a multiple of 90 degrees, not ${String(degrees)}.`);
      apply({ rotation: rotated(viewer.format.rotation, degrees) });
    },
    reset,
    setPanel,
  };
  context.scripting.format = scripting;

  return () => {
    context.scripting.format = null;
    for (const cleanup of cleanups) cleanup();
    panel.dispose();
    toggleButton.remove();
  };
};
