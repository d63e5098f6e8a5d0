// Mounts the OpenEXR/DPX controls: the layer picker and overscan toggle in the header, their
// shortcuts and the exposure steps in the key registry, and a toast (in the status area) naming a
// frame of the sequence that cannot be decoded while the previous picture stays on screen.
import type { FeatureContext, FeatureMount } from '../../feature';
import { COLOR_RANGES } from '../../render/color';
import {
  applyVfxSettings,
  nextLayer,
  vfxSequenceOf,
  type VfxSettings,
  type VfxTarget,
} from './model';
import { VfxControls } from './VfxControls';

/** Exposure change per key press, in stops. */
const EXPOSURE_STEP = 0.5;

export function vfxTarget(context: Pick<FeatureContext, 'session' | 'viewer'>): VfxTarget {
  return {
    get media() {
      return context.session.media;
    },
    get currentFrame() {
      return context.session.currentFrame;
    },
    show: (image, width, height) => context.viewer.setImage(image, width, height),
  };
}

export const mountVfxImages: FeatureMount = (context) => {
  const { session, viewer, toasts, keyBindings } = context;
  const target = vfxTarget(context);
  const apply = (settings: VfxSettings): void => {
    applyVfxSettings(target, settings).catch((error: unknown) =>
      toasts.show(error instanceof Error ? error.message : String(error), { kind: 'error' }),
    );
  };
  const controls = new VfxControls({
    setLayer: (layer) => apply({ layer }),
    setOverscan: (show) => apply({ window: show ? 'overscan' : 'display' }),
  });
  context.header.channelSlot.append(controls.element);

  let unwatch: (() => void) | null = null;
  const follow = (): void => {
    unwatch?.();
    unwatch = null;
    const sequence = vfxSequenceOf(session.media);
    controls.show(sequence);
    if (!sequence) return;
    unwatch = sequence.onFrameFailure((error) =>
      toasts.show(`${error.message} The previous frame stays on screen.`, { kind: 'error' }),
    );
  };
  follow();

  const exposure = (delta: number): void => {
    const { min, max } = COLOR_RANGES.exposure;
    viewer.setColor({ exposure: Math.min(max, Math.max(min, viewer.color.exposure + delta)) });
  };
  const cleanups = [
    session.on('mediaChanged', follow),
    keyBindings.register({
      id: 'color.exposureDown',
      keys: ['['],
      group: 'View',
      description: `Exposure −${EXPOSURE_STEP} stop`,
      allowRepeat: true,
      handler: () => exposure(-EXPOSURE_STEP),
    }),
    keyBindings.register({
      id: 'color.exposureUp',
      keys: [']'],
      group: 'View',
      description: `Exposure +${EXPOSURE_STEP} stop`,
      allowRepeat: true,
      handler: () => exposure(EXPOSURE_STEP),
    }),
    keyBindings.register({
      id: 'images.nextLayer',
      keys: ['Shift+A'],
      group: 'Channels',
      description: 'Next layer / AOV of an OpenEXR',
      handler: () => {
        const decoder = vfxSequenceOf(session.media)?.decoder;
        const layer = decoder ? nextLayer(decoder.layers, decoder.layer) : null;
        if (layer && layer !== decoder?.layer) apply({ layer });
      },
    }),
    keyBindings.register({
      id: 'images.overscan',
      keys: ['Shift+W'],
      group: 'View',
      description: 'OpenEXR overscan: show / crop to the display window',
      handler: () => {
        const decoder = vfxSequenceOf(session.media)?.decoder;
        if (decoder) apply({ window: decoder.window === 'overscan' ? 'display' : 'overscan' });
      },
    }),
  ];
  return () => {
    unwatch?.();
    for (const cleanup of cleanups) cleanup();
    controls.dispose();
  };
};
